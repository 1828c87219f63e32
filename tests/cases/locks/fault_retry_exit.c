/* expect: none */
/*
 * A fault handler that returns VM_FAULT_RETRY has dropped the mmap lock
 * (mm.toml: the mmap group is one a function not in view may drop).  The
 * path that returns after it is not shown to leave the lock held, so it is no
 * imbalance against the path that unlocks.
 */
static vm_fault_t fault_in_one(struct mm_struct *mm, struct vm_area_struct *vma,
			unsigned long address)
{
	vm_fault_t ret;

	mmap_read_lock(mm);
	ret = handle_one_fault(vma, address);
	if (ret & VM_FAULT_RETRY)
		goto out;
	mmap_read_unlock(mm);
out:
	return ret;
}
