/* expect: none */
/*
 * likely() and unlikely() are hints: a branch knows the condition they wrap.
 * The lookup below breaks out of its walk holding the entry it found, so
 * where the cursor is NULL no entry's lock is held; the trylock under
 * unlikely() is held where it succeeded.
 */
struct entry { spinlock_t lock; struct hlist_node node; int key; int state; };

static int entry_insert(struct hlist_head *head, struct entry *entry, spinlock_t *table_lock)
{
	while (1) {
		struct entry *old = NULL;

		spin_lock(table_lock);
		hlist_for_each_entry(old, head, node) {
			if (old->key != entry->key)
				continue;
			spin_lock(&old->lock);
			if (old->state) {
				spin_unlock(&old->lock);
				continue;
			}
			break;
		}
		if (likely(!old)) {
			spin_lock(&entry->lock);
			hlist_add_head(&entry->node, head);
			spin_unlock(&entry->lock);
			spin_unlock(table_lock);
			return 0;
		}
		spin_unlock(table_lock);
		spin_unlock(&old->lock);
		return -EEXIST;
	}
}

static int entry_mark(struct entry *entry)
{
	if (unlikely(!spin_trylock(&entry->lock)))
		return -EBUSY;
	entry->state = 1;
	spin_unlock(&entry->lock);
	return 0;
}
