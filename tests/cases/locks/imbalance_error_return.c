/*
 * An error path that returns an error code with the lock still held, while
 * the success path releases it: the example of the LOCK005 documentation.
 * Returning -ENOMEM or -EBUSY is not "success with the lock held", so these
 * are not conditional acquisitions.
 */
static int clear_one_pte(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte;

	spin_lock(&mm->page_table_lock);
	pte = lookup_pte(mm, addr);
	if (!pte)
		return -ENOMEM;			/* expect: LOCK005 warning {{leaves with mm->page_table_lock held}}
						   note@11 note@18 {{exit without the lock}} */
	pte_clear(mm, addr, pte);
	spin_unlock(&mm->page_table_lock);
	return 0;
}

static int relink_skipping_unlock(struct vm_area_struct *vma, struct address_space *mapping)
{
	int err = 0;

	i_mmap_lock_write(mapping);
	if (mapping_busy(mapping)) {
		err = -EBUSY;
		goto out;
	}
	vma_interval_tree_insert(vma, &mapping->i_mmap);
	i_mmap_unlock_write(mapping);
out:
	return err;				/* expect: LOCK005 warning {{leaves with mapping->i_mmap_rwsem held}}
						   note@25 note@33 {{exit without the lock}} */
}
