/* expect: none */
/*
 * A lock taken through the loop cursor and released after the loop through
 * a copy of the cursor (found = b): the same lock, balanced on every path.
 */
struct bucket {
	spinlock_t lock;
	struct list_head node;
	int pending;
};

static int take_first_pending(struct list_head *head)
{
	struct bucket *b, *found = NULL;
	int n = 0;

	list_for_each_entry(b, head, node) {
		spin_lock(&b->lock);
		if (b->pending) {
			found = b;
			break;
		}
		spin_unlock(&b->lock);
	}
	if (!found)
		return 0;
	n = found->pending;
	found->pending = 0;
	spin_unlock(&found->lock);
	return n;
}
