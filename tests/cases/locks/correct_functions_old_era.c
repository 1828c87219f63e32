/* expect: none */
/*
 * Correct code in the style of 2.6.3x mm: rmap walks under the anon_vma
 * spinlock and the i_mmap spinlock, page tables locked inside them, the
 * mmap_sem taken for read around a fault and for write around a split.
 */
static int referenced_one(struct page *page, struct vm_area_struct *vma,
			  unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pte_t *pte;
	int referenced = 0;

	pte = page_check_address(page, mm, address, &ptl, 0);
	if (!pte)
		goto out;
	if (ptep_clear_flush_young(vma, address, pte))
		referenced++;
	pte_unmap_unlock(pte, ptl);
out:
	return referenced;
}

static int referenced_anon(struct page *page)
{
	struct anon_vma *anon_vma;
	struct anon_vma_chain *avc;
	int referenced = 0;

	anon_vma = page_lock_anon_vma(page);
	if (!anon_vma)
		return referenced;
	list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
		struct vm_area_struct *vma = avc->vma;
		unsigned long address = vma->vm_start +
			((page->index - vma->vm_pgoff) << PAGE_SHIFT);

		if (address < vma->vm_start || address >= vma->vm_end)
			continue;
		referenced += referenced_one(page, vma, address);
	}
	page_unlock_anon_vma(anon_vma);
	return referenced;
}

static int unmap_file_old(struct page *page, struct address_space *mapping)
{
	struct vm_area_struct *vma;
	struct prio_tree_iter iter;
	pgoff_t pgoff = page->index;
	int ret = SWAP_AGAIN;

	spin_lock(&mapping->i_mmap_lock);
	vma_prio_tree_foreach(vma, &iter, &mapping->i_mmap, pgoff, pgoff) {
		unsigned long address = vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);

		spin_lock(&vma->vm_mm->page_table_lock);
		ret = unmap_at(page, vma, address);
		spin_unlock(&vma->vm_mm->page_table_lock);
		if (ret != SWAP_AGAIN)
			goto out;
	}
out:
	spin_unlock(&mapping->i_mmap_lock);
	return ret;
}

static int fault_old(struct mm_struct *mm, unsigned long address, int write)
{
	struct vm_area_struct *vma;
	int fault = VM_FAULT_SIGBUS;

	down_read(&mm->mmap_sem);
	vma = find_vma(mm, address);
	if (!vma)
		goto bad_area;
	if (vma->vm_start > address) {
		if (!(vma->vm_flags & VM_GROWSDOWN))
			goto bad_area;
		if (expand_stack(vma, address))
			goto bad_area;
	}
	fault = handle_mm_fault(mm, vma, address, write);
bad_area:
	up_read(&mm->mmap_sem);
	return fault;
}

static int split_old(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	int err = -EINVAL;

	down_write(&mm->mmap_sem);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start < addr && addr < vma->vm_end)
		err = split_vma(mm, vma, addr, 0);
	up_write(&mm->mmap_sem);
	return err;
}

static void anon_vma_link_old(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (anon_vma) {
		spin_lock(&anon_vma->lock);
		list_add_tail(&vma->anon_vma_node, &anon_vma->head);
		spin_unlock(&anon_vma->lock);
	}
}
