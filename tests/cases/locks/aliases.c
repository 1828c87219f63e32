/*
 * Local aliases: a pointer initialised once from an access path names the
 * same lock as the path itself (struct anon_vma *tmp = vma->anon_vma).
 */
static unsigned long start_via_alias(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;
	unsigned long start;

	spin_lock(&av->lock);
	start = vma->vm_start;
	spin_unlock(&av->lock);
	return start;
}

static unsigned long unlock_through_path(struct vm_area_struct *vma)
{
	struct anon_vma *tmp = vma->anon_vma;
	unsigned long end;

	spin_lock(&tmp->lock);
	end = vma->vm_end;
	spin_unlock(&vma->anon_vma->lock);
	return end + vma->vm_pgoff;		/* expect: LOCK001 warning {{vma->vm_pgoff is read}}
						   {{the path released one of them before}} */
}

static int insert_via_alias(struct file *file, struct vm_area_struct *vma)
{
	struct address_space *mapping = file->f_mapping;

	i_mmap_lock_write(mapping);
	if (!vma->vm_file) {
		i_mmap_unlock_write(file->f_mapping);
		return -EINVAL;
	}
	vma_interval_tree_insert(vma, &mapping->i_mmap);
	i_mmap_unlock_write(mapping);
	return 0;
}

static void relock_via_alias(struct vm_area_struct *vma)
{
	struct anon_vma *tmp = vma->anon_vma;

	spin_lock(&vma->anon_vma->lock);
	vma_touch(vma);
	spin_lock(&tmp->lock);			/* expect: LOCK005 warning {{takes vma->anon_vma->lock, which is already held}}
						   note@46 */
	spin_unlock(&tmp->lock);
}

static void lock_next_via_alias(struct vm_area_struct *vma, struct vm_area_struct *next)
{
	struct anon_vma *tmp = next->anon_vma;

	spin_lock(&vma->anon_vma->lock);
	spin_lock(&tmp->lock);			/* expect: LOCK003 error {{second lock of class anon_vma.lock}}
						   {{CPU0 holds vma->anon_vma->lock and wants next->anon_vma->lock}}
						   note@57 */
	vma_touch(next);
	spin_unlock(&tmp->lock);
	spin_unlock(&vma->anon_vma->lock);
}
