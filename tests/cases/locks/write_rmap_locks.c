/*
 * Writers of vm_start/vm_end/vm_pgoff need the mmap lock for write and the
 * rmap locks the vma has (its anon_vma lock, its mapping's i_mmap lock), so
 * that rmap walkers, which hold only those, see a consistent vma.  This vma
 * has an anon_vma (its lock is taken); vm_end is written after that lock was
 * released.
 */
static void set_range(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long start, unsigned long end)
{
	mmap_write_lock(mm);
	anon_vma_lock_write(vma->anon_vma);
	vma->vm_start = start;
	anon_vma_unlock_write(vma->anon_vma);
	vma->vm_end = end;			/* expect: LOCK002 warning {{vma->vm_end is written without anon_vma}} */
	mmap_write_unlock(mm);
}

static unsigned long end_of(struct vm_area_struct *vma)
{
	return vma->vm_end;			/* expect: LOCK001 note {{vma->vm_end is read}}
						   {{its callers must hold one}} */
}
