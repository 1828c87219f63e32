/*
 * Statement expressions ({ ... }): one of expressions and initialized
 * declarations is read as its comma expression, so a trylock inside it is
 * held where its value is true; any other is a value nothing is known of,
 * and both branches of a test of it are read.
 */
struct pool { spinlock_t lock; int free; };

static int pool_move(struct pool *from, struct pool *into)
{
	if (({ int got = spin_trylock(&from->lock); got; })) {
		spin_lock(&into->lock);		/* expect: LOCK003 error {{second lock of class pool.lock}}
						   note@11 */
		into->free += from->free;
		from->free = 0;
		spin_unlock(&into->lock);
		spin_unlock(&from->lock);
		return 1;
	}
	return 0;
}

static void pool_merge(struct pool *from, struct pool *into, int limit)
{
	if (({ int over; if (limit > 8) over = 1; else over = 0; over; })) {
		spin_lock(&from->lock);
		spin_lock(&into->lock);		/* expect: LOCK003 error {{second lock of class pool.lock}}
						   note@26 */
		into->free += from->free;
		spin_unlock(&into->lock);
		spin_unlock(&from->lock);
	}
}
