/*
 * Releasing a lock the function does not hold.  After a failed trylock the
 * path knows the lock is free: unlocking it is a warning.  A whole function
 * that releases a lock it never takes, with nothing saying its callers hold
 * it (no __releases(), __must_hold(), assertion, releasing name, or partner
 * in view returning holding it), gets sparse's "unexpected unlock" as a note.
 */
static DEFINE_SPINLOCK(table_lock);
static DEFINE_MUTEX(table_mutex);

struct slot { spinlock_t lock; struct mutex m; int n; };

static void touch_after_failed_trylock(struct slot *s)
{
	if (!spin_trylock(&s->lock)) {
		s->n++;
		spin_unlock(&s->lock);	/* expect: LOCK005 warning {{unlocks s->lock, whose trylock failed on this path}} */
		return;
	}
	s->n--;
	spin_unlock(&s->lock);
}

static void failed_trylock_in_variable(struct slot *s)
{
	int locked = mutex_trylock(&s->m);

	if (!locked) {
		mutex_unlock(&s->m);	/* expect: LOCK005 warning {{unlocks s->m, whose trylock failed on this path}} */
		return;
	}
	mutex_unlock(&s->m);
}

static void trylock_or_wait(struct slot *s)
{
	if (!mutex_trylock(&s->m))
		mutex_lock(&s->m);
	s->n++;
	mutex_unlock(&s->m);
}

static void table_flush(void)
{
	spin_unlock(&table_lock);	/* expect: LOCK005 note {{releases table_lock, which table_flush() does not take}} */
}

static void table_drop(void)
	__releases(&table_lock)
{
	spin_unlock(&table_lock);
}

static void slot_checked(struct slot *s)
{
	lockdep_assert_held(&s->lock);
	spin_unlock(&s->lock);
}

static void slot_unlock_all(struct slot *s)
{
	spin_unlock(&s->lock);
}

static void table_enter(void)
{
	mutex_lock(&table_mutex);
}

static void table_leave_quietly(void)
{
	mutex_unlock(&table_mutex);
}
