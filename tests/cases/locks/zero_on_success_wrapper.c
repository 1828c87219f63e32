/* expect: none */
/*
 * A wrapper that returns 0 holding the lock and an error code without it
 * (a blocking lock, or a trylock when the caller may not sleep): its result,
 * kept in a variable or tested directly, says where the lock is held.
 */
struct ring {
	struct mutex mtx;
	int count;
};

static int ring_lock(struct mutex *mutex, bool nonblock)
{
	if (!nonblock) {
		mutex_lock(mutex);
		return 0;
	}
	if (mutex_trylock(mutex))
		return 0;
	return -EAGAIN;
}

static int ring_add(struct ring *r, struct ring *other, bool nonblock)
{
	int error;

	error = ring_lock(&r->mtx, nonblock);
	if (error)
		return error;
	if (r->count > 8) {
		mutex_unlock(&r->mtx);
		error = ring_lock(&other->mtx, nonblock);
		if (error)
			return error;
		other->count++;
		mutex_unlock(&other->mtx);
		error = ring_lock(&r->mtx, nonblock);
		if (error)
			return error;
	}
	r->count++;
	mutex_unlock(&r->mtx);
	return 0;
}

static int ring_drain(struct ring *r)
{
	if (ring_lock(&r->mtx, true))
		return -EAGAIN;
	r->count = 0;
	mutex_unlock(&r->mtx);
	return 0;
}
