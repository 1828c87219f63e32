/*
 * The documented order ("Lock ordering in mm", mm/rmap.c): mmap lock, then
 * i_mmap lock, then anon_vma lock, then page_table_lock.  Taking an earlier
 * one while a later one is held is LOCK004 (warning), in either era.
 */
static void set_end_in_order(struct mm_struct *mm, struct vm_area_struct *vma,
			     struct address_space *mapping, unsigned long end)
{
	mmap_write_lock(mm);
	i_mmap_lock_write(mapping);
	vma->vm_end = end;
	flush_range(mm, vma);
	i_mmap_unlock_write(mapping);
	mmap_write_unlock(mm);
}

static void zap_in_order(struct mm_struct *mm, struct address_space *mapping)
{
	mmap_read_lock(mm);
	spin_lock(&mm->page_table_lock);
	zap_tables(mm);
	spin_unlock(&mm->page_table_lock);
	mmap_read_unlock(mm);
}

static void unlink_inverted(struct vm_area_struct *vma, struct address_space *mapping)
{
	anon_vma_lock_write(vma->anon_vma);
	i_mmap_lock_write(mapping);		/* expect: LOCK004 warning {{i_mmap_lock_write(mapping) takes i_mmap}}
						   {{Lock ordering in mm (mm/rmap.c, Linux 6.1) puts i_mmap before anon_vma}}
						   note@28 */
	unlink_both(vma);
	i_mmap_unlock_write(mapping);
	anon_vma_unlock_write(vma->anon_vma);
}

static void unlink_inverted_old(struct anon_vma *anon_vma, struct address_space *mapping)
{
	spin_lock(&anon_vma->lock);
	spin_lock(&mapping->i_mmap_lock);	/* expect: LOCK004 warning {{spin_lock(&mapping->i_mmap_lock) takes i_mmap}}
						   {{Lock ordering in mm (mm/rmap.c, Linux 2.6.34) puts i_mmap before anon_vma}}
						   note@39 */
	unlink_both_old(anon_vma, mapping);
	spin_unlock(&mapping->i_mmap_lock);
	spin_unlock(&anon_vma->lock);
}

static void table_then_anon(struct mm_struct *mm, struct anon_vma *anon_vma)
{
	spin_lock(&mm->page_table_lock);
	spin_lock(&anon_vma->lock);		/* expect: LOCK004 warning {{spin_lock(&anon_vma->lock) takes anon_vma}}
						   {{Lock ordering in mm (mm/rmap.c, Linux 2.6.34) puts anon_vma before page_table}}
						   note@50 */
	move_tables(mm, anon_vma);
	spin_unlock(&anon_vma->lock);
	spin_unlock(&mm->page_table_lock);
}
