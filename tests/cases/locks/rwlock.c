/*
 * rwlock_t: read_lock and write_lock with their _irq and _irqsave forms,
 * read_trylock and write_trylock.
 */
struct route_table {
	rwlock_t lock;
	int nr_routes;
	int generation;
};

static int route_count(struct route_table *rt)
{
	int n;

	read_lock(&rt->lock);
	n = rt->nr_routes;
	read_unlock(&rt->lock);
	return n;
}

static void route_bump(struct route_table *rt)
{
	write_lock_irq(&rt->lock);
	rt->generation++;
	write_unlock_irq(&rt->lock);
}

static int route_peek(struct route_table *rt)
{
	unsigned long flags;
	int gen;

	read_lock_irqsave(&rt->lock, flags);
	gen = rt->generation;
	read_unlock_irqrestore(&rt->lock, flags);
	return gen;
}

static void route_reset(struct route_table *rt)
{
	unsigned long flags;

	write_lock_irqsave(&rt->lock, flags);
	rt->nr_routes = 0;
	write_unlock_irqrestore(&rt->lock, flags);
}

static int route_try_bump(struct route_table *rt)
{
	if (!write_trylock(&rt->lock))
		return -EBUSY;
	rt->generation++;
	write_unlock(&rt->lock);
	return 0;
}

static int route_try_count(struct route_table *rt)
{
	int n = -1;

	if (read_trylock(&rt->lock)) {
		n = rt->nr_routes;
		read_unlock(&rt->lock);
	}
	return n;
}

static void route_copy(struct route_table *dst, struct route_table *src)
{
	write_lock(&dst->lock);
	write_lock(&src->lock);			/* expect: LOCK003 error {{second lock of class route_table.lock}}
						   {{CPU0 holds dst->lock and wants src->lock}}
						   note@70 */
	dst->nr_routes = src->nr_routes;
	write_unlock(&src->lock);
	write_unlock(&dst->lock);
}

static void route_set(struct route_table *rt, int n)
{
	write_lock(&rt->lock);
	if (n < 0)
		return;				/* expect: LOCK005 warning {{leaves with rt->lock held}}
						   note@81 note@87 {{exit without the lock}} */
	rt->nr_routes = n;
	write_unlock(&rt->lock);
}
