/*
 * Paths that meet with a lock held on some and not on others, told apart by
 * the test that took it: the same test guards the release, on every path,
 * loops, compound tests and trylocks in them included.  Balanced: no join
 * is reported.  A release under a test that more paths pass than the lock's
 * is reported.
 */
struct meter {
	spinlock_t lock;
	int samples;
	bool shared;
};

static void meter_drain(struct meter *m, int rounds, bool quiet)
{
	int i;

	for (i = 0; i < rounds; i++) {
		if (m->shared && !quiet)
			spin_lock(&m->lock);
		m->samples--;
		if (m->shared && !quiet)
			spin_unlock(&m->lock);
	}
}

/* where the compound test is false and peer is set, its trylock succeeded */
static int meter_try_both(struct meter *m, struct meter *peer)
{
	int waited = 0;

	if (peer && unlikely(!spin_trylock(&peer->lock))) {
		spin_lock(&peer->lock);
		waited = 1;
	}
	m->samples++;
	if (peer)
		spin_unlock(&peer->lock);
	return waited;
}

static void meter_sample_either(struct meter *m, bool quiet)
{
	if (m->shared)
		spin_lock(&m->lock);
	m->samples++;			/* expect: LOCK005 note {{m->lock held on some}}
					   note@45 note@49 {{release on paths without the lock}} */
	if (m->shared || quiet)
		spin_unlock(&m->lock);
}
