/*
 * Trees are locked parent first, the child annotated with a lockdep
 * subclass: a dentry's d_lock under its parent's.  The child is the object
 * the parent is reached from by one field (node->parent), by a name the path
 * knows for it (parent = READ_ONCE(node->parent)), or an element walked from
 * the parent's list.  That nesting is a note; one of another shape stays a
 * warning, and a child taken without the annotation stays an error.
 */
struct tnode {
	spinlock_t lock;
	struct tnode *parent;
	struct list_head children;
	struct list_head sibling;
	struct tnode *peer;
	int count;
};

static void lock_with_parent(struct tnode *node)
{
	spin_lock(&node->parent->lock);
	spin_lock_nested(&node->lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 note {{on a child of node->parent->lock's object}}
								   note@20 */
	node->count++;
	spin_unlock(&node->lock);
	spin_unlock(&node->parent->lock);
}

static void lock_read_parent(struct tnode *node)
{
	struct tnode *parent;

again:
	parent = READ_ONCE(node->parent);
	spin_lock(&parent->lock);
	if (parent != node->parent) {
		spin_unlock(&parent->lock);
		goto again;
	}
	spin_lock_nested(&node->lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 note {{on a child of node->parent->lock's object}}
								   note@34 */
	spin_unlock(&node->lock);
	spin_unlock(&parent->lock);
}

static int count_children(struct tnode *node)
{
	struct tnode *child;
	int n = 0;

	spin_lock(&node->lock);
	list_for_each_entry(child, &node->children, sibling) {
		spin_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 note {{on a child of node->lock's object}}
									   note@50 */
		n += child->count;
		spin_unlock(&child->lock);
	}
	spin_unlock(&node->lock);
	return n;
}

static void lock_peer_of_child(struct tnode *node)
{
	struct tnode *child;

	spin_lock(&node->lock);
	list_for_each_entry(child, &node->children, sibling) {
		spin_lock_nested(&child->peer->lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 warning {{a lockdep subclass annotation, which tells lockdep}}
										   note@65 */
		spin_unlock(&child->peer->lock);
	}
	spin_unlock(&node->lock);
}

static void lock_child_unannotated(struct tnode *node)
{
	spin_lock(&node->parent->lock);
	spin_lock(&node->lock);		/* expect: LOCK003 error {{a plain blocking acquisition}}
					   note@76 */
	spin_unlock(&node->lock);
	spin_unlock(&node->parent->lock);
}

/*
 * The child reached by list_entry() from a node of the parent's list, as
 * scan_positives() does: an element of a list, locked with a subclass
 * under its parent's lock.
 */
static struct tnode *first_busy_child(struct tnode *parent)
{
	struct list_head *p = &parent->children;
	struct tnode *found = NULL;

	spin_lock(&parent->lock);
	while ((p = p->next) != &parent->children) {
		struct tnode *child = list_entry(p, struct tnode, sibling);

		spin_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 note {{on a child of}}
									   note@93 */
		if (child->busy) {
			found = child;
			spin_unlock(&child->lock);
			break;
		}
		spin_unlock(&child->lock);
	}
	spin_unlock(&parent->lock);
	return found;
}
