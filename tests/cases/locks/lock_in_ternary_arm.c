/* expect: none */
/*
 * A lock taken in one arm of a conditional expression is taken on that arm's
 * path only, and the same test later decides its release.
 */
static int walk_table(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte, *first;
	int err = 0;

	first = pte = (mm == &init_mm) ?
		pte_offset_kernel(pmd, addr) :
		pte_offset_map_lock(mm, pmd, addr, &ptl);
	err = walk_entry(pte, addr);
	if (mm != &init_mm)
		pte_unmap_unlock(first, ptl);
	return err;
}
