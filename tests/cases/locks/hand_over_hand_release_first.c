/* expect: none */
/*
 * The same walk with a helper that drops the previous lock before it takes
 * the next one: one anon_vma lock at a time, nothing to report.
 */
static struct anon_vma *anon_vma_switch(struct anon_vma *prev, struct anon_vma *next)
{
	spin_unlock(&prev->lock);
	spin_lock(&next->lock);
	return next;
}

static void walk_vma_chain(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc;
	struct anon_vma *locked;

	locked = vma->anon_vma;
	spin_lock(&locked->lock);
	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma)
		locked = anon_vma_switch(locked, avc->anon_vma);
	spin_unlock(&locked->lock);
}
