/*
 * Lock identity follows the equality tests the code makes: where
 * "first != second" is false the two pointers name one object, and so do
 * their locks.  A pointer a lock was taken through is not NULL afterwards,
 * so "if (locked) unlock(locked)" pairs with the lock under "x != y".
 */
struct bucket {
	spinlock_t lock;
	struct bucket *root;
	int count;
};

static void move_to_root(struct bucket *b, struct bucket *root)
{
	spin_lock(&b->lock);
	if (b != root) {
		spin_unlock(&b->lock);
		spin_lock(&root->lock);
	}
	root->count++;
	spin_unlock(&root->lock);
}

static void move_to_root_equal_test(struct bucket *b, struct bucket *root)
{
	spin_lock(&b->lock);
	if (!(root == b)) {
		spin_unlock(&b->lock);
		spin_lock(&root->lock);
	}
	root->count++;
	spin_unlock(&root->lock);
}

static void second_if_other(struct bucket *x, struct bucket *y)
{
	spinlock_t *locked = NULL;

	if (x != y) {
		locked = &y->lock;
		spin_lock(locked);
	}
	bucket_merge(x, y);
	if (locked)
		spin_unlock(locked);
}

static void equal_only_where_tested(struct bucket *b, struct bucket *root)
{
	spin_lock(&b->lock);
	if (b == root)
		root->count++;
	spin_unlock(&root->lock);
}					/* expect: LOCK005 warning {{leaves with b->lock held}}
					   note@50 note@54 {{exit without the lock}} */
