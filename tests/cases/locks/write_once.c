/*
 * WRITE_ONCE(vma->vm_end, end) writes vm_end: a write, not a read, so the
 * mmap lock held for read does not make it safe (a warning: the lock is
 * held in the wrong mode).  READ_ONCE() of a field is a read.
 */
static void grow_end_once(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long end)
{
	mmap_read_lock(mm);
	if (READ_ONCE(vma->vm_end) < end)
		WRITE_ONCE(vma->vm_end, end);		/* expect: LOCK002 warning {{vma->vm_end is written without}} */
	mmap_read_unlock(mm);
}
