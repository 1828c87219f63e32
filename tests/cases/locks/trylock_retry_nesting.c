/*
 * Nesting by trylock with back-off and retry: a second anon_vma lock is only
 * tried, and on failure the walker drops its own lock and starts again.  It
 * blocks nobody, but two walkers doing it to each other can retry forever
 * (livelock): LOCK003 at warning level.
 */
static void walk_trylock_retry(struct anon_vma *anon_vma)
{
	struct anon_vma_chain *avc;

retry:
	spin_lock(&anon_vma->lock);
	list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
		struct anon_vma *other = avc->vma->anon_vma;

		if (other == anon_vma) {
			vma_touch(avc->vma);
			continue;
		}
		if (!spin_trylock(&other->lock)) {	/* expect: LOCK003 warning {{second lock of class anon_vma.lock}}
							   {{trylock retried after back-off}}
							   {{CPU0 holds anon_vma->lock and wants avc->vma->anon_vma->lock}}
							   note@12 */
			spin_unlock(&anon_vma->lock);
			cpu_relax();
			goto retry;
		}
		vma_touch(avc->vma);
		spin_unlock(&other->lock);
	}
	spin_unlock(&anon_vma->lock);
}
