/*
 * A write of vm_end under the mmap lock taken for read (the expand-stack
 * race): writers need it for write.  The function itself took the lock in
 * the wrong mode, so the code in view shows the write lock missing: a
 * warning, not a question about the callers.  The reads are guarded.
 */
static int grow_end(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long end)
{
	mmap_read_lock(mm);
	if (end <= vma->vm_end) {
		mmap_read_unlock(mm);
		return 0;
	}
	vma->vm_end = end;			/* expect: LOCK002 warning {{vma->vm_end is written without}} */
	mmap_read_unlock(mm);
	return 0;
}
