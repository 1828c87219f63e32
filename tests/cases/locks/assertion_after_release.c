/*
 * lockdep_assert_held() on a path that released that very lock before it:
 * the assertion fails (sparse: "__context__ statement expected different
 * context").  Where the path holds it again, or the function is handed it
 * (the assertion says its callers hold it), it holds.
 */
static DEFINE_SPINLOCK(stats_lock);

struct queue {
	struct mutex m;
	int depth;
};

static void stats_reset(void)
{
	spin_lock(&stats_lock);
	stats_clear();
	spin_unlock(&stats_lock);
	lockdep_assert_held(&stats_lock);	/* expect: LOCK007 warning {{asserts that stats_lock is held}} {{released it before}} */
}

static void queue_trim(struct queue *q)
{
	lockdep_assert_held(&q->m);
	q->depth = 0;
	mutex_unlock(&q->m);
	queue_wait(q->depth);
	mutex_lock(&q->m);
	lockdep_assert_held(&q->m);
}
