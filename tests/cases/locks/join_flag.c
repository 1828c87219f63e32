/*
 * Paths that meet with a lock held on some and not on others, told apart by
 * a flag set where the lock is taken (or a trylock's result kept): the
 * release tests the flag.  Balanced: no join is reported.  A flag also set
 * where the lock is not taken is reported.
 */
struct meter {
	spinlock_t lock;
	struct mutex mutex;
	int samples;
};

static void meter_sample(struct meter *m, int value)
{
	bool locked = false;

	if (value > 0) {
		spin_lock(&m->lock);
		locked = true;
	}
	m->samples += value;
	if (locked)
		spin_unlock(&m->lock);
}

static void meter_try(struct meter *m)
{
	int got = mutex_trylock(&m->mutex);

	m->samples++;
	if (got)
		mutex_unlock(&m->mutex);
}

static void meter_flag_set_twice(struct meter *m, int value)
{
	bool locked = false;

	if (value > 0) {
		spin_lock(&m->lock);
		locked = true;
	}
	if (value < -100)		/* expect: LOCK005 note {{m->lock held on some}}
					   note@40 note@48 {{release on paths without the lock}} */
		locked = true;
	m->samples += value;
	if (locked)
		spin_unlock(&m->lock);
}
