/*
 * Loops: a lock taken and released inside the body, iterator macros
 * (for_each_vma, list_for_each_entry, anon_vma_interval_tree_foreach), a
 * break that leaves the loop with the lock held and a flag saying so, and a
 * second anon_vma lock taken inside an rmap walk (LOCK003).
 */
struct bucket {
	spinlock_t lock;
	struct list_head node;
	int pending;
};

static void clear_buckets(struct bucket *table, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		spin_lock(&table[i].lock);
		table[i].pending = 0;
		spin_unlock(&table[i].lock);
	}
}

static unsigned long total_span(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long total = 0;
	VMA_ITERATOR(vmi, mm, 0);

	mmap_read_lock(mm);
	for_each_vma(vmi, vma)
		total += vma->vm_end - vma->vm_start;
	mmap_read_unlock(mm);
	return total;
}

static void flush_buckets(struct list_head *head)
{
	struct bucket *b;

	list_for_each_entry(b, head, node) {
		spin_lock(&b->lock);
		b->pending = 0;
		spin_unlock(&b->lock);
	}
}

static int take_first_pending(struct list_head *head)
{
	struct bucket *b;
	int found = 0, n;

	list_for_each_entry(b, head, node) {
		spin_lock(&b->lock);
		if (b->pending) {
			found = 1;
			break;
		}
		spin_unlock(&b->lock);
	}
	if (!found)
		return 0;
	n = b->pending;
	b->pending = 0;
	spin_unlock(&b->lock);
	return n;
}

static void drain_until_empty(struct bucket *b)
{
	do {
		spin_lock(&b->lock);
		b->pending--;
		spin_unlock(&b->lock);
	} while (bucket_busy(b));
}

static int count_mapped(struct anon_vma *anon_vma, pgoff_t first, pgoff_t last)
{
	struct anon_vma_chain *avc;
	int n = 0;

	anon_vma_lock_read(anon_vma);
	anon_vma_interval_tree_foreach(avc, &anon_vma->rb_root, first, last) {
		struct vm_area_struct *vma = avc->vma;

		if (vma->vm_start <= first && first < vma->vm_end)
			n++;
	}
	anon_vma_unlock_read(anon_vma);
	return n;
}

static void walk_locking_others(struct anon_vma *anon_vma)
{
	struct anon_vma_chain *avc;

	spin_lock(&anon_vma->lock);
	list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
		struct anon_vma *other = avc->vma->anon_vma;

		if (other != anon_vma)
			spin_lock(&other->lock);	/* expect: LOCK003 error {{second lock of class anon_vma.lock}}
							   {{CPU0 holds anon_vma->lock and wants avc->vma->anon_vma->lock}}
							   note@98 */
		vma_touch(avc->vma);
		if (other != anon_vma)
			spin_unlock(&other->lock);
	}
	spin_unlock(&anon_vma->lock);
}
