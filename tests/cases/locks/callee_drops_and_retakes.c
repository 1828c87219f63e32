/*
 * Helpers that drop their caller's lock before they take another of its
 * class, and take the caller's lock again after it (the child's under the
 * parent's, the order trees are locked in): at their calls the other lock
 * nests in nothing the caller holds.  item_lock_owner() returns the owner
 * locked, or NULL where the item is its own owner (then the owner's lock is
 * the item's, taken again); item_finish() drops the owner's lock through a
 * local that names it (owner = it->owner) and the item's, then takes the
 * item's again.  A helper that takes the other lock before it drops the
 * caller's nests it at the call.
 */
struct item {
	spinlock_t lock;
	struct item *owner;
	int refs;
};

static struct item *item_lock_owner(struct item *it)
{
	struct item *owner;

	spin_unlock(&it->lock);
again:
	owner = READ_ONCE(it->owner);
	spin_lock(&owner->lock);
	if (owner != it->owner) {
		spin_unlock(&owner->lock);
		goto again;
	}
	if (owner != it)
		spin_lock_nested(&it->lock, 1);	/* expect: LOCK003 note {{on a child of owner->lock's object}} note@25 */
	else
		owner = NULL;
	return owner;
}

static void item_finish(struct item *it)
{
	struct item *owner = NULL;

	if (it->refs)
		owner = it->owner;
	if (owner)
		spin_unlock(&owner->lock);
	spin_unlock(&it->lock);
	spin_lock(&it->lock);
	it->refs = -1;
	spin_unlock(&it->lock);
}

static struct item *item_release(struct item *it)
	__releases(it->lock)
{
	struct item *owner = it->owner;

	if (unlikely(!spin_trylock(&owner->lock))) {
		owner = item_lock_owner(it);
		if (owner)
			spin_unlock(&owner->lock);
		spin_unlock(&it->lock);
		return NULL;
	}
	item_finish(it);
	return owner;
}

static void item_take_owner(struct item *it)
{
	spin_lock(&it->owner->lock);
	spin_unlock(&it->lock);
	spin_unlock(&it->owner->lock);
	spin_lock(&it->lock);
}

static void item_settle(struct item *it)
{
	spin_lock(&it->lock);
	item_take_owner(it);		/* expect: LOCK003 error {{second lock of class item.lock}}
					   {{CPU0 holds it->lock and wants it->owner->lock}} note@77 */
	spin_unlock(&it->lock);
}
