/*
 * Reads and writes of vm_start/vm_end/vm_pgoff.  A read needs any one of
 * the mmap lock, the anon_vma lock, the i_mmap lock, the VMA lock; a write
 * needs the mmap lock for write.  Levels as the LOCK001/LOCK002 docs say:
 * a warning where the path released a guard before the access, a note where
 * the only question is what the callers hold.
 */
static unsigned long page_offset_in(struct page *page, struct vm_area_struct *vma)
{
	return vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);	/* expect: LOCK001 note {{vma->vm_start is read}}
										   {{its callers must hold one}},
										   LOCK001 note {{vma->vm_pgoff is read}}
										   {{its callers must hold one}} */
}

static unsigned long start_under_mmap(struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long start;

	mmap_read_lock(mm);
	start = vma->vm_start;
	mmap_read_unlock(mm);
	return start;
}

static unsigned long end_after_unlock(struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long start;

	mmap_read_lock(mm);
	start = vma->vm_start;
	mmap_read_unlock(mm);
	return vma->vm_end - start;		/* expect: LOCK001 warning {{vma->vm_end is read}}
						   {{the path released one of them before}} */
}

static pgoff_t pgoff_between(struct address_space *mapping, struct vm_area_struct *vma)
{
	pgoff_t a, b, c;

	i_mmap_lock_read(mapping);
	a = vma->vm_pgoff;
	i_mmap_unlock_read(mapping);
	b = vma->vm_pgoff;			/* expect: LOCK001 warning {{vma->vm_pgoff is read}}
						   {{the path released one of them before}} */
	i_mmap_lock_read(mapping);
	c = vma->vm_pgoff;
	i_mmap_unlock_read(mapping);
	return a + b + c;
}

static unsigned long span_under_anon(struct vm_area_struct *vma)
{
	unsigned long span;

	anon_vma_lock_read(vma->anon_vma);
	span = vma->vm_end - vma->vm_start;
	anon_vma_unlock_read(vma->anon_vma);
	return span;
}

static void set_pgoff(struct vm_area_struct *vma, pgoff_t pgoff)
{
	vma->vm_pgoff = pgoff;			/* expect: LOCK002 note {{vma->vm_pgoff is written without}} */
}

static void set_start_locked(struct mm_struct *mm, struct vm_area_struct *vma,
			     unsigned long start)
{
	mmap_write_lock(mm);
	vma->vm_start = start;
	mmap_write_unlock(mm);
}

static void set_end_after_unlock(struct mm_struct *mm, struct vm_area_struct *vma,
				 unsigned long end)
{
	mmap_write_lock(mm);
	vma->vm_start = end - PAGE_SIZE;
	mmap_write_unlock(mm);
	vma->vm_end = end;			/* expect: LOCK002 warning {{vma->vm_end is written without}} */
}
