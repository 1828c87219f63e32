/*
 * A helper that reads guarded fields places a requirement on its callers.
 * Its caller in view calls it after releasing the mmap lock: the code in
 * view shows the lock missing on that path, so the helper's reads are
 * warnings (LOCK001: "in the function itself, or at a caller in view").
 */
static pgoff_t linear_pgoff(struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);	/* expect: LOCK001 warning {{vma->vm_pgoff is read}}
									   {{its caller fault_pgoff calls it on a path that released one}}
									   note@22,
									   LOCK001 warning {{vma->vm_start is read}}
									   {{its caller fault_pgoff calls it on a path that released one}}
									   note@22 */
}

static pgoff_t fault_pgoff(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	mmap_read_lock(mm);
	vma_touch(vma);
	mmap_read_unlock(mm);
	return linear_pgoff(vma, addr);
}
