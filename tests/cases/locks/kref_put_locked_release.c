/*
 * kref_put(&obj->ref, release) returns true where it called the release
 * callback; one named *_locked is called with the object's lock held and
 * drops it, so where the put returns true the object holds no lock.
 */
struct chunk {
	spinlock_t lock;
	struct kref refcount;
	int flags;
};

static void release_chunk_locked(struct kref *ref)
{
	struct chunk *c = container_of(ref, struct chunk, refcount);

	spin_unlock(&c->lock);
	kfree(c);
}

static void release_chunk(struct kref *ref)
{
	kfree(container_of(ref, struct chunk, refcount));
}

static void chunk_compact(struct chunk *c)
{
	spin_lock(&c->lock);
	if (kref_put(&c->refcount, release_chunk_locked))
		return;
	c->flags = 0;
	spin_unlock(&c->lock);
}

static void chunk_putback(struct chunk *c)
{
	spin_lock(&c->lock);
	if (!kref_put(&c->refcount, release_chunk_locked))
		spin_unlock(&c->lock);
}

static void chunk_drop_unlocked_callback(struct chunk *c)
{
	spin_lock(&c->lock);
	if (kref_put(&c->refcount, release_chunk))
		return;			/* expect: LOCK005 warning {{leaves with c->lock held}}
					   note@43 note@48 {{exit without the lock}} */
	spin_unlock(&c->lock);
}
