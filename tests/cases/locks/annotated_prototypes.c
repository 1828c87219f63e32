/*
 * Functions declared with lock annotations and defined elsewhere: their
 * calls take, drop and require what the prototypes say.
 */
static DEFINE_SPINLOCK(table_lock);

struct slot { struct mutex m; int n; };

void table_enter(void) __acquires(table_lock);
void table_leave(void) __releases(table_lock);
void slot_lock(struct slot *s) __acquires(&s->m);
void slot_unlock(struct slot *s) __releases(&s->m);
void slot_fill(struct slot *s, int n) __must_hold(&s->m);

static int table_bump(int c)
{
	table_enter();
	if (c)
		return -1;		/* expect: LOCK005 warning {{leaves with table_lock held}}
					   note@17 note@22 {{exit without the lock}} */
	table_leave();
	return 0;
}

static void slot_refill(struct slot *s)
{
	slot_lock(s);
	slot_fill(s, 4);
	slot_unlock(s);
	slot_fill(s, 8);		/* expect: LOCK007 warning {{s->m}} */
}
