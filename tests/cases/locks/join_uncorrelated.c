/*
 * A lock taken under one test and released under none: the paths with the
 * lock and those without it meet, and go on to the release (sparse's
 * "different lock contexts for basic block").  Reported where they meet, as
 * a note.  Released under another test, the path that leaves with it held
 * is the finding, and the join is not reported again.
 */
struct meter {
	spinlock_t lock;
	int samples;
	bool shared;
};

static void meter_sample(struct meter *m, int value)
{
	if (m->shared)
		spin_lock(&m->lock);
	m->samples += value;		/* expect: LOCK005 note {{m->lock held on some}}
					   note@17 note@20 {{release on paths without the lock}} */
	spin_unlock(&m->lock);
}

static int meter_add(struct meter *m, int value)
{
	switch (value) {
	case 0:
		return 0;
	case 1:
		spin_lock(&m->lock);
		break;
	default:
		break;
	}
	m->samples += value;		/* expect: LOCK005 note {{m->lock held on some}}
					   note@29 note@36 {{release on paths without the lock}} */
	spin_unlock(&m->lock);
	return 0;
}

static void meter_reset(struct meter *m, int value)
{
	if (value > 0)
		spin_lock(&m->lock);
	m->samples = 0;
	if (m->shared)
		spin_unlock(&m->lock);
}					/* expect: LOCK005 warning {{leaves with m->lock held}}
					   note@43 note@47 {{exit without the lock}} */
