/* expect: none */
/*
 * A wrapper in the file that returns the object whose lock it took (as
 * page_lock_anon_vma() does): where it returned non-NULL, its caller holds
 * that lock, so the reads there are guarded and its unlock balances it.
 */
static struct anon_vma *grab_anon_vma(struct page *page)
{
	struct anon_vma *anon_vma = page_anon_vma(page);

	if (!anon_vma)
		return NULL;
	spin_lock(&anon_vma->lock);
	return anon_vma;
}

static unsigned long page_address_in(struct page *page, struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma;
	unsigned long address;

	anon_vma = grab_anon_vma(page);
	if (!anon_vma)
		return -EFAULT;
	address = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	spin_unlock(&anon_vma->lock);
	return address;
}
