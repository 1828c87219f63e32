/*
 * Today's names: anon_vma_lock_read/write() on the root's rwsem,
 * i_mmap_lock_read/write() on mapping->i_mmap_rwsem, mmap_read/write_lock()
 * on mm->mmap_lock, folio_lock_anon_vma_read(), the per-VMA lock taken by
 * vma_start_write() and held until the mmap lock is dropped.
 */
static int anon_rmap_count(struct folio *folio, struct anon_vma *anon_vma, pgoff_t pgoff)
{
	struct anon_vma_chain *avc;
	int n = 0;

	anon_vma_lock_read(anon_vma);
	anon_vma_interval_tree_foreach(avc, &anon_vma->rb_root, pgoff, pgoff) {
		struct vm_area_struct *vma = avc->vma;

		if (vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT) < vma->vm_end)
			n++;
	}
	anon_vma_unlock_read(anon_vma);
	return n;
}

static int file_rmap_count(struct address_space *mapping, pgoff_t pgoff)
{
	struct vm_area_struct *vma;
	int n = 0;

	i_mmap_lock_read(mapping);
	vma_interval_tree_foreach(vma, &mapping->i_mmap, pgoff, pgoff)
		n += vma->vm_pgoff <= pgoff;
	i_mmap_unlock_read(mapping);
	return n;
}

static int folio_walk(struct folio *folio)
{
	struct anon_vma *anon_vma;
	struct anon_vma_chain *avc;
	int n = 0;

	anon_vma = folio_lock_anon_vma_read(folio, NULL);
	if (!anon_vma)
		return 0;
	anon_vma_interval_tree_foreach(avc, &anon_vma->rb_root, 0, ULONG_MAX)
		n += avc->vma->vm_start != 0;
	anon_vma_unlock_read(anon_vma);
	return n;
}

static int shrink_vma_end(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long end)
{
	struct address_space *mapping = NULL;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	vma_start_write(vma);
	if (vma->vm_file)
		mapping = vma->vm_file->f_mapping;
	if (mapping)
		i_mmap_lock_write(mapping);
	if (vma->anon_vma)
		anon_vma_lock_write(vma->anon_vma);
	vma->vm_end = end;
	if (vma->anon_vma)
		anon_vma_unlock_write(vma->anon_vma);
	if (mapping)
		i_mmap_unlock_write(mapping);
	mmap_write_unlock(mm);
	return 0;
}

static unsigned long vma_len_at(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	unsigned long len = 0;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma)
		len = vma->vm_end - vma->vm_start;
	mmap_read_unlock(mm);
	return len;
}

static unsigned long start_under_vma_lock(struct vm_area_struct *vma)
{
	unsigned long start;

	if (!vma_start_read(vma))
		return 0;
	start = vma->vm_start;
	vma_end_read(vma);
	return start;
}

static void grow_after_unlock(struct mm_struct *mm, struct vm_area_struct *vma,
			      unsigned long end)
{
	mmap_write_lock(mm);
	vma_start_write(vma);
	vma_touch(vma);
	mmap_write_unlock(mm);
	vma->vm_end = end;			/* expect: LOCK002 warning {{vma->vm_end is written without}} */
}
