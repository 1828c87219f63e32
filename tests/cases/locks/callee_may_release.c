/*
 * A helper in view that drops a lock of its argument's on some paths only,
 * and holds it on none of its exits (block_retire() drops the owner's lock
 * where the block has an owner): a caller holding that lock, by that name or
 * by another name of its class (the owner it walks), may not hold it after
 * the call, and taking it again is no double acquisition.  A helper that
 * drops the lock on every path releases it; one that never drops it leaves
 * the caller holding it, and taking it again is one.
 */
struct owner {
	spinlock_t lock;
	struct hlist_head blocks;
};

struct block {
	spinlock_t lock;
	struct owner *owner;
	struct hlist_node node;
	int count;
};

static void block_unlink(struct block *b)
	__releases(b->owner->lock)
{
	spin_unlock(&b->owner->lock);
	b->count = 0;
}

static void block_retire(struct block *b)
	__releases(b->lock)
{
	b->count = -1;
	if (b->owner)
		block_unlink(b);	/* expect: LOCK005 note {{releases b->owner->lock, which block_retire() does not take}} */
	spin_unlock(&b->lock);
}

static void block_count(struct block *b)
{
	b->count++;
}

static void owner_prune(struct owner *o)
{
	struct block *b;
restart:
	spin_lock(&o->lock);
	hlist_for_each_entry(b, &o->blocks, node) {
		spin_lock(&b->lock);
		if (!b->count) {
			block_retire(b);
			goto restart;
		}
		spin_unlock(&b->lock);
	}
	spin_unlock(&o->lock);
}

static void owner_count(struct owner *o, struct block *b)
{
	spin_lock(&o->lock);
	block_count(b);
	spin_lock(&o->lock);		/* expect: LOCK005 warning {{takes o->lock, which is already held}} note@61 */
	spin_unlock(&o->lock);
}
