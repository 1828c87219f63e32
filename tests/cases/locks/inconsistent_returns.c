/*
 * A path that never took the lock and one that leaves holding it, where the
 * caller cannot tell the two apart: both return nothing, or the same value,
 * and set no out-parameter (smatch's "inconsistent returns").  Exits that say
 * which it was (0 with the lock, -EBUSY without; *locked set) are a
 * conditional acquire, and a path that never touched its caller's lock (the
 * loop that drops and retakes it ran no round) left it as it found it.
 */
static DEFINE_MUTEX(config_mutex);

struct dev {
	spinlock_t lock;
	int pending;
	bool shared;
};

static void config_apply(int value)
{
	if (mutex_lock_interruptible(&config_mutex) < 0)
		return;
	apply_value(value);
}					/* expect: LOCK005 warning {{leaves with config_mutex held}}
					   note@19 note@20 {{exit without the lock}} */

static int dev_count(struct dev *d)
{
	if (d->shared)
		spin_lock(&d->lock);
	d->pending++;
	return 0;			/* expect: LOCK005 warning {{leaves with d->lock held}}
					   {{does not take it}} note@28 note@30 {{exit without the lock}} */
}

static int dev_try(struct dev *d)
{
	if (!spin_trylock(&d->lock))
		return -EBUSY;
	d->pending++;
	return 0;
}

static void dev_try_flag(struct dev *d, bool *locked)
{
	if (!spin_trylock(&d->lock))
		return;
	*locked = true;
	d->pending++;
}

static void dev_drain(struct dev *d)
{
	while (d->pending) {
		spin_unlock(&d->lock);
		cond_resched();
		spin_lock(&d->lock);
		d->pending--;
	}
}
