/*
 * Lock kinds as the kernel defines them: rwlock_t readers may nest in
 * readers (a waiting writer does not stop them), a writer inside a reader
 * may not; rwsem readers may not nest (a writer waiting between them
 * deadlocks both); a seqlock_t's writers are a lock.
 */
struct registry {
	rwlock_t rwlock;
	struct rw_semaphore rwsem;
	seqlock_t seqlock;
	int count;
};

static int registry_count_nested(struct registry *r)
{
	int count;

	read_lock(&r->rwlock);
	read_lock(&r->rwlock);
	count = r->count;
	read_unlock(&r->rwlock);
	read_unlock(&r->rwlock);
	return count;
}

static void registry_upgrade(struct registry *r)
{
	read_lock(&r->rwlock);
	write_lock(&r->rwlock);		/* expect: LOCK005 warning {{takes r->rwlock, which is already held}} note@28 */
	r->count++;
	write_unlock(&r->rwlock);
	read_unlock(&r->rwlock);
}

static int registry_count_rwsem(struct registry *r)
{
	int count;

	down_read(&r->rwsem);
	down_read(&r->rwsem);		/* expect: LOCK005 warning {{takes r->rwsem, which is already held}} note@39 */
	count = r->count;
	up_read(&r->rwsem);
	up_read(&r->rwsem);
	return count;
}

static void registry_bump_seq(struct registry *r)
{
	write_seqlock(&r->seqlock);
	write_seqlock(&r->seqlock);	/* expect: LOCK005 warning {{takes r->seqlock, which is already held}} note@49 */
	r->count++;
	write_sequnlock(&r->seqlock);
	write_sequnlock(&r->seqlock);
}

static int registry_read_seq(struct registry *r)
{
	unsigned int seq;
	int count;

	do {
		seq = read_seqbegin(&r->seqlock);
		count = r->count;
	} while (read_seqretry(&r->seqlock, seq));
	return count;
}
