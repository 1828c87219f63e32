/* expect: none */
/*
 * mmap_assert_locked() and mmap_assert_write_locked() are mm's assertions
 * that the caller holds the mmap lock (for read, for write): reads after
 * the first and writes after the second are guarded.
 */
static unsigned long vma_len_asserted(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_assert_locked(mm);
	return vma->vm_end - vma->vm_start;
}

static void vma_set_pgoff_asserted(struct mm_struct *mm, struct vm_area_struct *vma,
				   pgoff_t pgoff)
{
	mmap_assert_write_locked(mm);
	vma->vm_pgoff = pgoff;
}
