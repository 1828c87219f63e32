/* expect: none */
/*
 * A function whose lock is a guard() is not an acquiring wrapper: the guard
 * is dropped when the function returns, so its caller holds nothing after
 * the call and may call it again, or take the lock itself.
 */
struct meter {
	spinlock_t lock;
	unsigned long value;
};

static int meter_add(struct meter *m, long n)
{
	guard(spinlock_irqsave)(&m->lock);
	if (n < 0)
		return -EINVAL;
	m->value += n;
	return 0;
}

static void meter_add_twice(struct meter *m)
{
	meter_add(m, 1);
	meter_add(m, 2);
	spin_lock(&m->lock);
	m->value++;
	spin_unlock(&m->lock);
}
