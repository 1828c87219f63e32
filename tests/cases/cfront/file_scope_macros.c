/* expect: functions=pool_get,pool_put,pool_init,pool_exit,pool_late,pool_fast structs=pool */
static DEFINE_SPINLOCK(pool_lock);
static DEFINE_MUTEX(pool_mutex);
DEFINE_PER_CPU(unsigned long, pool_hits);
static DECLARE_WAIT_QUEUE_HEAD(pool_wait);
static LIST_HEAD(pool_list);
DEFINE_STATIC_KEY_FALSE(pool_key);

struct pool {
	struct list_head node;
	int id;
};

int pool_get(void)
{
	spin_lock(&pool_lock); /* node: FuncCall spin_lock at 16:2 */
	spin_unlock(&pool_lock);
	return 0;
}
EXPORT_SYMBOL(pool_get);

void pool_put(int id) /* function: pool_put at 22 */
{
	mutex_lock(&pool_mutex);
	mutex_unlock(&pool_mutex);
}
EXPORT_SYMBOL_GPL(pool_put);

static int __init pool_init(void) /* function: pool_init at 29 */
{
	return 0;
}

static void __exit pool_exit(void)
{
}
module_init(pool_init);
module_exit(pool_exit);
late_initcall(pool_init)

static int pool_late(void) /* function: pool_late at 41 */
{
	return this_cpu_read(pool_hits); /* node: FuncCall this_cpu_read at 43:9 */
}
core_param(pool_debug, pool_debug, int, 0644);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("A. Developer <dev@example.org>");
static DEFINE_RWLOCK(pool_rwlock);
DEFINE_STATIC_SRCU(pool_srcu);

static int pool_fast(void) /* function: pool_fast at 51 */
{
	return static_branch_unlikely(&pool_key); /* node: UnaryOp & at 53:33 */
}
