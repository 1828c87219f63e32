/*
 * A call that does not return (BUG(), panic(), __builtin_unreachable(), the
 * list in analyzer/rules/base.toml) ends its path: the lock it holds there is
 * no imbalance, and no later unlock is a second one.
 */
struct pool {
	spinlock_t lock;
	int free;
};

static int pool_take(struct pool *p)
{
	spin_lock(&p->lock);
	if (p->free < 0) {
		spin_unlock(&p->lock);
		BUG();
	}
	p->free--;
	spin_unlock(&p->lock);
	return 0;
}

static int pool_check(struct pool *p)
{
	spin_lock(&p->lock);
	if (p->free > 1024) {
		panic("pool %p corrupted", p);
		return -EIO;
	}
	spin_unlock(&p->lock);
	return 0;
}

static int pool_mode(struct pool *p, int mode)
{
	spin_lock(&p->lock);
	switch (mode) {
	case 0:
		spin_unlock(&p->lock);
		return 0;
	case 1:
		p->free = 1;
		spin_unlock(&p->lock);
		return 1;
	default:
		__builtin_unreachable();
	}
}

static int pool_drop(struct pool *p)
{
	spin_lock(&p->lock);
	if (p->free)
		return -EBUSY;			/* expect: LOCK005 warning {{leaves with p->lock held}} note@52 note@56 */
	spin_unlock(&p->lock);
	return 0;
}
