/*
 * A trylock that failed holds nothing: a read on the failure side is a read
 * without the lock.  Nothing was released before it, so each is a note (what
 * the LOCK001 documentation calls a requirement on callers).
 */
static unsigned long peek_start(struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long start;

	if (!mmap_read_trylock(mm))
		return vma->vm_start;		/* expect: LOCK001 note {{vma->vm_start is read}}
						   {{its callers must hold one}} */
	start = vma->vm_start;
	mmap_read_unlock(mm);
	return start;
}

static unsigned long peek_pgoff(struct anon_vma *anon_vma, struct vm_area_struct *vma)
{
	unsigned long pgoff;
	int got = spin_trylock(&anon_vma->lock);

	pgoff = vma->vm_pgoff;			/* expect: LOCK001 note {{vma->vm_pgoff is read}}
						   {{its callers must hold one}} */
	if (got)
		spin_unlock(&anon_vma->lock);
	return pgoff;
}
