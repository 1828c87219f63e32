/*
 * A function that releases its caller's lock on one path and, on the other,
 * hands the object to functions not in view that end it with its lock held
 * (deactivate_locked_super()) releases the lock for its caller: the caller
 * that takes it and calls the function leaves balanced.  Where the other path
 * hands the object to nobody, the function does not release it on that path.
 */
struct volume { struct rw_semaphore umount; int active; void (*kill)(struct volume *); };

static void deactivate_locked_volume(struct volume *v)
{
	if (--v->active == 0) {
		v->kill(v);
		put_volume(v);
	} else {
		up_write(&v->umount);
	}
}

static int freeze_volume(struct volume *v)
{
	down_write(&v->umount);
	if (v->active < 0) {
		deactivate_locked_volume(v);
		return -EBUSY;
	}
	up_write(&v->umount);
	return 0;
}

static void maybe_release_volume(struct volume *v)
{
	if (v->active)
		up_write(&v->umount);
}

static int thaw_volume(struct volume *v)
{
	down_write(&v->umount);
	if (v->active < 0) {
		maybe_release_volume(v);
		return -EBUSY;		/* expect: LOCK005 warning {{leaves with v->umount held}}
					   note@39 note@46 {{exit without the lock}} */
	}
	up_write(&v->umount);
	return 0;
}
