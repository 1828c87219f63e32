/* expect: none */
/*
 * A result tested not negative (ret < 0 false) is 0 or more: that decides a
 * lock held in it (one that returns 0 on success), not that the result is
 * zero.  A wait that drops its lock where the time ran out and returns 0
 * holds it wherever it returns more.
 */
static DECLARE_RWSEM(helper_sem);

static long helper_read_lock_wait(long timeout)
{
	if (timeout < 0)
		return -EINVAL;
	down_read(&helper_sem);
	for (;;) {
		if (!helpers_disabled)
			break;
		up_read(&helper_sem);
		timeout = schedule_timeout(timeout);
		if (!timeout)
			break;
		down_read(&helper_sem);
	}
	return timeout;
}

struct gate {
	struct mutex lock;
	int open;
};

static int gate_open(struct gate *g)
{
	int err;

	err = mutex_lock_interruptible(&g->lock);
	if (err < 0)
		return err;
	g->open = 1;
	mutex_unlock(&g->lock);
	return 0;
}
