/*
 * Contracts: vma_adjust(), __split_vma() and the like run with the mmap
 * lock held for write by their callers (rules/mm.toml).  The same body
 * under another name has no such contract: its writes are notes.
 */
int vma_adjust(struct vm_area_struct *vma, unsigned long start, unsigned long end,
	       pgoff_t pgoff)
{
	struct address_space *mapping = NULL;
	struct anon_vma *anon_vma = vma->anon_vma;

	if (vma->vm_file)
		mapping = vma->vm_file->f_mapping;
	if (mapping)
		i_mmap_lock_write(mapping);
	if (anon_vma)
		anon_vma_lock_write(anon_vma);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	if (anon_vma)
		anon_vma_unlock_write(anon_vma);
	if (mapping)
		i_mmap_unlock_write(mapping);
	return 0;
}

int __split_vma(struct vm_area_struct *vma, unsigned long addr, int new_below)
{
	if (addr <= vma->vm_start || addr >= vma->vm_end)
		return -EINVAL;
	return split_at(vma, addr, (addr - vma->vm_start) >> PAGE_SHIFT, new_below);
}

int vma_set_range(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		  pgoff_t pgoff)
{
	struct address_space *mapping = NULL;
	struct anon_vma *anon_vma = vma->anon_vma;

	if (vma->vm_file)
		mapping = vma->vm_file->f_mapping;
	if (mapping)
		i_mmap_lock_write(mapping);
	if (anon_vma)
		anon_vma_lock_write(anon_vma);
	vma->vm_start = start;			/* expect: LOCK002 note {{vma->vm_start is written without}} */
	vma->vm_end = end;			/* expect: LOCK002 note {{vma->vm_end is written without}} */
	vma->vm_pgoff = pgoff;			/* expect: LOCK002 note {{vma->vm_pgoff is written without}} */
	if (anon_vma)
		anon_vma_unlock_write(anon_vma);
	if (mapping)
		i_mmap_unlock_write(mapping);
	return 0;
}
