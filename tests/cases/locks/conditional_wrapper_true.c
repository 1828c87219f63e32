/* expect: none */
/*
 * A conditional acquiring wrapper: it returns true holding the object's lock
 * and false holding nothing.  Its callers hold the lock where it returned
 * true, and their unlock there balances it.
 */
struct item { spinlock_t lock; int ready; int value; };

static bool item_lock_if_ready(struct item *it)
{
	if (!it->ready)
		return false;
	spin_lock(&it->lock);
	if (!it->ready) {
		spin_unlock(&it->lock);
		return false;
	}
	return true;
}

static int item_read(struct item *it)
{
	int value;

	if (!item_lock_if_ready(it))
		return -1;
	value = it->value;
	spin_unlock(&it->lock);
	return value;
}

static void item_bump(struct item *it)
{
	if (item_lock_if_ready(it)) {
		it->value++;
		spin_unlock(&it->lock);
	}
}
