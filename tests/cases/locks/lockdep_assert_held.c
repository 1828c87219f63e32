/* expect: none */
/*
 * lockdep_assert_held() says, and checks at run time, that the caller holds
 * the lock: the way the LOCK001 documentation tells a function to state the
 * requirement it places on its callers.  The reads after it are guarded.
 */
static unsigned long vma_span_asserted(struct mm_struct *mm, struct vm_area_struct *vma)
{
	lockdep_assert_held(&mm->mmap_lock);
	return vma->vm_end - vma->vm_start;
}

static pgoff_t vma_pgoff_asserted(struct address_space *mapping, struct vm_area_struct *vma)
{
	lockdep_assert_held(&mapping->i_mmap_rwsem);
	return vma->vm_pgoff;
}
