/*
 * A global lock keeps its class through the helpers that take it: the
 * helper's summary takes, holds or drops the global itself, and its callers'
 * nesting and order see it (DEFINE_SPINLOCK, DEFINE_MUTEX, static mutex).
 */
static DEFINE_SPINLOCK(stats_lock);
static DEFINE_MUTEX(config_mutex);
static struct mutex table_mutex;

static void stats_bump(void)
{
	spin_lock(&stats_lock);
	stats_count++;
	spin_unlock(&stats_lock);
}

static void config_enter(void)
{
	mutex_lock(&config_mutex);
}

static void config_leave(void)
{
	mutex_unlock(&config_mutex);
}

static void config_update(int value)
{
	config_enter();
	config_value = value;
	stats_bump();			/* expect: LOCK004 error {{stats_bump() takes stats_lock while config_enter() holds config_mutex}}
					   {{stats_report takes them the other way round at line 39}} note@29 note@39 */
	config_leave();
}

static void stats_report(void)
{
	spin_lock(&stats_lock);
	config_enter();
	report(config_value, stats_count);
	config_leave();
	spin_unlock(&stats_lock);
}

static void table_twice(void)
{
	mutex_lock(&table_mutex);
	config_update(1);
	mutex_lock(&table_mutex);	/* expect: LOCK005 warning {{takes table_mutex, which is already held}} note@47 */
	mutex_unlock(&table_mutex);
	mutex_unlock(&table_mutex);
}
