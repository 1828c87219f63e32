/*
 * A lock named through an index or an offset (locks[i], base + level) is
 * another lock once the index changes: taking locks[i] round a loop that
 * steps i takes a new one each time.  With the index unchanged, it is the
 * same lock.
 */
struct lock_bank {
	spinlock_t locks[8];
	int used;
};

void bank_lock_all(struct lock_bank *b)
{
	int i;

	for (i = 0; i < 8; i++)
		spin_lock(&b->locks[i]);
}

void bank_unlock_all(struct lock_bank *b)
{
	int i;

	for (i = 7; i >= 0; i--)
		spin_unlock(&b->locks[i]);
}

void bank_touch(struct lock_bank *b, int i)
{
	spin_lock(&b->locks[i]);
	b->used++;
	spin_lock(&b->locks[i]);	/* expect: LOCK005 warning {{takes b->locks[i], which is already held}} note@30 */
	spin_unlock(&b->locks[i]);
}
