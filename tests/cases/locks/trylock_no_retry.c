/* expect: none */
/*
 * A second anon_vma lock only tried, and skipped when it is busy: no retry,
 * so nobody waits and nobody livelocks.  A trylock blocks nobody; without
 * back-off and retry this nesting is the usual way to avoid the ABBA.
 */
static int count_touchable(struct anon_vma *anon_vma)
{
	struct anon_vma_chain *avc;
	int n = 0;

	spin_lock(&anon_vma->lock);
	list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
		struct anon_vma *other = avc->vma->anon_vma;

		if (other == anon_vma || !spin_trylock(&other->lock))
			continue;
		vma_touch(avc->vma);
		n++;
		spin_unlock(&other->lock);
	}
	spin_unlock(&anon_vma->lock);
	return n;
}
