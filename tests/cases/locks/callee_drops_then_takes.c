/*
 * A helper called with the caller's lock held that drops it first, and only
 * then takes locks (the same lock again, inside a put): at its call those
 * acquisitions come after the release, so they nest in nothing.
 */
static DEFINE_SPINLOCK(registry_lock);

struct entry { int count; struct rw_semaphore sem; };

static void entry_put(struct entry *e)
{
	spin_lock(&registry_lock);
	e->count--;
	spin_unlock(&registry_lock);
}

static int entry_grab(struct entry *e)
{
	e->count++;
	spin_unlock(&registry_lock);
	down_write(&e->sem);
	entry_put(e);
	return 1;
}

static int find_entry(struct entry *e)
{
	spin_lock(&registry_lock);
	if (e->count)
		return entry_grab(e);
	spin_unlock(&registry_lock);
	return -1;
}

static void entry_touch(struct entry *e)
{
	spin_lock(&registry_lock);
	entry_put(e);			/* expect: LOCK005 warning {{entry_put(e) takes registry_lock, which is already held}}
					   note@37 */
	spin_unlock(&registry_lock);
}

/*
 * Dropped on every branch, retaken on the first only: the retake follows
 * the first branch's unlock, though the other branches' unlocks come later
 * in the text.
 */
static void entry_settle(struct entry *e)
{
	if (e->count) {
		spin_unlock(&registry_lock);
		spin_lock(&registry_lock);
		e->count = 0;
		spin_unlock(&registry_lock);
	} else if (e->count < 0) {
		e->count = 1;
		spin_unlock(&registry_lock);
	} else if (e->count > 9) {
		e->count = 9;
		spin_unlock(&registry_lock);
	} else {
		spin_unlock(&registry_lock);
	}
}

static void entry_finish(struct entry *e)
{
	spin_lock(&registry_lock);
	entry_settle(e);
}
