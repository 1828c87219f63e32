/*
 * Flag variables: the lock is released where a flag set next to the
 * acquisition says it was taken.  Balanced on every path, loops included;
 * a return that skips the flagged release is found.
 */
struct batch {
	spinlock_t lock;
	struct mutex mutex;
	int pending;
};

static void walk_with_flag(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;
	int locked = 0;

	if (anon_vma) {
		spin_lock(&anon_vma->lock);
		locked = 1;
	}
	vma_touch(vma);
	if (locked)
		spin_unlock(&anon_vma->lock);
}

static void walk_with_bool(struct vm_area_struct *vma, struct address_space *mapping)
{
	bool need_unlock = false;

	if (vma->vm_file && !vma_is_anonymous(vma)) {
		i_mmap_lock_read(mapping);
		need_unlock = true;
	}
	vma_touch(vma);
	if (need_unlock)
		i_mmap_unlock_read(mapping);
}

static void drain_with_breaks(struct batch *b, int n)
{
	int i, locked = 0;

	for (i = 0; i < n; i++) {
		if (!locked) {
			spin_lock(&b->lock);
			locked = 1;
		}
		b->pending--;
		if (need_resched()) {
			spin_unlock(&b->lock);
			locked = 0;
			cond_resched();
		}
	}
	if (locked)
		spin_unlock(&b->lock);
}

static void flush_flagged(struct batch *b, int need)
{
	bool locked = false;

	if (need) {
		mutex_lock(&b->mutex);
		locked = true;
	}
	if (b->pending < 0)
		return;				/* expect: LOCK005 warning {{leaves with b->mutex held}}
						   note@64 note@73 {{exit without the lock}} */
	b->pending = 0;
	if (locked)
		mutex_unlock(&b->mutex);
}
