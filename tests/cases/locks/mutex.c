/*
 * struct mutex: mutex_lock, the _killable and _interruptible forms (held
 * where they return 0), mutex_trylock, and the _nested and _nest_lock
 * annotations of a second instance (LOCK003 warning and note).
 */
struct gadget {
	struct mutex lock;
	struct list_head node;
	int state;
};

static DEFINE_MUTEX(gadget_list_mutex);

static void gadget_set(struct gadget *g, int state)
{
	mutex_lock(&g->lock);
	g->state = state;
	mutex_unlock(&g->lock);
}

static int gadget_set_killable(struct gadget *g, int state)
{
	if (mutex_lock_killable(&g->lock))
		return -EINTR;
	g->state = state;
	mutex_unlock(&g->lock);
	return 0;
}

static int gadget_set_interruptible(struct gadget *g, int state)
{
	int ret;

	ret = mutex_lock_interruptible(&g->lock);
	if (ret)
		return ret;
	g->state = state;
	mutex_unlock(&g->lock);
	return 0;
}

static int gadget_try_set(struct gadget *g, int state)
{
	if (!mutex_trylock(&g->lock))
		return -EBUSY;
	g->state = state;
	mutex_unlock(&g->lock);
	return 0;
}

static void gadget_adopt(struct gadget *parent, struct gadget *child)
{
	mutex_lock(&parent->lock);
	mutex_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 warning {{second lock of class gadget.lock}}
								   {{lockdep subclass annotation}}
								   {{CPU0 holds parent->lock and wants child->lock}}
								   note@53 */
	child->state = parent->state;
	mutex_unlock(&child->lock);
	mutex_unlock(&parent->lock);
}

static void gadget_swap(struct gadget *a, struct gadget *b)
{
	int tmp;

	mutex_lock(&gadget_list_mutex);
	mutex_lock_nest_lock(&a->lock, &gadget_list_mutex);
	mutex_lock_nest_lock(&b->lock, &gadget_list_mutex);	/* expect: LOCK003 note {{second lock of class gadget.lock}}
								   {{outer lock gadget_list_mutex, which is held}}
								   {{CPU0 holds a->lock and wants b->lock}}
								   note@68 */
	tmp = a->state;
	a->state = b->state;
	b->state = tmp;
	mutex_unlock(&b->lock);
	mutex_unlock(&a->lock);
	mutex_unlock(&gadget_list_mutex);
}

static int gadget_wait_set(struct gadget *g, int state)
{
	if (mutex_lock_killable(&g->lock))
		return -EINTR;
	if (g->state == state)
		goto out;
	g->state = state;
	mutex_unlock(&g->lock);
out:
	return 0;				/* expect: LOCK005 warning {{leaves with g->lock held}}
						   note@83 note@90 {{exit without the lock}} */
}
