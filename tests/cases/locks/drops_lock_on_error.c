/*
 * A helper called with its caller's lock that drops it to allocate and
 * fails without it: where its result is non-zero (an error code) the caller
 * holds nothing, where it is 0 the caller still holds the lock.
 */
struct cache { spinlock_t lock; int free; int wanted; };

static int cache_refill(struct cache *c, int n)
	__must_hold(&c->lock)
{
	void *p;

	while (c->free < n) {
		spin_unlock(&c->lock);
		p = kmalloc(64, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		spin_lock(&c->lock);
		c->free++;
	}
	return 0;
}

static int cache_take(struct cache *c, int n)
{
	spin_lock(&c->lock);
	if (cache_refill(c, n))
		return -ENOMEM;
	c->free -= n;
	spin_unlock(&c->lock);
	return 0;
}

static int cache_take_leaky(struct cache *c, int n)
{
	spin_lock(&c->lock);
	if (cache_refill(c, n) < 0)
		return -ENOMEM;
	if (c->wanted)
		return -EAGAIN;		/* expect: LOCK005 warning {{leaves with c->lock held}}
					   note@36 note@38 {{exit without the lock}} */
	c->free -= n;
	spin_unlock(&c->lock);
	return 0;
}
