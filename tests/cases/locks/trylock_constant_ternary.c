/*
 * A ?: whose arms are constants of opposite truth stands for its test:
 * (spin_trylock(l) ? 1 : 0) is the trylock's result, (c ? 0 : 1) is !c, and
 * so are ?: nested in ?:.  The lock is held where that result is true.
 */
struct slot {
	spinlock_t lock;
	int used;
};

static int slot_claim(struct slot *s)
{
	if (!((spin_trylock(&s->lock) ? 1 : 0) ? 1 : 0))
		return 0;
	s->used++;
	spin_unlock(&s->lock);
	return 1;
}

static void slot_busy(struct slot *s)
{
	if (spin_trylock(&s->lock) ? 0 : 1)
		return;
	s->used--;
	spin_unlock(&s->lock);
}

static void slot_wrong_arm(struct slot *s)
{
	if (spin_trylock(&s->lock) ? 1 : 0)
		return;			/* expect: LOCK005 warning {{leaves with s->lock held}}
					   note@30 note@35 {{exit without the lock}} */
	s->used = 0;
	spin_unlock(&s->lock);		/* expect: LOCK005 warning {{unlocks s->lock, whose trylock failed on this path}} */
}
