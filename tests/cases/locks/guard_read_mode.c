/*
 * The guard classes of the rwsems take the lock in a mode: rwsem_read for
 * read, rwsem_write for write (include/linux/rwsem.h).  A write of vm_end
 * under guard(rwsem_read) of the mmap lock is the write-under-read-lock race
 * of write_under_read_lock.c, written with a guard; under rwsem_write it is
 * guarded.
 */

static void set_end_read_guard(struct mm_struct *mm, struct vm_area_struct *vma,
			       unsigned long end)
{
	guard(rwsem_read)(&mm->mmap_lock);
	vma->vm_end = end;			/* expect: LOCK002 warning {{vma->vm_end is written without}} */
}

static void set_end_read_scoped(struct mm_struct *mm, struct vm_area_struct *vma,
				unsigned long end)
{
	scoped_guard(rwsem_read, &mm->mmap_lock) {
		vma->vm_end = end;		/* expect: LOCK002 warning {{vma->vm_end is written without}} */
	}
}

static void set_end_write_guard(struct mm_struct *mm, struct vm_area_struct *vma,
				unsigned long end)
{
	guard(rwsem_write)(&mm->mmap_lock);
	vma->vm_end = end;
}

static unsigned long end_read_guard(struct mm_struct *mm, struct vm_area_struct *vma)
{
	guard(rwsem_read)(&mm->mmap_lock);
	return vma->vm_end;
}
