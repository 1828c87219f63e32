/*
 * Where the code in view annotates a lock (queue_enter() says __acquires, and
 * queue_leave() __releases), that is how it says a lock crosses a function
 * boundary: a function that returns holding it, or releases it, without
 * saying so is reported (sparse's "wrong count at exit", "unexpected
 * unlock"), and the two do not excuse each other as the partners of an
 * unannotated pair do (exit_holding.c: freeze_all and thaw_all).
 */
static DEFINE_SPINLOCK(queue_lock);
static int queue_count;

static void queue_enter(void) __acquires(&queue_lock)
{
	spin_lock(&queue_lock);
}

static void queue_leave(void) __releases(&queue_lock)
{
	spin_unlock(&queue_lock);
}

static void queue_forgets(void)
{
	queue_enter();			/* expect: LOCK005 warning {{queue_forgets() returns holding queue_lock}} note@26 */
	queue_count++;
}

static void queue_flush_tail(void)
{
	queue_count = 0;
	spin_unlock(&queue_lock);	/* expect: LOCK005 note {{releases queue_lock, which queue_flush_tail() does not take}} */
}

static void queue_add(void)
{
	queue_enter();
	queue_count++;
	queue_leave();
}
