/*
 * A function is named as one that takes or drops its caller's lock when a word
 * of its name says so (cache_lock, pages_unlock, get_locked_entry), not when
 * a word merely contains the verb: "mapping" holds "pin", "cleanup" holds
 * "up", "block" holds "lock".  Those are reported as any other function is.
 */
static DEFINE_SPINLOCK(stats_lock);
static int stats_count;

struct cache {
	spinlock_t lock;
	int entries;
};

struct table {
	spinlock_t lock;
	int rows;
};

static void mapping_fill(struct cache *c)
{
	spin_lock(&c->lock);		/* expect: LOCK005 warning {{mapping_fill() returns holding c->lock}} note@24 */
	c->entries++;
}

static void block_count(struct cache *c)
{
	spin_lock(&c->lock);		/* expect: LOCK005 warning {{block_count() returns holding c->lock}} note@30 */
	c->entries--;
}

static void table_lock(struct table *t)
{
	spin_lock(&t->lock);
}

static void cleanup_stats(void)
{
	stats_count = 0;
	spin_unlock(&stats_lock);	/* expect: LOCK005 note {{releases stats_lock, which cleanup_stats() does not take}} */
}

static void table_unlock(struct table *t)
{
	spin_unlock(&t->lock);
}
