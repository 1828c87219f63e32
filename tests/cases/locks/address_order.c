/*
 * Two locks of one class taken in an order the code tests: the lower
 * address first (if (a > b) swap(a, b), or one branch per order).  Two
 * walkers take them in the same order, so the nesting is a note.
 */
struct bucket { struct mutex lock; int count; };

static void lock_two_swapped(struct bucket *a, struct bucket *b)
{
	if (a > b)
		swap(a, b);
	mutex_lock(&a->lock);
	mutex_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 note {{in an order the code tests}}
								   note@12 */
}

static void lock_two_branches(struct bucket *a, struct bucket *b)
{
	if (a < b) {
		mutex_lock(&a->lock);
		mutex_lock(&b->lock);		/* expect: LOCK003 note {{in an order the code tests}} note@20 */
	} else {
		mutex_lock(&b->lock);
		mutex_lock(&a->lock);		/* expect: LOCK003 note {{in an order the code tests}} note@23 */
	}
	a->count += b->count;
	mutex_unlock(&b->lock);
	mutex_unlock(&a->lock);
}

static void lock_two_untested(struct bucket *a, struct bucket *b)
{
	if (a->count > b->count)
		return;
	mutex_lock(&a->lock);
	mutex_lock(&b->lock);			/* expect: LOCK003 error {{a plain blocking acquisition}} note@35 */
	mutex_unlock(&b->lock);
	mutex_unlock(&a->lock);
}
