/*
 * Root aliasing: anon_vma_lock_write(av) and anon_vma_lock_read(av) take
 * av->root->rwsem, the lock down_write(&av->root->rwsem) names, and a local
 * root = av->root names it too.  lock_anon_vma_root() moves one root lock
 * along a chain.
 */
static unsigned long root_unlock_then_read(struct anon_vma *av, struct vm_area_struct *vma)
{
	unsigned long start;

	anon_vma_lock_read(av);
	start = vma->vm_start;
	up_read(&av->root->rwsem);
	return start + vma->vm_pgoff;		/* expect: LOCK001 warning {{vma->vm_pgoff is read}}
						   {{the path released one of them before}} */
}

static void root_local_then_wrapper(struct anon_vma *anon_vma, struct vm_area_struct *vma)
{
	struct anon_vma *root = anon_vma->root;

	down_write(&root->rwsem);
	vma_touch(vma);
	anon_vma_unlock_write(anon_vma);
	vma_touch_end(vma->vm_end);		/* expect: LOCK001 warning {{vma->vm_end is read}}
						   {{the path released one of them before}} */
}

static void root_taken_twice(struct anon_vma *av)
{
	anon_vma_lock_write(av);
	vma_touch_root(av);
	down_write(&av->root->rwsem);		/* expect: LOCK005 warning {{takes av->root->rwsem, which is already held}}
						   note@31 */
	anon_vma_unlock_write(av);
}

static void two_roots(struct vm_area_struct *vma, struct vm_area_struct *next)
{
	anon_vma_lock_write(vma->anon_vma);
	anon_vma_lock_write(next->anon_vma);	/* expect: LOCK003 error {{second lock of class anon_vma.rwsem}}
						   {{CPU0 holds vma->anon_vma->root->rwsem and wants next->anon_vma->root->rwsem}}
						   note@40 */
	vma_touch(next);
	anon_vma_unlock_write(next->anon_vma);
	anon_vma_unlock_write(vma->anon_vma);
}

static void link_chain_roots(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct anon_vma_chain *pavc;
	struct anon_vma *root = NULL;

	list_for_each_entry_reverse(pavc, &src->anon_vma_chain, same_vma) {
		struct anon_vma *anon_vma = pavc->anon_vma;

		root = lock_anon_vma_root(root, anon_vma);
		chain_link(dst, anon_vma);
	}
	unlock_anon_vma_root(root);
}
