/*
 * Lock classes from the struct definitions in the file: s->parent is a
 * struct shelf *, so s->parent->sem and s->sem are two locks of the class
 * shelf.sem, and taking the child's under the parent's is nesting (annotated,
 * parent first: a note).
 */
struct shelf {
	struct rw_semaphore sem;
	struct shelf *parent;
	long items;
};

static void shelf_move_up(struct shelf *s)
{
	down_write(&s->parent->sem);
	down_write_nested(&s->sem, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 note {{a lock of class shelf.sem}}
								   {{on a child of s->parent->sem's object}}
								   note@15 */
	s->parent->items += s->items;
	s->items = 0;
	up_write(&s->sem);
	up_write(&s->parent->sem);
}
