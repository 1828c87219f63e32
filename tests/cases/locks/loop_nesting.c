/*
 * Locks of one class taken in each iteration of a loop and kept: the second
 * time round, a second lock of the class is taken while the first is held.
 * Without an annotation that is nesting (LOCK003 error); with *_nest_lock
 * under its outer lock, as mm_take_all_locks() does, a note.
 */
static void lock_every_anon_vma(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, 0);

	mmap_write_lock(mm);
	for_each_vma(vmi, vma) {
		if (vma->anon_vma)
			down_write(&vma->anon_vma->root->rwsem);	/* expect: LOCK003 error {{second lock of class anon_vma.rwsem}}
									   {{CPU0 holds vma->anon_vma->root->rwsem (previous element) and wants vma->anon_vma->root->rwsem}}
									   note@15 */
	}
}

static void lock_every_anon_vma_nested(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, 0);

	mmap_write_lock(mm);
	for_each_vma(vmi, vma) {
		if (vma->anon_vma)
			down_write_nest_lock(&vma->anon_vma->root->rwsem, &mm->mmap_lock);	/* expect: LOCK003 note {{second lock of class anon_vma.rwsem}}
												   {{outer lock mm->mmap_lock, which is held}}
												   {{CPU0 holds vma->anon_vma->root->rwsem (previous element) and wants vma->anon_vma->root->rwsem}}
												   note@29 */
	}
}
