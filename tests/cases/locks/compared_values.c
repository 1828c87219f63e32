/* expect: none */
/*
 * A variable compared with named constants: the comparison is decided by
 * the constant the path last set it to, inside || and && too, and a test
 * written with != is the same fact as one written with ==.
 */
struct node_list {
	spinlock_t list_lock;
	int nr;
};

enum place { P_NONE, P_LIST, P_FULL, P_DROP };

static void node_settle(struct node_list *n, struct item *it)
{
	enum place where = P_NONE;
	unsigned long flags;

again:
	if (!it->used && n->nr > 4) {
		where = P_DROP;
	} else if (it->next) {
		where = P_LIST;
		spin_lock_irqsave(&n->list_lock, flags);
	} else if (item_tracked(it)) {
		where = P_FULL;
		spin_lock_irqsave(&n->list_lock, flags);
	} else {
		where = P_NONE;
	}
	if (!item_swap(it)) {
		if (where == P_LIST || where == P_FULL)
			spin_unlock_irqrestore(&n->list_lock, flags);
		goto again;
	}
	if (where == P_LIST || where == P_FULL)
		spin_unlock_irqrestore(&n->list_lock, flags);
}

struct chunk {
	spinlock_t chunk_lock;
	int first;
};

#define WHOLE 0x10

static struct chunk *chunk_find_locked(struct pool *pool)
{
	struct chunk *c = pool_first(pool);

	if (!c)
		return NULL;
	spin_lock(&c->chunk_lock);
	return c;
}

static int chunk_take(struct pool *pool, int size)
{
	struct chunk *c;
	int kind;

	c = chunk_find_locked(pool);
	if (!c)
		return -ENOMEM;
	kind = chunk_kind(c, size);
	if (kind == WHOLE)
		spin_unlock(&c->chunk_lock);
	pool_account(pool, size);
	if (kind != WHOLE)
		spin_unlock(&c->chunk_lock);
	return 0;
}
