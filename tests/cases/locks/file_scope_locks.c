/*
 * File-scope locks keep a class: a static spinlock_t is its own class, and a
 * lock member of a file-scope struct variable is the struct's, so taking the
 * members of two such variables nests one class and takes the globals in an
 * order other functions can contradict.
 */
struct pool_state {
	spinlock_t lock;
	int free;
};

static struct pool_state hot_pool, cold_pool;
static struct pool_state spare_pool = { .free = 0 };
static spinlock_t pools_lock;

static void pools_rebalance(void)
{
	spin_lock(&hot_pool.lock);
	spin_lock(&spare_pool.lock);	/* expect: LOCK003 error {{second lock of class pool_state.lock}} note@18 */
	spare_pool.free += hot_pool.free;
	hot_pool.free = 0;
	spin_unlock(&spare_pool.lock);
	spin_unlock(&hot_pool.lock);
}

static void pools_count(void)
{
	spin_lock(&pools_lock);
	spin_lock(&cold_pool.lock);
	spin_unlock(&cold_pool.lock);
	spin_unlock(&pools_lock);
}

static void pools_drain(void)
{
	spin_lock(&cold_pool.lock);
	spin_lock(&pools_lock);		/* expect: LOCK004 error {{spin_lock(&pools_lock) takes pools_lock while spin_lock(&cold_pool.lock) holds pool_state.lock}}
					   {{pools_count takes them the other way round at line 29}} note@36 note@29 */
	spin_unlock(&pools_lock);
	spin_unlock(&cold_pool.lock);
}

static void pools_reset(void)
{
	struct pool_state *pool = &hot_pool;

	spin_lock(&pool->lock);
	pool->free = 0;
	spin_unlock(&hot_pool.lock);
}
