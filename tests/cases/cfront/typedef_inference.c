/* expect: functions=index_of,pte_walk,cookie_of,visit_all,ticks_to_clock_t,zone_pages,reset_stat structs=zone_stat */
typedef unsigned int zone_idx_t;
typedef int (*visit_fn)(void *item, void *arg);

struct zone_stat {
	spinlock_t lock; /* spinlock_t: analyzer/rules/kernel_types.toml */
	zone_idx_t idx;
};

static pgoff_t index_of(struct vm_area_struct *vma, unsigned long addr)
{
	pgoff_t off = (addr - vma->vm_start) >> PAGE_SHIFT; /* node: Decl off at 12:10 */ /* node: IdentifierType pgoff_t at 12:2 */
	struct zone_stat *zs = vma->vm_private_data; /* node: Decl zs at 13:19 */

	spin_lock(&zs->lock);
	off += zs->idx;
	spin_unlock(&zs->lock);
	return vma->vm_pgoff + off;
}

static int pte_walk(pmd_t *pmd, unsigned long addr)
{
	pte_t *pte = (pte_t *)pmd_page_vaddr(*pmd) + pte_index(addr); /* node: Cast at 23:15 */
	pte_t entry = READ_ONCE(*pte);

	return pte_none(entry) ? 0 : sizeof(pte_t); /* node: Typename at 26:38 */
}

static frob_cookie_t cookie_of(struct frob *f, frob_handle_t handle) /* node: Decl handle at 29:62 */ /* node: IdentifierType frob_handle_t at 29:48 */
{
	frob_state_t *state = f->state; /* node: Decl state at 31:15 */ /* node: IdentifierType frob_state_t at 31:2 */
	unsigned long raw = (frob_raw_t)handle; /* node: Cast at 32:22 */

	return (frob_cookie_t *)state + raw * 2; /* node: BinaryOp * at 34:34 */
}

static int visit_all(struct list_head *head, visit_fn fn, void *arg)
{
	struct zone_stat *zs;
	int ret = 0;

	for (zone_idx_t i = 0; i < MAX_NR_ZONES; i++) /* node: Decl i at 42:18 */
		ret |= fn(head, arg);
	return ret;
}

u64 ticks_to_clock_t(u64 x)
{
	return x / 100;
}
EXPORT_SYMBOL(ticks_to_clock_t);

static unsigned long zone_pages(struct zone_stat *zs, long pages)
{
	long ticks = ticks_to_clock_t(pages); /* node: FuncCall ticks_to_clock_t at 55:15 */

	return ticks * zs->idx;
}

static void reset_stat(struct zone_stat *zs)
{
	spinlock_t lock; /* node: IdentifierType spinlock_t at 62:2 */

	spin_lock_init(&lock);
	zs->lock = lock;
}
