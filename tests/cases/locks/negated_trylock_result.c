/*
 * A variable holding a trylock's result, negated into itself or another
 * (clang's TryLockTest foo6 and foo7): where the negation is zero the lock is
 * held, and where it is not, the trylock failed.
 */
struct slot {
	struct mutex mu;
	int a;
};

static void slot_negated_in_place(struct slot *s)
{
	bool b = mutex_trylock(&s->mu);

	b = !b;
	if (b)
		return;
	s->a = 6;
	mutex_unlock(&s->mu);
}

static void slot_negated_twice(struct slot *s)
{
	bool b1 = mutex_trylock(&s->mu);
	bool b2 = !b1;
	bool b3 = !b2;

	if (b3) {
		s->a = 7;
		mutex_unlock(&s->mu);
	}
}

static void slot_negated_leak(struct slot *s)
{
	bool busy = !mutex_trylock(&s->mu);

	if (busy)
		return;
	s->a = 8;
}					/* expect: LOCK005 warning {{leaves with s->mu held, taken by mutex_trylock(&s->mu)}} note@36 note@39 */
