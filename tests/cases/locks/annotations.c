/* expect: none */
/*
 * Sparse annotations say what a function does with a lock across its
 * boundary: __must_hold (held on entry and exit), __acquires (returns
 * holding it), __releases (entered holding it).  None of these is an
 * imbalance, and reads under a lock held by annotation are guarded.
 */
static unsigned long span_locked(struct mm_struct *mm, struct vm_area_struct *vma)
	__must_hold(&mm->mmap_lock)
{
	return vma->vm_end - vma->vm_start;
}

static void table_lock(struct mm_struct *mm)
	__acquires(&mm->page_table_lock)
{
	spin_lock(&mm->page_table_lock);
}

static void table_unlock(struct mm_struct *mm)
	__releases(&mm->page_table_lock)
{
	spin_unlock(&mm->page_table_lock);
}

static int table_trim(struct mm_struct *mm, unsigned long n)
	__must_hold(&mm->page_table_lock)
{
	if (!n)
		return 0;
	spin_unlock(&mm->page_table_lock);
	cond_resched();
	spin_lock(&mm->page_table_lock);
	return 1;
}

static void table_walk(struct mm_struct *mm)
{
	table_lock(mm);
	while (table_trim(mm, 8))
		;
	table_unlock(mm);
}
