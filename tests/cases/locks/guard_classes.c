/*
 * What a guard takes is its class's (analyzer/rules/base.toml [guards]):
 * scoped_cond_guard's lock comes after the statement it runs on failure, a
 * read_lock guard takes an rwlock shared, and rcu or preempt guards take no
 * lock at all.
 */
struct counter {
	struct mutex mutex;
	rwlock_t rwlock;
	spinlock_t lock;
	long value;
};

static int counter_add_intr(struct counter *c, long n)
{
	scoped_cond_guard(mutex_intr, return -EINTR, &c->mutex) {
		if (n < 0)
			return -EINVAL;
		c->value += n;
	}
	return 0;
}

static int counter_move_intr(struct counter *into, struct counter *from)
{
	scoped_cond_guard(mutex_intr, return -EINTR, &into->mutex) {
		scoped_cond_guard(mutex_intr, return -EINTR, &from->mutex) {	/* expect: LOCK003 error {{second lock of class counter.mutex}}
										   {{CPU0 holds into->mutex and wants from->mutex}}
										   note@26 */
			into->value += from->value;
			from->value = 0;
		}
	}
	return 0;
}

static long counter_read_both(struct counter *a, struct counter *b)
{
	guard(rcu)();
	guard(preempt)();
	guard(read_lock)(&a->rwlock);
	return a->value + b->value;
}

static void counter_reset_twice(struct counter *c)
{
	guard(spinlock)(&c->lock);
	spin_lock(&c->lock);			/* expect: LOCK005 warning {{takes c->lock, which is already held}} note@47 */
	c->value = 0;
	spin_unlock(&c->lock);
}
