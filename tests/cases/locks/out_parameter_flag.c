/*
 * A helper that drops its caller's lock on some paths says so through an
 * out-parameter (*locked = false), and the caller tests the flag: the lock is
 * held after the call where the flag says so, dropped where it does not.
 */
struct queue {
	spinlock_t lock;
	int depth;
};

static int queue_make_room(struct queue *q, bool *locked)
{
	if (q->depth < 64) {
		*locked = true;
		return 0;
	}
	spin_unlock(&q->lock);	/* expect: LOCK005 note {{which queue_make_room() does not take}} */
	*locked = false;
	return queue_flush_slow(q);
}

static int queue_push(struct queue *q)
{
	bool locked;
	int err;

	spin_lock(&q->lock);
	err = queue_make_room(q, &locked);
	if (locked)
		spin_unlock(&q->lock);
	return err;
}

/* The flag decides the early return too: it leaves without the lock. */
static int queue_push_twice(struct queue *q)
{
	bool locked;

	spin_lock(&q->lock);
	queue_make_room(q, &locked);
	if (!locked)
		return -EAGAIN;
	q->depth++;
	spin_unlock(&q->lock);
	return 0;
}
