/* expect: none */
/*
 * A flag cleared next to an unlock inside a loop whose tests make many
 * states: the path that dropped the lock leaves the loop by the flag's test,
 * however many states the loop makes (the analysis widens them: it must not
 * forget the flag, which it needs to know the lock is dropped).
 */
struct pool {
	spinlock_t lock;
	int count;
	int limit;
};

static int pool_fill(struct pool *p, unsigned int mode, int n)
{
	int i;

	spin_lock(&p->lock);
	for (i = 0; i < n; i++) {
		bool locked = true;

		if (mode & 1)
			pool_note(1);
		if (mode & 2)
			pool_note(2);
		if (mode & 4)
			pool_note(4);
		if (mode & 8)
			pool_note(8);
		if (mode & 16)
			pool_note(16);
		if (mode & 32)
			pool_note(32);
		if (p->count >= p->limit) {
			spin_unlock(&p->lock);
			locked = false;
			pool_wait(p);
		}
		if (!locked)
			goto out_unlocked;
		p->count++;
	}
	spin_unlock(&p->lock);
out_unlocked:
	return i;
}
