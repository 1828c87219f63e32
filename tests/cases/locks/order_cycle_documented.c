/*
 * A cycle of two locks the documented order ranks: one function takes the
 * anon_vma lock before mm->page_table_lock, as "Lock ordering in mm" says,
 * the other the other way round.  The cycle is one LOCK004 error, and it
 * belongs at the acquisition that breaks the documented order (line 22),
 * citing the one that keeps it: that is the line the patch author must
 * change.
 */

static void zap_anon_first(struct vm_area_struct *vma, struct mm_struct *mm)
{
	spin_lock(&vma->anon_vma->lock);
	spin_lock(&mm->page_table_lock);
	vma_touch(vma);
	spin_unlock(&mm->page_table_lock);
	spin_unlock(&vma->anon_vma->lock);
}

static void zap_table_first(struct vm_area_struct *vma, struct mm_struct *mm)
{
	spin_lock(&mm->page_table_lock);
	spin_lock(&vma->anon_vma->lock);	/* expect: LOCK004 error {{takes anon_vma while spin_lock(&mm->page_table_lock) holds page_table}}
						   {{zap_anon_first takes them the other way round at line 13: a cycle}}
						   note@21 note@13 */
	vma_touch(vma);
	spin_unlock(&vma->anon_vma->lock);
	spin_unlock(&mm->page_table_lock);
}
