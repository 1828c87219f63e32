/*
 * A helper that runs with its caller's lock held (annotated) and nests
 * another lock of the class in it reports that nesting itself; its callers,
 * which hold that lock at the call, do not report it again.  One that drops
 * the caller's lock before it takes the parent's nests in nothing.
 */
struct pm_info {
	spinlock_t lock;
	int usage;
};

struct unit {
	struct unit *parent;
	struct pm_info power;
};

static int unit_suspend(struct unit *u)
	__releases(&u->power.lock) __acquires(&u->power.lock)
{
	struct unit *parent = u->parent;

	if (parent) {
		spin_unlock(&u->power.lock);
		spin_lock(&parent->power.lock);
		parent->power.usage--;
		spin_unlock(&parent->power.lock);
		spin_lock(&u->power.lock);
	}
	return 0;
}

static int unit_resume(struct unit *u)
	__must_hold(&u->power.lock)
{
	if (u->parent) {
		spin_lock_nested(&u->parent->power.lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 warning {{second lock of class pm_info.lock}} note@33 */
		u->parent->power.usage++;
		spin_unlock(&u->parent->power.lock);
	}
	return 0;
}

int unit_idle(struct unit *u)
{
	int ret;

	spin_lock(&u->power.lock);
	ret = unit_suspend(u);
	if (!ret)
		ret = unit_resume(u);
	spin_unlock(&u->power.lock);
	return ret;
}
