/*
 * A scoped_guard() releases its lock where its statement ends: a read after
 * it holds nothing, and the path released the guard before the read.
 */
static unsigned long span_after_scope(struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long start;

	scoped_guard(rwsem_read, &mm->mmap_lock)
		start = vma->vm_start;
	return vma->vm_end - start;		/* expect: LOCK001 warning {{vma->vm_end is read}}
						   {{the path released one of them before}} */
}
