/*
 * vma_start_write() write-locks the VMA until the mmap lock is released:
 * mmap_write_unlock() drops the VMA write locks with it.  A read after the
 * unlock holds neither, and the path released them.
 */
static unsigned long start_after_unlock(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	vma_start_write(vma);
	vma_touch(vma);
	mmap_write_unlock(mm);
	return vma->vm_start;			/* expect: LOCK001 warning {{vma->vm_start is read}}
						   {{the path released one of them before}} */
}
