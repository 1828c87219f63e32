/* expect: none */
/*
 * A lock every writer in view holds around its writes guards the readers
 * that hold it too: vma_adjust() (mmap lock by contract) writes vm_start and
 * vm_end under vma->adjust_lock, and the reader takes adjust_lock.
 */
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	spinlock_t adjust_lock;
};

int vma_adjust(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	spin_lock(&vma->adjust_lock);
	vma->vm_start = start;
	vma->vm_end = end;
	spin_unlock(&vma->adjust_lock);
	return 0;
}

static int addr_in_vma(struct vm_area_struct *vma, unsigned long addr)
{
	int in;

	spin_lock(&vma->adjust_lock);
	in = vma->vm_start <= addr && addr < vma->vm_end;
	spin_unlock(&vma->adjust_lock);
	return in;
}
