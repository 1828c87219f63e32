/*
 * A function that returns holding a lock it took, on every path, leaves its
 * callers a lock they cannot see taken (sparse: "wrong count at exit").  Not
 * when it says so (__acquires), is named as an acquiring function, returns
 * the locked object, or has a partner in view that releases the lock for its
 * caller.
 */
static DEFINE_MUTEX(setup_mutex);
static DEFINE_MUTEX(freeze_mutex);

struct device_state {
	spinlock_t lock;
	int users;
};

static void setup_forgotten(int step)
{
	mutex_lock(&setup_mutex);		/* expect: LOCK005 warning {{setup_forgotten() returns holding setup_mutex}} note@21 */
	if (step)
		do_step(step);
}

static void state_use(struct device_state *s)
{
	spin_lock(&s->lock);			/* expect: LOCK005 warning {{state_use() returns holding s->lock}} note@27 */
	s->users++;
}

static void state_enter(struct device_state *s) __acquires(&s->lock)
{
	spin_lock(&s->lock);
	s->users++;
}

static void state_lock_and_count(struct device_state *s)
{
	spin_lock(&s->lock);
	s->users++;
}

static struct device_state *state_pick(struct device_state *s)
{
	spin_lock(&s->lock);
	return s;
}

static void freeze_all(void)
{
	mutex_lock(&freeze_mutex);
}

static void thaw_all(void)
{
	mutex_unlock(&freeze_mutex);
}
