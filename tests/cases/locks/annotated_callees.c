/*
 * What a function's annotations say it does to a lock holds at its calls,
 * whether its body is in view or not (sparse's context tests): a call of an
 * __acquires function takes the lock, one of a __releases function drops it,
 * and __cond_acquires holds it where the call returned true.  __acquire(x)
 * and __release(x) are statements that say the same inside a body.
 */
static DEFINE_SPINLOCK(big_lock);

struct slot {
	spinlock_t lock;
	int busy;
};

static void big_enter(void) __acquires(big_lock)
{
	__acquire(big_lock);
	arch_enter();
}

static void big_leave(void) __releases(big_lock)
{
	arch_leave();
	__release(big_lock);
}

static void slot_drop(struct slot *s)
	__releases(&s->lock)
{
	if (s->busy)
		spin_unlock(&s->lock);
	else
		spin_unlock_and_park(s);
}

static int big_try(void) __cond_acquires(big_lock);

static int big_balanced(int value)
{
	big_enter();
	if (value < 0) {
		big_leave();
		return -EINVAL;
	}
	big_leave();
	return 0;
}

static int big_unbalanced(int value)
{
	big_enter();
	if (value < 0)
		return -EINVAL;		/* expect: LOCK005 warning {{leaves with big_lock held}} note@51 note@55 */
	big_leave();
	return 0;
}

static void big_twice(void)
{
	big_enter();
	big_enter();			/* expect: LOCK005 warning {{takes big_lock, which is already held}} note@60 */
	big_leave();
	big_leave();
}

static void slot_release(struct slot *s)
{
	spin_lock(&s->lock);
	s->busy++;
	slot_drop(s);
	spin_lock(&s->lock);
	s->busy--;
	spin_unlock(&s->lock);
}
