/*
 * A helper that locks an anon_vma and moves to its root when the two differ
 * returns the root, locked on every path: where "anon_vma != root" is false
 * the lock it took is the root's.  Its callers hold the root's lock from the
 * call on, and name it through the pointer the call returned.
 */
static struct anon_vma *anon_vma_lock_root_of(struct anon_vma *anon_vma)
{
	struct anon_vma *root;

	spin_lock(&anon_vma->lock);
	root = anon_vma->root;
	if (anon_vma != root) {
		spin_unlock(&anon_vma->lock);
		spin_lock(&root->lock);
	}
	return root;
}

static void walk_nested(struct anon_vma *anon_vma, struct anon_vma_chain *avc)
{
	struct anon_vma *root = anon_vma_lock_root_of(anon_vma);

	spin_lock(&avc->anon_vma->lock);	/* expect: LOCK003 error {{second lock of class anon_vma.lock}}
					   {{CPU0 holds anon_vma->root->lock and wants avc->anon_vma->lock}}
					   note@22 */
	visit(avc);
	spin_unlock(&avc->anon_vma->lock);
	spin_unlock(&root->lock);
}

static void walk_balanced(struct anon_vma *anon_vma, struct anon_vma_chain *avc)
{
	struct anon_vma *root = anon_vma_lock_root_of(anon_vma);

	visit(avc);
	spin_unlock(&root->lock);
}
