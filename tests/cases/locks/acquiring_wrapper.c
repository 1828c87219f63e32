/*
 * Acquiring wrappers: functions that return with a lock held on every path
 * are not imbalanced, and their callers see the lock held after the call:
 * reads under it are guarded, the caller's release balances it, and taking a
 * second lock of its class through the wrapper is nesting.
 */
static void vma_lock_anon(struct vm_area_struct *vma)
{
	spin_lock(&vma->anon_vma->lock);
}

static struct anon_vma *lock_vma_anon_vma(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (!anon_vma)
		BUG();
	spin_lock(&anon_vma->lock);
	return anon_vma;
}

static void vma_unlock_anon(struct vm_area_struct *vma)
{
	spin_unlock(&vma->anon_vma->lock);
}

static unsigned long vma_span_locked(struct vm_area_struct *vma)
{
	unsigned long span;

	vma_lock_anon(vma);
	span = vma->vm_end - vma->vm_start;
	vma_unlock_anon(vma);
	return span;
}

static pgoff_t vma_pgoff_locked(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma;
	pgoff_t pgoff;

	anon_vma = lock_vma_anon_vma(vma);
	pgoff = vma->vm_pgoff;
	spin_unlock(&anon_vma->lock);
	return pgoff;
}

static void vma_pair_touch(struct vm_area_struct *a, struct vm_area_struct *b)
{
	vma_lock_anon(a);
	vma_lock_anon(b);			/* expect: LOCK003 error {{second lock of class anon_vma.lock}}
						   {{CPU0 holds a->anon_vma->lock and wants b->anon_vma->lock}}
						   note@50 */
	vma_touch(a);
	vma_touch(b);
	vma_unlock_anon(b);
	vma_unlock_anon(a);
}
