/* expect: none */
/*
 * A conditional acquiring wrapper in the file: it returns true holding the
 * anon_vma lock and false holding nothing.  Its callers hold the lock where
 * it returned true: the read there is guarded, the unlock balances it.
 */
static bool vma_trylock_anon(struct vm_area_struct *vma)
{
	if (!vma->anon_vma)
		return false;
	anon_vma_lock_read(vma->anon_vma);
	return true;
}

static unsigned long anon_span(struct vm_area_struct *vma)
{
	unsigned long span;

	if (!vma_trylock_anon(vma))
		return 0;
	span = vma->vm_end - vma->vm_start;
	anon_vma_unlock_read(vma->anon_vma);
	return span;
}
