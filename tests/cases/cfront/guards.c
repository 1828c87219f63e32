/* expect: functions=bump,bump_scoped,drain_locked,try_update,make_copy */
static DEFINE_SPINLOCK(stats_lock);
static DEFINE_MUTEX(stats_mutex);
static unsigned long stats;

static void bump(void)
{
	guard(spinlock)(&stats_lock); /* node: FuncCall guard at 8:2 */
	stats++;
}

static unsigned long bump_scoped(void)
{
	scoped_guard(mutex, &stats_mutex) { /* node: If at 14:2 */
		stats++; /* node: FuncCall scoped_guard at 14:2 */
	}
	scoped_guard(spinlock_irqsave, &stats_lock) /* node: ID stats_lock at 17:34 */
		stats--; /* node: UnaryOp p-- at 18:3 */
	return stats;
}

static void drain_locked(struct list_head *head)
{
	guard(rcu)(); /* node: FuncCall guard at 24:2 */
	scoped_guard(spinlock, &stats_lock) stats = 0; /* node: Assignment = at 25:38 */
}

static int try_update(unsigned long v)
{
	scoped_cond_guard(mutex_intr, return -EINTR, &stats_mutex) { /* node: If at 30:2 */ /* node: FuncCall scoped_cond_guard at 30:2 */
		stats = v;
	}
	return 0;
}

static void *make_copy(const void *src, size_t len)
{
	void *buf __free(kfree) = kmalloc(len, GFP_KERNEL); /* node: Decl buf at 38:7 */

	if (!buf)
		return NULL;
	memcpy(buf, src, len);
	return no_free_ptr(buf); /* node: FuncCall no_free_ptr at 43:9 */
}
