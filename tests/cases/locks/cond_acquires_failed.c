/*
 * A function declared __cond_acquires(x) holds x where it returns true, and
 * says it did not take it where it returns false: unlocking x there unlocks
 * a lock nobody holds, as after a failed spin_trylock().  A wrapper whose
 * body is the only word on it may fail for other reasons and say nothing.
 */
static DEFINE_SPINLOCK(ring_lock);
static int ring_len;

int ring_try(void) __cond_acquires(&ring_lock);

static void ring_push(void)
{
	if (ring_try())
		ring_len++;
	spin_unlock(&ring_lock);	/* expect: LOCK005 warning {{unlocks ring_lock, whose trylock failed on this path}} */
}

static void ring_pop(void)
{
	if (!ring_try())
		return;
	ring_len--;
	spin_unlock(&ring_lock);
}
