/* expect: none */
/*
 * A lock taken under a compound test (a && !b) and released under the same
 * compound test.  Where the first test held, the second holds too: on no path
 * is the lock left held.
 */
static int touch_file_only(struct vm_area_struct *vma, struct file *file)
{
	int err;

	if (file && !vma->anon_vma)
		i_mmap_lock_write(file->f_mapping);
	err = vma_touch(vma);
	if (file && !vma->anon_vma)
		i_mmap_unlock_write(file->f_mapping);
	if (err)
		return err;
	return 0;
}

/*
 * Tests of sizes, which no assignment changes, and the same compound test
 * made twice: the second is decided by the first, whatever its parts.
 */
struct counter { spinlock_t lock; long long total; long long parts; };

static void counter_copy(struct counter *dst, struct counter *src)
{
	long long total;
	long long parts;

	if (sizeof(total) > sizeof(long))
		spin_lock(&src->lock);
	total = src->total;
	if (sizeof(total) > sizeof(long))
		spin_unlock(&src->lock);

	parts = src->parts;
	if (sizeof(parts) > sizeof(long) || sizeof(total) > sizeof(long))
		spin_lock(&dst->lock);
	dst->total = total;
	dst->parts = parts;
	if (sizeof(parts) > sizeof(long) || sizeof(total) > sizeof(long))
		spin_unlock(&dst->lock);
}
