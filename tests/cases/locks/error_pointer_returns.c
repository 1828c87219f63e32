/*
 * Error pointers: a function that returns its object holding the lock and
 * drops the lock where the object is an error (IS_ERR(), ERR_PTR()) is a
 * conditional acquisition, and the retry through a helper whose global lock
 * is two calls deep keeps that lock's name for the caller.
 */
static DECLARE_RWSEM(point_sem);

struct point { struct dentry *where; };

static inline void points_lock(void)
{
	down_write(&point_sem);
}

static void points_unlock(void)
{
	flush_points();
	up_write(&point_sem);
}

static void point_release(struct point *p)
{
	points_unlock();
	dput(p->where);
}

static struct point *lock_point(struct dentry *dentry)
{
	struct point *p;

	if (cant_use(dentry))
		return ERR_PTR(-ENOENT);
	points_lock();
	p = get_point(dentry);
	if (IS_ERR(p)) {
		points_unlock();
		return p;
	}
	return p;
}

static int add_point(struct dentry *dentry)
{
	struct point *p = lock_point(dentry);

	if (IS_ERR(p))
		return PTR_ERR(p);
	attach_point(p);
	point_release(p);
	return 0;
}

static struct point *lock_point_leaky(struct dentry *dentry)
{
	struct point *p;

	points_lock();
	p = get_point(dentry);
	if (IS_ERR(p))
		return ERR_CAST(p);		/* expect: LOCK005 warning {{leaves with point_sem held}}
						   note@58 note@65 {{exit without the lock}} */
	if (!p->where) {
		points_unlock();
		return NULL;
	}
	return p;
}
