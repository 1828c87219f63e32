/*
 * Two locks of one class, the order chosen by a relation of their objects
 * that the code computed and tested (which of two directories is the other's
 * ancestor): the branch taken locks the ancestor first, the other with a
 * lockdep subclass.  The protocol is the code's, not one the analysis checks:
 * a note, on each branch.  Without the test the nesting is a warning.
 */
struct folder {
	spinlock_t lock;
	struct folder *parent;
	int entries;
};

struct folder *folder_ancestor(struct folder *a, struct folder *b);

static void folder_link(struct folder *from, struct folder *to)
{
	struct folder *p = folder_ancestor(from, to);

	if (!p) {
		spin_lock(&to->lock);
		spin_lock_nested(&from->lock, 1);	/* expect: LOCK003 note {{in an order the code tests}} note@21 */
	} else {
		spin_lock(&from->lock);
		spin_lock_nested(&to->lock, 1);		/* expect: LOCK003 note {{in an order the code tests}} note@24 */
	}
	from->entries--;
	to->entries++;
	spin_unlock(&to->lock);
	spin_unlock(&from->lock);
}

static void folder_merge(struct folder *from, struct folder *to)
{
	spin_lock(&to->lock);
	spin_lock_nested(&from->lock, 1);		/* expect: LOCK003 warning {{lockdep subclass annotation}} note@35 */
	to->entries += from->entries;
	spin_unlock(&from->lock);
	spin_unlock(&to->lock);
}
