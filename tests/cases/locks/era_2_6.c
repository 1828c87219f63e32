/*
 * The 2.6.3x names: anon_vma->lock and mapping->i_mmap_lock are spinlocks,
 * mm->mmap_sem an rw_semaphore, page_lock_anon_vma() returns the anon_vma it
 * locked.  Each guards reads of vm_start/vm_pgoff; the documented order puts
 * i_mmap_lock before anon_vma->lock.
 */
static int anon_walk_count(struct page *page, struct anon_vma *anon_vma)
{
	struct vm_area_struct *vma;
	unsigned long address;
	int mapped = 0;

	spin_lock(&anon_vma->lock);
	list_for_each_entry(vma, &anon_vma->head, anon_vma_node) {
		address = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
		if (address < vma->vm_end)
			mapped++;
	}
	spin_unlock(&anon_vma->lock);
	return mapped;
}

static int file_walk_count(struct page *page, struct address_space *mapping)
{
	struct vm_area_struct *vma;
	struct prio_tree_iter iter;
	pgoff_t pgoff = page->index;
	int mapped = 0;

	spin_lock(&mapping->i_mmap_lock);
	vma_prio_tree_foreach(vma, &iter, &mapping->i_mmap, pgoff, pgoff) {
		if (vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT) < vma->vm_end)
			mapped++;
	}
	spin_unlock(&mapping->i_mmap_lock);
	return mapped;
}

static int locked_page_walk(struct page *page)
{
	struct anon_vma *anon_vma;
	struct vm_area_struct *vma;
	int n = 0;

	anon_vma = page_lock_anon_vma(page);
	if (!anon_vma)
		return 0;
	list_for_each_entry(vma, &anon_vma->head, anon_vma_node)
		n += vma->vm_pgoff != 0;
	page_unlock_anon_vma(anon_vma);
	return n;
}

static int addr_is_mapped(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	int ret = 0;

	down_read(&mm->mmap_sem);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start <= addr)
		ret = 1;
	up_read(&mm->mmap_sem);
	return ret;
}

static void adjust_under_both(struct vm_area_struct *vma, struct address_space *mapping,
			      unsigned long end)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	down_write(&vma->vm_mm->mmap_sem);
	spin_lock(&mapping->i_mmap_lock);
	spin_lock(&anon_vma->lock);
	vma->vm_end = end;
	spin_unlock(&anon_vma->lock);
	spin_unlock(&mapping->i_mmap_lock);
	up_write(&vma->vm_mm->mmap_sem);
}

static unsigned long old_vma_address(struct page *page, struct vm_area_struct *vma)
{
	pgoff_t pgoff = page->index;
	unsigned long address;

	address = vma->vm_start;		/* expect: LOCK001 note {{vma->vm_start is read}}
						   {{its callers must hold one}} */
	address += (pgoff - vma->vm_pgoff) << PAGE_SHIFT;	/* expect: LOCK001 note {{vma->vm_pgoff is read}}
								   {{its callers must hold one}} */
	return address;
}

static void old_pair_lock(struct vm_area_struct *vma, struct vm_area_struct *next)
{
	spin_lock(&vma->anon_vma->lock);
	spin_lock(&next->anon_vma->lock);	/* expect: LOCK003 error {{second lock of class anon_vma.lock}}
						   {{CPU0 holds vma->anon_vma->lock and wants next->anon_vma->lock}}
						   note@95 */
	vma_touch(next);
	spin_unlock(&next->anon_vma->lock);
	spin_unlock(&vma->anon_vma->lock);
}
