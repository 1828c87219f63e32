/*
 * Error paths through goto: a ladder of labels that releases what was taken,
 * in reverse order, is balanced; a return that bypasses the ladder is not.
 */
static int attach_chain(struct anon_vma *anon_vma, struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc;
	int err = -ENOMEM;

	avc = anon_vma_chain_alloc(GFP_KERNEL);
	if (!avc)
		goto out;
	anon_vma_lock_write(anon_vma);
	if (vma->anon_vma) {
		err = -EEXIST;
		goto out_unlock;
	}
	if (anon_vma_chain_link(vma, avc, anon_vma)) {
		err = -EINVAL;
		goto out_unlock;
	}
	vma->anon_vma = anon_vma;
	err = 0;
out_unlock:
	anon_vma_unlock_write(anon_vma);
	if (err)
		anon_vma_chain_free(avc);
out:
	return err;
}

static int relink_file_vma(struct mm_struct *mm, struct vm_area_struct *vma,
			   struct address_space *mapping)
{
	int err;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	err = -ENOENT;
	if (!vma->vm_file)
		goto out_mmap;
	i_mmap_lock_write(mapping);
	err = -EBUSY;
	if (mapping_busy(mapping))
		goto out_i_mmap;
	vma_interval_tree_remove(vma, &mapping->i_mmap);
	vma_interval_tree_insert(vma, &mapping->i_mmap);
	err = 0;
out_i_mmap:
	i_mmap_unlock_write(mapping);
out_mmap:
	mmap_write_unlock(mm);
	return err;
}

static void unlink_file_vma_early(struct vm_area_struct *vma, struct address_space *mapping)
{
	i_mmap_lock_write(mapping);
	if (!vma->vm_file)
		return;				/* expect: LOCK005 warning {{leaves with mapping->i_mmap_rwsem held}}
						   note@58 note@64 {{exit without the lock}} */
	vma_interval_tree_remove(vma, &mapping->i_mmap);
	i_mmap_unlock_write(mapping);
}
