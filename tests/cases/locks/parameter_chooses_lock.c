/*
 * A helper that takes a lock only where a parameter says so (bool lock, bool
 * locked): a call whose constant argument says it does not take it takes
 * nothing, one that says it does takes it, and one with any other argument
 * may take it.
 */
struct table {
	spinlock_t lock;
	int n;
};

static rwlock_t table_list_lock;

static void table_unlink(struct table *t, bool lock)
{
	if (lock)
		write_lock(&table_list_lock);
	t->n--;
	if (lock)
		write_unlock(&table_list_lock);
}

static void table_drop(struct table *t, bool locked)
{
	if (!locked)
		spin_lock(&t->lock);
	t->n = 0;
	if (!locked)
		spin_unlock(&t->lock);
}

void table_remove(struct table *t)
{
	write_lock(&table_list_lock);
	table_unlink(t, false);
	write_unlock(&table_list_lock);
	table_unlink(t, true);
}

void table_reset(struct table *t)
{
	spin_lock(&t->lock);
	table_drop(t, true);
	spin_unlock(&t->lock);
	table_drop(t, 0);
}

void table_remove_twice(struct table *t, bool again)
{
	write_lock(&table_list_lock);
	table_unlink(t, true);		/* expect: LOCK005 warning {{takes table_list_lock, which is already held}} note@50 */
	table_unlink(t, again);		/* expect: LOCK005 warning {{takes table_list_lock, which is already held}} note@50 */
	write_unlock(&table_list_lock);
}
