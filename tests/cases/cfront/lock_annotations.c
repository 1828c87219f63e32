/* expect: functions=lock_table,unlock_table,table_resize,table_trylock,swap_tables */
struct table {
	spinlock_t lock;
	struct mutex resize_mutex;
	unsigned long size;
};

static void lock_table(struct table *t)
	__acquires(&t->lock) /* annotation: lock_table acquires(&t->lock) at 9 */
{
	spin_lock(&t->lock); /* node: FuncCall spin_lock at 11:2 */
}

static void unlock_table(struct table *t) __releases(&t->lock) /* annotation: unlock_table releases(&t->lock) at 14 */
{
	spin_unlock(&t->lock);
}

static int table_resize(struct table *t, unsigned long size)
	__must_hold(&t->resize_mutex) /* annotation: table_resize must_hold(&t->resize_mutex) at 20 */
{
	lockdep_assert_held(&t->resize_mutex);
	t->size = size; /* node: Assignment = at 23:2 */
	return 0;
}

static bool table_trylock(struct table *t) __cond_acquires(&t->lock) /* annotation: table_trylock cond_acquires(&t->lock) at 27 */
{
	return spin_trylock(&t->lock);
}

static void swap_tables(struct table *a, struct table *b)
	__must_hold(&a->lock) /* annotation: swap_tables must_hold(&a->lock) at 33 */
	__releases(&a->lock) __acquires(&b->lock) /* annotation: swap_tables releases(&a->lock) at 34 */ /* annotation: swap_tables acquires(&b->lock) at 34 */
{
	spin_unlock(&a->lock);
	__acquire(&b->lock); /* node: FuncCall __acquire at 37:2 */
	spin_lock(&b->lock);
}
