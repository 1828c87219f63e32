/* expect: none */
/*
 * Correct code of the kinds mm is made of: the tool must stay silent on all
 * of it.
 */
static long count_range_pages(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma;
	long pages = 0;
	VMA_ITERATOR(vmi, mm, start);

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	for_each_vma_range(vmi, vma, end) {
		if (vma->vm_flags & VM_IO)
			break;
		pages += (min(end, vma->vm_end) - max(start, vma->vm_start)) >> PAGE_SHIFT;
	}
	mmap_read_unlock(mm);
	return pages;
}

static int clear_young_range(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			     unsigned long end)
{
	spinlock_t *ptl;
	pte_t *pte;
	int young = 0;

	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return 0;
	for (; addr < end; pte++, addr += PAGE_SIZE) {
		if (!pte_present(*pte))
			continue;
		young |= ptep_test_and_clear_young(pte);
	}
	pte_unmap_unlock(pte - 1, ptl);
	return young;
}

static int move_vma_start(struct mm_struct *mm, struct vm_area_struct *vma,
			  unsigned long start, pgoff_t pgoff)
{
	struct address_space *mapping = NULL;
	struct anon_vma *anon_vma = vma->anon_vma;

	mmap_write_lock(mm);
	vma_start_write(vma);
	if (vma->vm_file) {
		mapping = vma->vm_file->f_mapping;
		i_mmap_lock_write(mapping);
	}
	if (anon_vma)
		anon_vma_lock_write(anon_vma);
	vma->vm_start = start;
	vma->vm_pgoff = pgoff;
	if (anon_vma)
		anon_vma_unlock_write(anon_vma);
	if (mapping)
		i_mmap_unlock_write(mapping);
	mmap_write_unlock(mm);
	return 0;
}

static int fault_in_with_retry(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	int ret;

retry:
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr) {
		mmap_read_unlock(mm);
		return -EFAULT;
	}
	ret = handle_fault(vma, addr);
	if (ret == -EAGAIN) {
		mmap_read_unlock(mm);
		cond_resched();
		goto retry;
	}
	mmap_read_unlock(mm);
	return ret;
}

static unsigned long populate_then_report(struct mm_struct *mm, struct vm_area_struct *vma,
					  unsigned long end)
{
	unsigned long len;

	mmap_write_lock(mm);
	vma->vm_end = end;
	mmap_write_downgrade(mm);
	len = vma->vm_end - vma->vm_start;
	populate(vma);
	mmap_read_unlock(mm);
	return len;
}

static int unmap_file_range(struct address_space *mapping, pgoff_t first, pgoff_t last)
{
	struct vm_area_struct *vma;
	int unmapped = 0;

	i_mmap_lock_read(mapping);
	vma_interval_tree_foreach(vma, &mapping->i_mmap, first, last) {
		unsigned long start = vma->vm_start + ((first - vma->vm_pgoff) << PAGE_SHIFT);

		spin_lock(&vma->vm_mm->page_table_lock);
		unmapped += zap_one(vma, start);
		spin_unlock(&vma->vm_mm->page_table_lock);
	}
	i_mmap_unlock_read(mapping);
	return unmapped;
}

static struct anon_vma *find_mergeable(struct vm_area_struct *vma)
	__must_hold(&vma->vm_mm->mmap_lock)
{
	struct anon_vma *found = NULL;
	struct vm_area_struct *near;

	near = vma->vm_next;
	if (near && near->vm_start == vma->vm_end && near->anon_vma)
		found = near->anon_vma;
	return found;
}

int expand_downwards(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	int error = 0;

	if (address >= vma->vm_start)
		return 0;
	anon_vma_lock_write(vma->anon_vma);
	if (address < vma->vm_start) {
		unsigned long grow = (vma->vm_start - address) >> PAGE_SHIFT;

		spin_lock(&mm->page_table_lock);
		vma->vm_start = address;
		vma->vm_pgoff -= grow;
		spin_unlock(&mm->page_table_lock);
	}
	anon_vma_unlock_write(vma->anon_vma);
	return error;
}
