/*
 * The names between the two eras (2.6.36 to 3.7): anon_vma_lock() and
 * vma_lock_anon_vma() take the root anon_vma's lock (a spinlock, then from
 * 3.0 anon_vma->root->mutex), and mapping->i_mmap_mutex replaced
 * i_mmap_lock.  They guard vm_start/vm_pgoff as their successors do, and
 * keep the documented order (i_mmap before anon_vma).
 */
static int anon_walk_root(struct page *page, struct anon_vma *anon_vma)
{
	struct anon_vma_chain *avc;
	int mapped = 0;

	anon_vma_lock(anon_vma);
	list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
		struct vm_area_struct *vma = avc->vma;

		if (vma->vm_pgoff <= page->index)
			mapped++;
	}
	anon_vma_unlock(anon_vma);
	return mapped;
}

static unsigned long vma_size_locked(struct vm_area_struct *vma)
{
	unsigned long size;

	vma_lock_anon_vma(vma);
	size = vma->vm_end - vma->vm_start;
	vma_unlock_anon_vma(vma);
	return size;
}

static int file_walk_mutex(struct address_space *mapping, pgoff_t pgoff)
{
	struct vm_area_struct *vma;
	int mapped = 0;

	mutex_lock(&mapping->i_mmap_mutex);
	vma_interval_tree_foreach(vma, &mapping->i_mmap, pgoff, pgoff)
		mapped += vma->vm_pgoff <= pgoff;
	mutex_unlock(&mapping->i_mmap_mutex);
	return mapped;
}

static void relink_inverted_3x(struct anon_vma *anon_vma, struct address_space *mapping)
{
	mutex_lock(&anon_vma->root->mutex);
	mutex_lock(&mapping->i_mmap_mutex);	/* expect: LOCK004 warning {{mutex_lock(&mapping->i_mmap_mutex) takes i_mmap}}
						   {{Lock ordering in mm (mm/rmap.c, Linux 2.6.34) puts i_mmap before anon_vma}}
						   note@48 */
	relink(anon_vma, mapping);
	mutex_unlock(&mapping->i_mmap_mutex);
	mutex_unlock(&anon_vma->root->mutex);
}
