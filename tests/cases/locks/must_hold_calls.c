/*
 * __must_hold(x) is the callee's contract with its callers: each call must
 * hold x, named through the call's arguments (LOCK007): a warning where the
 * path released it before the call, a note where the caller's own callers may
 * hold it.
 */
static DEFINE_SPINLOCK(registry_lock);

struct table {
	spinlock_t lock;
	int size;
};

static void table_grow(struct table *t) __must_hold(&t->lock)
{
	t->size *= 2;
}

static void registry_note(void) __must_hold(&registry_lock)
{
	registry_count++;
}

static void table_add(struct table *t)
{
	spin_lock(&t->lock);
	table_grow(t);
	spin_unlock(&t->lock);
	table_grow(t);				/* expect: LOCK007 warning {{table_grow() must be called holding t->lock}} {{released it before the call}} */
}

static void table_add_under_caller(struct table *t) __must_hold(&t->lock)
{
	table_grow(t);
}

static void registry_add(struct table *t)
{
	registry_note();			/* expect: LOCK007 note {{registry_note() must be called holding registry_lock}} {{does not hold it}} */
	spin_lock(&registry_lock);
	registry_note();
	spin_unlock(&registry_lock);
}
