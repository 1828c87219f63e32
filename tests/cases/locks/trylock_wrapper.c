/* expect: none */
/*
 * A trylock wrapper in the file returns what spin_trylock() returned: its
 * callers hold the lock where it returned true.  Here it is taken under
 * another lock of its class without retry (nobody waits, nobody livelocks),
 * and released on the path that got it.
 */
struct pool {
	spinlock_t lock;
	int count;
};

static bool pool_trylock(struct pool *p)
{
	return spin_trylock(&p->lock);
}

static int pool_drain_into(struct pool *p, struct pool *q)
{
	spin_lock(&p->lock);
	if (!pool_trylock(q)) {
		spin_unlock(&p->lock);
		return -EBUSY;
	}
	p->count += q->count;
	q->count = 0;
	spin_unlock(&q->lock);
	spin_unlock(&p->lock);
	return 0;
}
