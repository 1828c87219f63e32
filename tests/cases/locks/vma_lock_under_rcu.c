/* expect: none */
/*
 * Current kernels fault under the per-VMA lock: lock_vma_under_rcu()
 * returns the vma read-locked (or NULL), vma_end_read() drops it.  The VMA
 * lock guards reads of vm_start/vm_end/vm_pgoff.
 */
static vm_fault_t fault_in_vma(struct mm_struct *mm, unsigned long address)
{
	struct vm_area_struct *vma;
	vm_fault_t ret;

	vma = lock_vma_under_rcu(mm, address);
	if (!vma)
		return VM_FAULT_RETRY;
	if (address < vma->vm_start || address >= vma->vm_end) {
		vma_end_read(vma);
		return VM_FAULT_SIGSEGV;
	}
	ret = handle_fault_at(vma, address, vma->vm_pgoff);
	vma_end_read(vma);
	return ret;
}
