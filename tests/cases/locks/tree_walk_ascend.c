/*
 * A walk down and back up a tree with one lock per level held: the child's
 * lock, taken under its parent's, becomes the walk's current lock when the
 * cursor moves down to it (cur = n); moving up, the old cursor's other name
 * (child = cur) still names the lock held when cur is assigned the parent.
 * A cursor taken from a list (list_entry) is an element of that list, not
 * another name of the object the walk holds.  Balanced, and each lock is
 * taken alone or as a child under its parent.
 */
struct tnode {
	spinlock_t lock;
	struct tnode *up;
	struct list_head kids;
	struct list_head sibling;
	int flags;
};

static void tnode_walk(struct tnode *top, int (*visit)(struct tnode *))
{
	struct tnode *cur;
	struct list_head *next;

	cur = top;
	spin_lock(&cur->lock);
down:
	next = cur->kids.next;
again:
	while (next != &cur->kids) {
		struct tnode *n = list_entry(next, struct tnode, sibling);

		next = next->next;
		spin_lock_nested(&n->lock, 1);	/* expect: LOCK003 note {{on a child of cur->lock's object}} note@24 */
		if (visit(n) && !list_empty(&n->kids)) {
			spin_unlock(&cur->lock);
			cur = n;
			goto down;
		}
		spin_unlock(&n->lock);
	}
up:
	if (cur != top) {
		struct tnode *child = cur;

		cur = child->up;
		spin_unlock(&child->lock);
		spin_lock(&cur->lock);
		next = child->sibling.next;
		if (next == &cur->kids)
			goto up;
		goto again;
	}
	spin_unlock(&cur->lock);
}
