/*
 * A function that returns holding a lock, and one that releases a lock it
 * does not take, excuse each other only as a pair named so: a word of one
 * name and a word of the other are opposites (pool_pause and pool_resume,
 * stats_pin and stats_unpin).  Two functions named otherwise (clang's
 * sls_fun_bad_1 and sls_fun_bad_3 side by side) are each reported.
 */
static DEFINE_SPINLOCK(sls_mu);
static DEFINE_MUTEX(pool_mutex);
static DEFINE_SPINLOCK(stats_lock);

static void sls_fun_bad_1(void)
{
	spin_unlock(&sls_mu);		/* expect: LOCK005 note {{releases sls_mu, which sls_fun_bad_1() does not take}} */
}

static void sls_fun_bad_3(void)
{
	spin_lock(&sls_mu);		/* expect: LOCK005 warning {{sls_fun_bad_3() returns holding sls_mu}} note@20 */
}

static void pool_pause(void)
{
	mutex_lock(&pool_mutex);
}

static void pool_resume(void)
{
	mutex_unlock(&pool_mutex);
}

static void stats_pin(void)
{
	spin_lock(&stats_lock);
}

static void stats_unpin(void)
{
	spin_unlock(&stats_lock);
}
