/*
 * Names of one object through a chain of equalities the path knows: with
 * d->parent assigned to->parent, and d->parent == old tested true, old's lock
 * is the lock taken as to->parent's, and unlocking it balances the function.
 * The path where the chain makes two locks it holds one (d == old, so
 * d->lock is to->parent->lock) would have deadlocked, and is not taken.
 */
struct dnode {
	spinlock_t lock;
	struct dnode *parent;
	int count;
};

static void dnode_move(struct dnode *d, struct dnode *to)
{
	struct dnode *old = d->parent;

	spin_lock(&to->parent->lock);
	if (old != to->parent)
		spin_lock_nested(&old->lock, 1);	/* expect: LOCK003 warning {{lockdep subclass annotation}} note@18 */
	d->parent = to->parent;
	d->count++;
	if (d->parent != old)
		spin_unlock(&d->parent->lock);
	spin_unlock(&old->lock);
}

static void dnode_adopt(struct dnode *d, struct dnode *to)
{
	struct dnode *old = d->parent;

	spin_lock(&to->parent->lock);
	spin_lock_nested(&d->lock, 2);		/* expect: LOCK003 warning {{lockdep subclass annotation}} note@32 */
	d->parent = to->parent;
	if (d->parent != old)
		spin_unlock(&d->parent->lock);
	if (d != old)
		spin_unlock(&old->lock);
	spin_unlock(&d->lock);
}
