/*
 * A lock primitive that returns a pointer took nothing where it returned
 * NULL: the path that tests the pointer NULL and returns holds no lock.
 */
static int scan_table(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
		      unsigned long end)
{
	spinlock_t *ptl;
	pte_t *start, *pte;

	start = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!start)
		return 0;
	for (pte = start; addr < end; pte++, addr += PAGE_SIZE) {
		if (pte_present(*pte))
			break;
	}
	pte_unmap_unlock(start, ptl);
	return 1;
}

/* A pointer tested non-NULL keeps the lock: leaving without the unlock is found. */
static int scan_first(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return 0;
	if (pte_none(*pte))
		return -EAGAIN;		/* expect: LOCK005 warning {{leaves with ptl held}} note@28 note@34 */
	pte_unmap_unlock(pte, ptl);
	return 1;
}
