/*
 * guard() holds its lock to the end of the enclosing block, scoped_guard()
 * to the end of its statement: early returns inside are balanced, reads
 * inside are guarded, and a second lock of one class under a guard nests.
 */
struct meter {
	spinlock_t lock;
	unsigned long value;
};

static unsigned long start_guarded(struct mm_struct *mm, struct vm_area_struct *vma)
{
	guard(rwsem_read)(&mm->mmap_lock);
	if (!vma)
		return 0;
	return vma->vm_start;
}

static int pgoff_scoped(struct vm_area_struct *vma, pgoff_t *pgoff)
{
	scoped_guard(spinlock, &vma->anon_vma->lock) {
		*pgoff = vma->vm_pgoff;
		if (!*pgoff)
			return -EINVAL;
	}
	return 0;
}

static int meter_add(struct meter *m, long n)
{
	guard(spinlock_irqsave)(&m->lock);
	if (n < 0)
		return -EINVAL;
	m->value += n;
	return 0;
}

static void meter_fold(struct meter *into, struct meter *from)
{
	guard(spinlock)(&into->lock);
	guard(spinlock)(&from->lock);		/* expect: LOCK003 error {{second lock of class meter.lock}}
						   {{CPU0 holds into->lock and wants from->lock}}
						   note@40 */
	into->value += from->value;
	from->value = 0;
}
