/*
 * An inversion of the documented order whose other edge is in view too: one
 * function takes i_mmap then anon_vma (the documented order), the other the
 * reverse.  That is a cycle with both edges in view: one LOCK004 finding at
 * the inverted acquisition, at error level (not a warning and an error for
 * the same acquisition).
 */
static void relink_in_order(struct vm_area_struct *vma, struct address_space *mapping)
{
	i_mmap_lock_write(mapping);
	anon_vma_lock_write(vma->anon_vma);
	relink(vma);
	anon_vma_unlock_write(vma->anon_vma);
	i_mmap_unlock_write(mapping);
}

static void relink_inverted(struct vm_area_struct *vma, struct address_space *mapping)
{
	anon_vma_lock_write(vma->anon_vma);
	i_mmap_lock_write(mapping);		/* expect: LOCK004 error {{i_mmap_lock_write(mapping) takes i_mmap while anon_vma_lock_write(vma->anon_vma) holds anon_vma}}
						   {{relink_in_order takes them the other way round at line 11: a cycle}}
						   note@19 note@11 */
	relink(vma);
	i_mmap_unlock_write(mapping);
	anon_vma_unlock_write(vma->anon_vma);
}
