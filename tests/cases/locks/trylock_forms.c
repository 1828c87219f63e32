/* expect: none */
/*
 * The three ways a trylock's result is tested.  The lock is held only where
 * the test says the call succeeded; the reads of vm_start and vm_pgoff below
 * are all on that side, so none is reported, and every path is balanced.
 */
static unsigned long start_by_retry(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;
	unsigned long start;

retry:
	if (!spin_trylock(&mapping->i_mmap_lock)) {
		cpu_relax();
		goto retry;
	}
	start = vma->vm_start;
	spin_unlock(&mapping->i_mmap_lock);
	return start;
}

static int pgoff_if_free(struct vm_area_struct *vma, pgoff_t *pgoff)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (spin_trylock(&anon_vma->lock)) {
		*pgoff = vma->vm_pgoff;
		spin_unlock(&anon_vma->lock);
		return 0;
	}
	return -EAGAIN;
}

static int pgoff_by_result(struct vm_area_struct *vma, pgoff_t *pgoff)
{
	int locked;

	locked = down_read_trylock(&vma->vm_mm->mmap_sem);
	if (locked) {
		*pgoff = vma->vm_pgoff;
		up_read(&vma->vm_mm->mmap_sem);
	}
	return locked ? 0 : -EAGAIN;
}

static long span_by_result(struct mm_struct *mm, struct vm_area_struct *vma)
{
	long span;
	int ok = mmap_read_trylock(mm);

	if (!ok)
		return -EAGAIN;
	span = vma->vm_end - vma->vm_start;
	mmap_read_unlock(mm);
	return span;
}

static long span_if_unlocked(struct mm_struct *mm, struct vm_area_struct *vma)
{
	long span = -EBUSY;

	if (mmap_read_trylock(mm) == 0)
		return span;
	span = vma->vm_end - vma->vm_start;
	mmap_read_unlock(mm);
	return span;
}
