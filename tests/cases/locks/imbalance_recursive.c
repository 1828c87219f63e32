/*
 * A lock taken twice on one path (recursive read of an rw_semaphore, which
 * deadlocks behind a waiting writer) and released twice.  The second
 * acquisition is the bug; the two releases match the two acquisitions, so
 * the second release is not a double unlock.
 */
struct catalog {
	struct rw_semaphore sem;
	long entries;
};

static long catalog_entries_twice(struct catalog *c)
{
	long n;

	down_read(&c->sem);
	n = c->entries;
	down_read(&c->sem);			/* expect: LOCK005 warning {{takes c->sem, which is already held}}
						   note@16 */
	n += c->entries;
	up_read(&c->sem);
	up_read(&c->sem);
	return n;
}
