/* expect: none */
/*
 * A pointer to a lock (spinlock_t *ptl = &mm->page_table_lock) names the
 * same lock as the path it was taken from: releasing either releases it.
 */
static int table_update(struct mm_struct *mm, int busy)
{
	spinlock_t *ptl = &mm->page_table_lock;

	spin_lock(ptl);
	if (busy) {
		spin_unlock(&mm->page_table_lock);
		return -EBUSY;
	}
	table_op(mm);
	spin_unlock(ptl);
	return 0;
}
