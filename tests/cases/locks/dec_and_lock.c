/*
 * refcount_dec_and_lock() and its kin drop a count and, where it reaches
 * zero, take the lock (waiting for it) and return true: the lock is held on
 * that branch only, and taking it counts for nesting like any blocking
 * acquisition.
 */
struct entry {
	refcount_t ref;
	spinlock_t lock;
	struct list_head node;
};

static DEFINE_SPINLOCK(entry_list_lock);
static DEFINE_MUTEX(entry_mutex);

void entry_put(struct entry *e)
{
	if (!refcount_dec_and_lock(&e->ref, &entry_list_lock))
		return;
	list_del(&e->node);
	spin_unlock(&entry_list_lock);
	kfree(e);
}

void entry_put_mutex(struct entry *e)
{
	if (atomic_dec_and_mutex_lock(&e->ref, &entry_mutex)) {
		list_del(&e->node);
		mutex_unlock(&entry_mutex);
		kfree(e);
	}
}

void entry_put_locked(struct entry *e)
{
	spin_lock(&entry_list_lock);
	entry_put(e);		/* expect: LOCK005 warning {{takes entry_list_lock, which is already held}} note@36 */
	spin_unlock(&entry_list_lock);
}

void entry_put_pair(struct entry *a, struct entry *b)
{
	unsigned long flags;

	spin_lock(&a->lock);
	if (refcount_dec_and_lock_irqsave(&b->ref, &b->lock, &flags)) {	/* expect: LOCK003 error {{second lock of class entry.lock}} note@45 */
		list_del(&b->node);
		spin_unlock_irqrestore(&b->lock, flags);
	}
	spin_unlock(&a->lock);
}

void entry_put_leaky(struct entry *e)
{
	if (refcount_dec_and_lock(&e->ref, &e->lock)) {
		if (list_empty(&e->node))
			return;		/* expect: LOCK005 warning {{leaves with e->lock held}} note@55 note@61 */
		list_del(&e->node);
		spin_unlock(&e->lock);
	}
}
