/*
 * A variable whose address a call is handed may come back changed: what the
 * path knew of it before the call (copy == NULL) is forgotten, so the code
 * that runs once the callee has set it is analyzed.  A callee in view that
 * assigns nothing through that parameter leaves it as it was.
 */
struct ring {
	spinlock_t lock;
	struct ring *peer;
	int used;
};

/* Not in view: it sets *copy on success. */
int ring_clone(struct ring *src, struct ring **copy);

static int ring_split(struct ring *src)
{
	struct ring *copy = NULL;
	int err;

	err = ring_clone(src, &copy);
	if (err || !copy)
		return err;
	spin_lock(&src->lock);
	spin_lock(&copy->lock);		/* expect: LOCK003 error {{second lock of class ring.lock}} note@24 */
	copy->used = src->used;
	spin_unlock(&copy->lock);
	spin_unlock(&src->lock);
	return 0;
}

/* In view, and it only reads through the pointer. */
static int ring_peek(struct ring *src, struct ring **where)
{
	return *where == src;
}

static int ring_peek_twice(struct ring *src)
{
	struct ring *seen = NULL;

	ring_peek(src, &seen);
	if (!seen)
		return 0;
	/* still NULL: not reached */
	spin_lock(&src->lock);
	spin_lock(&src->peer->lock);
	spin_unlock(&src->peer->lock);
	spin_unlock(&src->lock);
	return 1;
}

/*
 * A callee that reads the flag it is handed as well as setting it updates
 * state its caller keeps (false where it dropped the lock): what the path knew
 * of the flag stays, even of one assigned a call's result.
 */
static bool ring_lock(struct ring *r)
{
	spin_lock(&r->lock);
	return true;
}

static bool ring_unlock_should_stop(struct ring *r, bool *locked)
{
	if (*locked) {
		spin_unlock(&r->lock);
		*locked = false;
	}
	return ring_stopping(r);
}

static void ring_drain(struct ring *r)
{
	bool locked = false;
	int i;

	for (i = 0; i < r->used; i++) {
		if (!(i % 32) && ring_unlock_should_stop(r, &locked))
			break;
		if (!locked)
			locked = ring_lock(r);
		r->used--;
	}
	if (locked)
		spin_unlock(&r->lock);
}
