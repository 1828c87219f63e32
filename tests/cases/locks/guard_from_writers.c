/*
 * A read is guarded by the documented read guards, or by a lock that the
 * writers of the field in view hold.  Here no function in view writes
 * vm_pgoff, and page_table_lock is not one of its guards: the read under it
 * is unguarded (a note: nothing was released before it).
 */
static pgoff_t pgoff_under_ptl(struct mm_struct *mm, struct vm_area_struct *vma)
{
	pgoff_t pgoff;

	spin_lock(&mm->page_table_lock);
	pgoff = vma->vm_pgoff;			/* expect: LOCK001 note {{vma->vm_pgoff is read}}
						   {{its callers must hold one}} */
	spin_unlock(&mm->page_table_lock);
	return pgoff;
}
