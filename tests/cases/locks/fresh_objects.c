/*
 * Objects the function allocated or copied and has not yet handed to anyone
 * need no lock: *new = *vma, vm_area_dup(), kmem_cache_alloc().  Once passed
 * to another function (published), they do.
 */
static struct vm_area_struct *copy_at(struct vm_area_struct *vma, struct vm_area_struct *new,
				      unsigned long start, pgoff_t pgoff)
{
	*new = *vma;
	new->vm_start = start;
	new->vm_pgoff = pgoff;
	return new;
}

static struct vm_area_struct *dup_range(struct vm_area_struct *vma, unsigned long start,
					unsigned long end, pgoff_t pgoff)
{
	struct vm_area_struct *new = vm_area_dup(vma);

	if (!new)
		return NULL;
	new->vm_start = start;
	new->vm_end = end;
	new->vm_pgoff = pgoff;
	return new;
}

static struct vm_area_struct *alloc_range(struct kmem_cache *cachep, unsigned long start,
					  unsigned long end)
{
	struct vm_area_struct *new;

	new = kmem_cache_alloc(cachep, GFP_KERNEL);
	if (!new)
		return NULL;
	new->vm_start = start;
	new->vm_end = end;
	new->vm_pgoff = start >> PAGE_SHIFT;
	return new;
}

static void insert_then_grow(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *new = vm_area_alloc(mm);

	if (!new)
		return;
	new->vm_start = start;
	new->vm_end = end;
	insert_vm_struct(mm, new);
	new->vm_end = end + PAGE_SIZE;		/* expect: LOCK002 note {{new->vm_end is written without}} */
}
