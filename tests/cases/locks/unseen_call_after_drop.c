/*
 * A helper that drops its caller's lock, hands the object to a function not
 * in view, then takes the lock again and drops it: the unseen call may have
 * taken the lock, so a second unlock after it is no double unlock, but the
 * caller's lock is still dropped on every path (what the caller sees).
 */
struct node { spinlock_t lock; struct node *up; int dead; };

static void node_kill(struct node *n)
{
	if (n->up)
		spin_unlock(&n->lock);
	else
		spin_unlock(&n->lock);
	spin_lock(&n->lock);
	n->dead = 1;
	spin_unlock(&n->lock);
	if (n->dead)
		node_free(n);
}

static void node_prune(struct node *n)
{
	spin_lock(&n->lock);
	node_kill(n);
}

static void node_unlock_twice(struct node *n)
{
	spin_lock(&n->lock);
	spin_unlock(&n->lock);
	node_relock(n);
	spin_unlock(&n->lock);
}

static void node_unlock_twice_in_view(struct node *n)
{
	spin_lock(&n->lock);
	spin_unlock(&n->lock);
	n->dead = 1;
	spin_unlock(&n->lock);		/* expect: LOCK005 warning {{which this path has already unlocked}} */
}
