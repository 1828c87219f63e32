/* expect: functions=count_items,drain,lookup_rcu,unmap_range,walk_vmas,count_entries,online_load,notify_all */
struct item {
	struct list_head node;
	struct hlist_node hash;
	int weight;
};

static int count_items(struct list_head *head)
{
	struct item *it;
	int n = 0;

	list_for_each_entry(it, head, node) { /* node: While at 13:2 */
		n += it->weight; /* node: FuncCall list_for_each_entry at 13:2 */
	} /* node: Compound at 13:38 */
	list_for_each_entry(it, head, node) n++; /* node: UnaryOp p++ at 16:38 */
	list_for_each_entry_reverse(it, head, node) /* node: FuncCall list_for_each_entry_reverse at 17:2 */
		list_for_each_entry_continue(it, head, node) n--; /* node: ID n at 18:48 */
	return n;
}

static void drain(struct list_head *head)
{
	struct item *it, *next;

	list_for_each_entry_safe(it, next, head, node) /* node: While at 26:2 */
		kfree(it); /* node: FuncCall kfree at 27:3 */
}

static struct item *lookup_rcu(struct hlist_head *bucket, int weight)
{
	struct item *it;

	hlist_for_each_entry_rcu(it, bucket, hash, lockdep_is_held(&table_lock)) { /* node: FuncCall lockdep_is_held at 34:45 */
		if (it->weight == weight) /* node: If at 35:3 */
			return it;
	}
	return NULL;
}

static void unmap_range(struct address_space *mapping, struct folio *folio, pgoff_t first, pgoff_t last)
{
	struct vm_area_struct *vma;
	struct anon_vma_chain *avc;
	struct anon_vma *anon_vma = folio_anon_vma(folio);

	vma_interval_tree_foreach(vma, &mapping->i_mmap, first, last) /* node: While at 47:2 */
		unmap_one(vma, first); /* node: FuncCall unmap_one at 48:3 */
	anon_vma_interval_tree_foreach(avc, &anon_vma->rb_root, first, last) { /* node: FuncCall anon_vma_interval_tree_foreach at 49:2 */
		struct vm_area_struct *v = avc->vma; /* node: Decl v at 50:25 */

		unmap_one(v, first);
	}
}

static unsigned long walk_vmas(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long total = 0;
	VMA_ITERATOR(vmi, mm, 0);

	for_each_vma(vmi, vma) /* node: While at 62:2 */
		total += vma->vm_end - vma->vm_start; /* node: StructRef vm_start at 63:26 */
	for_each_vma_range(vmi, vma, TASK_SIZE) { total++; } /* node: UnaryOp p++ at 64:44 */
	return total;
}

static int count_entries(struct maple_tree *mt)
{
	MA_STATE(mas, mt, 0, 0);
	void *entry;
	int n = 0;

	rcu_read_lock();
	mas_for_each(&mas, entry, ULONG_MAX) { /* node: While at 75:2 */
		if (xa_is_zero(entry))
			continue; /* node: Continue at 77:4 */
		n++;
	}
	rcu_read_unlock();
	return n;
}

static unsigned long online_load(void)
{
	unsigned long sum = 0;
	int cpu, nid;

	for_each_online_cpu(cpu) /* node: FuncCall for_each_online_cpu at 89:2 */
		sum += per_cpu(load, cpu);
	for_each_node_state(nid, N_MEMORY)
		for_each_possible_cpu(cpu)
			sum += node_load(nid, cpu); /* node: FuncCall node_load at 93:11 */
	return sum;
}

static void notify_all(struct list_head *head, struct notifier_block *nb)
{
	struct item *it;

	list_for_each_entry(it, head, node)
		(void) nb->notifier_call(nb, 0, it); /* node: Cast at 102:3 */
	list_for_each_entry(it, head, node)
		*(int *)it = 0; /* node: Assignment = at 104:4 */
}
