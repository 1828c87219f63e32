/*
 * A cycle through rwlock_t readers, as lockdep's recursive-read rule reads it
 * (the selftests' rlock_ABBA2 and the rlock forms of ABBA, ABBCCA): where one
 * edge takes a lock with read_lock() and the next edge holds it shared,
 * nobody waits there, since readers do not stop readers; the cycle deadlocks
 * only by edges that make no such step.  An rw_semaphore's readers do wait
 * (for a writer queued before them), and read_lock() under a held write lock
 * waits as well.
 */
static DEFINE_RWLOCK(table_lock);
static DEFINE_RWLOCK(route_lock);
static DEFINE_RWLOCK(rule_lock);
static DEFINE_SPINLOCK(stats_lock);
static DEFINE_SPINLOCK(queue_lock);
static DECLARE_RWSEM(config_sem);
static DEFINE_MUTEX(config_mutex);

static void table_then_route(void)
{
	read_lock(&table_lock);
	read_lock(&route_lock);
	read_unlock(&route_lock);
	read_unlock(&table_lock);
}

static void route_then_rule(void)
{
	read_lock(&route_lock);
	read_lock(&rule_lock);
	read_unlock(&rule_lock);
	read_unlock(&route_lock);
}

static void rule_then_table(void)
{
	read_lock(&rule_lock);
	read_lock(&table_lock);
	read_unlock(&table_lock);
	read_unlock(&rule_lock);
}

static void table_then_stats(void)
{
	read_lock(&table_lock);
	spin_lock(&stats_lock);
	spin_unlock(&stats_lock);
	read_unlock(&table_lock);
}

static void stats_then_table_reader(void)
{
	spin_lock(&stats_lock);
	read_lock(&table_lock);
	read_unlock(&table_lock);
	spin_unlock(&stats_lock);
}

static void route_then_queue(void)
{
	read_lock(&route_lock);
	spin_lock(&queue_lock);
	spin_unlock(&queue_lock);
	read_unlock(&route_lock);
}

static void queue_then_route_writer(void)
{
	spin_lock(&queue_lock);
	write_lock(&route_lock);		/* expect: LOCK004 error {{takes route_lock while spin_lock(&queue_lock) holds queue_lock}}
					   {{route_then_queue takes them the other way round}} note@68 note@61 */
	write_unlock(&route_lock);
	spin_unlock(&queue_lock);
}

static void config_then_mutex(void)
{
	down_read(&config_sem);
	mutex_lock(&config_mutex);
	mutex_unlock(&config_mutex);
	up_read(&config_sem);
}

static void mutex_then_config(void)
{
	mutex_lock(&config_mutex);
	down_read(&config_sem);			/* expect: LOCK004 error {{takes config_sem while mutex_lock(&config_mutex) holds config_mutex}}
					   {{config_then_mutex takes them the other way round}} note@85 note@78 */
	up_read(&config_sem);
	mutex_unlock(&config_mutex);
}
