/*
 * A trylock inside ?: whose other arm is 0: the variable is non-zero only
 * where the trylock succeeded, so the lock is held where it tests true.
 */
struct pool { spinlock_t lock; int busy; int count; };

static int pool_take_if_idle(struct pool *p)
{
	int locked = p->busy ? 0 : spin_trylock(&p->lock);

	if (!locked)
		return 0;
	p->count++;
	spin_unlock(&p->lock);
	return 1;
}

static int pool_take_leaks(struct pool *p)
{
	int locked = p->busy ? spin_trylock(&p->lock) : 0;

	if (!locked)
		return 0;
	if (p->count)
		return -1;		/* expect: LOCK005 warning {{leaves with p->lock held}}
					   note@20 note@28 {{exit without the lock}} */
	spin_unlock(&p->lock);
	return 1;
}
