/*
 * A loop whose body takes a lock and, on one path, goes round again without
 * releasing it: the next iteration takes the lock this path already holds
 * (no call in between could have released it), and the loop can end with the
 * lock held while other paths released it.
 */
struct bucket {
	spinlock_t lock;
	int pending;
};

static void age_buckets(struct bucket *b, int rounds)
{
	int i;

	for (i = 0; i < rounds; i++) {
		spin_lock(&b->lock);		/* expect: LOCK005 warning {{takes b->lock, which is already held}}
						   note@17 */
		if (!b->pending)
			continue;
		b->pending--;
		spin_unlock(&b->lock);
	}
}						/* expect: LOCK005 warning {{leaves with b->lock held}}
 						   note@17 note@24 {{exit without the lock}} */
