/*
 * Nesting annotated for lockdep: spin_lock_nested() with a subclass is a
 * warning (it tells lockdep, not the other CPU, the order); a *_nest_lock
 * acquisition under its outer lock (here the mmap lock, as
 * mm_take_all_locks() does) is a note, also where a contract says the caller
 * holds the outer lock.
 */
static void lock_adjacent(struct vm_area_struct *vma, struct vm_area_struct *next)
{
	spin_lock(&vma->anon_vma->lock);
	spin_lock_nested(&next->anon_vma->lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 warning {{second lock of class anon_vma.lock}}
									   {{lockdep subclass annotation}}
									   {{CPU0 holds vma->anon_vma->lock and wants next->anon_vma->lock}}
									   note@10 */
	vma_touch(next);
	spin_unlock(&next->anon_vma->lock);
	spin_unlock(&vma->anon_vma->lock);
}

static void lock_both_roots(struct mm_struct *mm, struct anon_vma *a, struct anon_vma *b)
{
	mmap_write_lock(mm);
	down_write_nest_lock(&a->root->rwsem, &mm->mmap_lock);
	down_write_nest_lock(&b->root->rwsem, &mm->mmap_lock);	/* expect: LOCK003 note {{second lock of class anon_vma.rwsem}}
								   {{outer lock mm->mmap_lock, which is held}}
								   {{CPU0 holds a->root->rwsem and wants b->root->rwsem}}
								   note@23 */
	anon_vma_touch(a);
	anon_vma_touch(b);
	up_write(&b->root->rwsem);
	up_write(&a->root->rwsem);
	mmap_write_unlock(mm);
}

int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct mm_struct *mm = src->vm_mm;

	down_write_nest_lock(&dst->anon_vma->root->rwsem, &mm->mmap_lock);
	down_write_nest_lock(&src->anon_vma->root->rwsem, &mm->mmap_lock);	/* expect: LOCK003 note {{second lock of class anon_vma.rwsem}}
										   {{outer lock src->vm_mm->mmap_lock, which is held}}
										   {{CPU0 holds dst->anon_vma->root->rwsem and wants src->anon_vma->root->rwsem}}
										   note@39 */
	anon_vma_touch(dst->anon_vma);
	up_write(&src->anon_vma->root->rwsem);
	up_write(&dst->anon_vma->root->rwsem);
	return 0;
}

/*
 * A global object's lock taken last under the caller's, with a subclass:
 * every other lock of the class first, then the global one (as
 * ptdump_walk_pgd() takes init_mm's after the mm it walks).
 */
struct table_set { struct mutex lock; int entries; };
static struct table_set boot_tables;

static void walk_with_boot_tables(struct table_set *set)
{
	mutex_lock(&set->lock);
	if (set != &boot_tables)
		mutex_lock_nested(&boot_tables.lock, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 note {{that one global object holds}}
										   note@60 */
	set->entries += boot_tables.entries;
	if (set != &boot_tables)
		mutex_unlock(&boot_tables.lock);
	mutex_unlock(&set->lock);
}

static void walk_with_init_mm(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	if (mm != &init_mm)
		mmap_write_lock_nested(&init_mm, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 note {{that one global object holds}}
									   note@72 */
	walk_tables(mm);
	if (mm != &init_mm)
		mmap_write_unlock(&init_mm);
	mmap_write_unlock(mm);
}

/*
 * A walk that recurses into the objects it reaches, each level taking the
 * next object's lock with a subclass of its depth (ep_loop_check_proc()).
 */
struct ring { struct mutex mtx; struct ring *linked[4]; int seen; };

static int ring_depth(struct ring *ring, int depth)
{
	int deepest = depth;
	int i;

	mutex_lock_nested(&ring->mtx, depth + 1);
	ring->seen = 1;
	for (i = 0; i < 4; i++) {
		if (ring->linked[i] && depth < 4)
			deepest = max(deepest, ring_depth(ring->linked[i], depth + 1));	/* expect: LOCK003 note {{one level down its own recursion}}
												   note@93 */
	}
	mutex_unlock(&ring->mtx);
	return deepest;
}
