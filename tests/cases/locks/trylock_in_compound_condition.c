/*
 * A trylock inside a compound condition: "other != anon_vma &&
 * !spin_trylock(&other->lock)" is false where the vma's anon_vma is the
 * walk's own (nothing taken) or where the trylock succeeded (taken).  The
 * failure side backs off and retries: LOCK003 at warning level, and every
 * path is balanced.
 */
static void walk_trylock_compound(struct anon_vma *anon_vma)
{
	struct anon_vma_chain *avc;

retry:
	spin_lock(&anon_vma->lock);
	list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
		struct anon_vma *other = avc->vma->anon_vma;

		if (other != anon_vma && !spin_trylock(&other->lock)) {	/* expect: LOCK003 warning {{second lock of class anon_vma.lock}}
									   {{trylock retried after back-off}}
									   {{CPU0 holds anon_vma->lock and wants avc->vma->anon_vma->lock}}
									   note@13 */
			spin_unlock(&anon_vma->lock);
			cpu_relax();
			goto retry;
		}
		vma_touch(avc->vma);
		if (other != anon_vma)
			spin_unlock(&other->lock);
	}
	spin_unlock(&anon_vma->lock);
}
