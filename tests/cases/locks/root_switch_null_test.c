/* expect: none */
/*
 * lock_anon_vma_root() returns the root it holds locked, so a NULL test of
 * that pointer tells whether a root is held: where "if (root)" is false no
 * root lock is held, and the release under the test balances every path.
 */
static void link_chain_roots(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct anon_vma_chain *pavc;
	struct anon_vma *root = NULL;

	list_for_each_entry_reverse(pavc, &src->anon_vma_chain, same_vma) {
		struct anon_vma *anon_vma = pavc->anon_vma;

		root = lock_anon_vma_root(root, anon_vma);
		chain_link(dst, anon_vma);
	}
	if (root)
		unlock_anon_vma_root(root);
}
