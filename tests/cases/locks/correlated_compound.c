/* expect: none */
/*
 * A lock taken under a compound test (a && !b) and released under the same
 * compound test.  Where the first test held, the second holds too: on no path
 * is the lock left held.
 */
static int touch_file_only(struct vm_area_struct *vma, struct file *file)
{
	int err;

	if (file && !vma->anon_vma)
		i_mmap_lock_write(file->f_mapping);
	err = vma_touch(vma);
	if (file && !vma->anon_vma)
		i_mmap_unlock_write(file->f_mapping);
	if (err)
		return err;
	return 0;
}
