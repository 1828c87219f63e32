/*
 * A lock taken with a lockdep subclass (*_nested) is a node of its own in the
 * order graph, as lockdep keeps a subclass apart: an object's lock, then the
 * global list lock, then another object's lock with SINGLE_DEPTH_NESTING is
 * no cycle (the nesting of the two objects' locks is the subclass's warning).
 * Without the subclass it is one.
 */
struct tracked {
	raw_spinlock_t lock;
	struct list_head node;
};

static DEFINE_RAW_SPINLOCK(tracked_list_lock);

static void tracked_scan_one(struct tracked *other)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&tracked_list_lock, flags);
	raw_spin_lock_nested(&other->lock, SINGLE_DEPTH_NESTING);
	list_del(&other->node);
	raw_spin_unlock(&other->lock);
	raw_spin_unlock_irqrestore(&tracked_list_lock, flags);
}

static void tracked_scan(struct tracked *t, struct tracked *other)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&t->lock, flags);
	tracked_scan_one(other);	/* expect: LOCK003 warning {{lockdep subclass annotation}} note@30 */
	raw_spin_unlock_irqrestore(&t->lock, flags);
}

struct queued {
	spinlock_t lock;
	struct list_head node;
};

static DEFINE_SPINLOCK(queued_list_lock);

static void queued_drop(struct queued *q)
{
	spin_lock(&queued_list_lock);
	spin_lock(&q->lock);
	list_del(&q->node);
	spin_unlock(&q->lock);
	spin_unlock(&queued_list_lock);
}

static void queued_move(struct queued *q)
{
	spin_lock(&q->lock);
	spin_lock(&queued_list_lock);	/* expect: LOCK004 error {{a cycle, two CPUs deadlock}} note@53 note@45 */
	list_add(&q->node, &queued_list);
	spin_unlock(&queued_list_lock);
	spin_unlock(&q->lock);
}
