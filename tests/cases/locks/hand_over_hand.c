/*
 * A hand-over-hand helper defined in the file: it takes the next anon_vma's
 * lock and only then drops the previous one, which it did not take itself
 * (so its caller held it on entry).  Two anon_vma locks are held at once at
 * the helper's spin_lock: the nesting two walkers deadlock on.  Its caller
 * only passes the locks along and adds nothing of its own.
 */
static struct anon_vma *anon_vma_lock_next(struct anon_vma *prev, struct anon_vma *next)
{
	spin_lock(&next->lock);			/* expect: LOCK003 error {{second lock of class anon_vma.lock}}
						   {{CPU0 holds prev->lock and wants next->lock}}
						   note@8 {{held on entry}} */
	spin_unlock(&prev->lock);
	return next;
}

static void walk_vma_chain(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc;
	struct anon_vma *locked;

	locked = vma->anon_vma;
	spin_lock(&locked->lock);
	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma)
		locked = anon_vma_lock_next(locked, avc->anon_vma);
	spin_unlock(&locked->lock);
}
