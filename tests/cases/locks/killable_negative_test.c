/* expect: none */
/*
 * A _killable lock whose result is tested with "< 0": it returns 0 with the
 * lock held and -EINTR without, so past "if (ret < 0) return ret;" the lock
 * is held and the read is guarded.
 */
static int read_start_killable(struct mm_struct *mm, struct vm_area_struct *vma,
			       unsigned long *start)
{
	int ret = mmap_read_lock_killable(mm);

	if (ret < 0)
		return ret;
	*start = vma->vm_start;
	mmap_read_unlock(mm);
	return 0;
}
