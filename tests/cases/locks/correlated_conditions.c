/*
 * Correlated conditions: a lock taken under a test and released under the
 * same test is balanced on every path.  A release under a different test is
 * not.
 */
static void touch_anon(struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		spin_lock(&vma->anon_vma->lock);
	vma_touch(vma);
	if (vma->anon_vma)
		spin_unlock(&vma->anon_vma->lock);
}

static void touch_both(struct vm_area_struct *vma, struct address_space *mapping)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	if (mapping)
		spin_lock(&mapping->i_mmap_lock);
	if (anon_vma)
		spin_lock(&anon_vma->lock);
	vma_touch(vma);
	if (anon_vma)
		spin_unlock(&anon_vma->lock);
	if (mapping)
		spin_unlock(&mapping->i_mmap_lock);
}

static void touch_mismatched(struct vm_area_struct *vma, struct file *file)
{
	if (vma->anon_vma)
		anon_vma_lock_write(vma->anon_vma);
	vma_touch(vma);
	if (file)
		anon_vma_unlock_write(vma->anon_vma);
}						/* expect: LOCK005 warning {{leaves with vma->anon_vma->root->rwsem held}}
 						   note@33 note@37 {{exit without the lock}} */
