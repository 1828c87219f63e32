/*
 * struct rw_semaphore: down_read/down_write, their _killable and _trylock
 * forms, downgrade_write, and the _nested and _nest_lock annotations.
 */
struct shelf {
	struct rw_semaphore sem;
	struct shelf *parent;
	long items;
};

struct library {
	struct rw_semaphore sem;
	long shelves;
};

static long shelf_items(struct shelf *s)
{
	long n;

	down_read(&s->sem);
	n = s->items;
	up_read(&s->sem);
	return n;
}

static void shelf_add(struct shelf *s, long n)
{
	down_write(&s->sem);
	s->items += n;
	up_write(&s->sem);
}

static int shelf_items_killable(struct shelf *s, long *n)
{
	if (down_read_killable(&s->sem))
		return -EINTR;
	*n = s->items;
	up_read(&s->sem);
	return 0;
}

static int shelf_add_killable(struct shelf *s, long n)
{
	int err = down_write_killable(&s->sem);

	if (err)
		return err;
	s->items += n;
	up_write(&s->sem);
	return 0;
}

static long shelf_try_items(struct shelf *s)
{
	long n = -1;

	if (down_read_trylock(&s->sem)) {
		n = s->items;
		up_read(&s->sem);
	}
	return n;
}

static int shelf_try_add(struct shelf *s, long n)
{
	if (!down_write_trylock(&s->sem))
		return -EBUSY;
	s->items += n;
	up_write(&s->sem);
	return 0;
}

static long shelf_fill_then_count(struct shelf *s, long n)
{
	long total;

	down_write(&s->sem);
	s->items += n;
	downgrade_write(&s->sem);
	total = s->items;
	up_read(&s->sem);
	return total;
}

static void shelf_move_up(struct shelf *parent, struct shelf *s)
{
	down_write(&parent->sem);
	down_write_nested(&s->sem, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 warning {{second lock of class shelf.sem}}
								   {{lockdep subclass annotation}}
								   {{CPU0 holds parent->sem and wants s->sem}}
								   note@87 */
	parent->items += s->items;
	s->items = 0;
	up_write(&s->sem);
	up_write(&parent->sem);
}

static long shelf_peek_child(struct shelf *parent, struct shelf *child)
{
	long n;

	down_read(&parent->sem);
	down_read_nested(&child->sem, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 warning {{second lock of class shelf.sem}}
								   {{lockdep subclass annotation}}
								   {{CPU0 holds parent->sem and wants child->sem}}
								   note@102 */
	n = parent->items + child->items;
	up_read(&child->sem);
	up_read(&parent->sem);
	return n;
}

static void library_merge(struct library *lib, struct shelf *a, struct shelf *b)
{
	down_write(&lib->sem);
	down_write_nest_lock(&a->sem, &lib->sem);
	down_write_nest_lock(&b->sem, &lib->sem);		/* expect: LOCK003 note {{second lock of class shelf.sem}}
								   {{outer lock lib->sem, which is held}}
								   {{CPU0 holds a->sem and wants b->sem}}
								   note@116 */
	a->items += b->items;
	b->items = 0;
	up_write(&b->sem);
	up_write(&a->sem);
	up_write(&lib->sem);
}

static void shelf_grab_twice(struct shelf *s)
{
	down_write(&s->sem);
	s->items++;
	down_write(&s->sem);			/* expect: LOCK005 warning {{takes s->sem, which is already held}}
						   note@130 */
	s->items++;
	up_write(&s->sem);
}
