/*
 * migration_entry_wait_on_locked() is handed the page table lock its caller
 * took and returns with it dropped (mm's rule set says so): the path that
 * calls it leaves without the lock, as the one that unlocks it itself.
 */
static void entry_wait(struct mm_struct *mm, pmd_t *pmd, unsigned long address)
{
	pte_t *ptep, pte;
	spinlock_t *ptl;
	swp_entry_t entry;

	ptep = pte_offset_map(pmd, address);
	ptl = pte_lockptr(mm, pmd);
	spin_lock(ptl);
	pte = *ptep;
	if (!is_swap_pte(pte))
		goto out;
	entry = pte_to_swp_entry(pte);
	if (!is_migration_entry(entry))
		goto out;
	migration_entry_wait_on_locked(entry, ptep, ptl);
	return;
out:
	pte_unmap_unlock(ptep, ptl);
}

/* Dropped twice: the lock is no longer held when the caller unlocks it. */
static void entry_wait_twice(struct mm_struct *mm, pmd_t *pmd, pte_t *ptep)
{
	spinlock_t *ptl = pmd_lockptr(mm, pmd);

	spin_lock(ptl);
	migration_entry_wait_on_locked(pte_to_swp_entry(*ptep), NULL, ptl);
	spin_unlock(ptl);		/* expect: LOCK005 warning {{which this path has already unlocked}} */
}
