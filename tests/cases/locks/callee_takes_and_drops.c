/*
 * A helper in the file that takes a lock and drops it again is summarised
 * too: calling it while holding another anon_vma lock nests two of them
 * (LOCK003), and calling one that takes the i_mmap lock while holding an
 * anon_vma lock inverts the documented order (LOCK004).  The helpers alone
 * are correct; the findings are at the calls.
 */
static void touch_under_anon(struct vm_area_struct *v)
{
	anon_vma_lock_write(v->anon_vma);
	vma_touch(v);
	anon_vma_unlock_write(v->anon_vma);
}

static void touch_under_file(struct vm_area_struct *v)
{
	i_mmap_lock_write(v->vm_file->f_mapping);
	vma_touch(v);
	i_mmap_unlock_write(v->vm_file->f_mapping);
}

static void touch_pair(struct vm_area_struct *a, struct vm_area_struct *b)
{
	anon_vma_lock_write(a->anon_vma);
	touch_under_anon(b);			/* expect: LOCK003 error {{second lock of class anon_vma.rwsem}}
						   {{CPU0 holds a->anon_vma->root->rwsem and wants b->anon_vma->root->rwsem}}
						   note@24 */
	anon_vma_unlock_write(a->anon_vma);
}

static void touch_file_under_anon(struct vm_area_struct *a)
{
	anon_vma_lock_write(a->anon_vma);
	touch_under_file(a);			/* expect: LOCK004 warning {{touch_under_file(a) takes i_mmap}}
						   {{Lock ordering in mm (mm/rmap.c, Linux 6.1) puts i_mmap before anon_vma}}
						   note@33 */
	anon_vma_unlock_write(a->anon_vma);
}
