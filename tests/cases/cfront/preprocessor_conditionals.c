/* expect: functions=node_of,check_range,pick,irq_mode,flags_valid */
/*
 * analyzer/rules/kconfig.toml enables CONFIG_NUMA and CONFIG_SMP, not CONFIG_DEBUG_VM
 * nor CONFIG_PREEMPT_RT; an #if it cannot decide takes its first branch.
 */
#include <linux/mm.h>
#define PAGES_PER_CHUNK(order)	\
	(1UL << (order))	\
	/* a continued define { */

#ifdef CONFIG_NUMA /* branch: taken #ifdef CONFIG_NUMA at 11 */
static int node_of(struct page *page)
{
	return page_to_nid(page); /* node: FuncCall page_to_nid at 14:9 */
}
#else /* branch: skipped #else at 16 */
static int node_of(struct page *page)
{
	return 0;
}
#endif

static bool check_range(unsigned long start, unsigned long end)
{
#ifdef CONFIG_DEBUG_VM /* branch: skipped #ifdef CONFIG_DEBUG_VM at 25 */
	if (start > end) {
#ifdef CONFIG_NUMA /* branch: skipped #ifdef CONFIG_NUMA at 27 */
		dump_stack();
#endif
		return false;
#endif
	if (start == end)
		return false;
	return true;
}

#if defined(CONFIG_DEBUG_VM) || \
	!IS_ENABLED(CONFIG_SMP) /* branch: skipped #if defined(CONFIG_DEBUG_VM) || !IS_ENABLED(CONFIG_SMP) at 37 */
static int pick(void) { return 1; }
#elif PAGE_SHIFT > 12 /* branch: taken #elif PAGE_SHIFT > 12 at 40 */
static int pick(void) { return 2; } /* node: Constant 2 at 41:32 */
#elif 1 /* branch: skipped #elif 1 at 42 */
static int pick(void) { return 3; }
#else /* branch: skipped #else at 44 */
static int pick(void) { return 4; }
#endif

#ifndef CONFIG_PREEMPT_RT /* branch: taken #ifndef CONFIG_PREEMPT_RT at 48 */
# if 0 /* branch: skipped #if 0 at 49 */
static int irq_mode(void) { return -1; }
# elif defined CONFIG_SMP && CONFIG_NR_CPUS /* branch: skipped #elif defined CONFIG_SMP && CONFIG_NR_CPUS at 51 */
static int irq_mode(void) { return -2; }
# else /* branch: taken #else at 53 */
static int irq_mode(void)
{
	return 1; /* node: Return at 56:2 */
}
# endif
#endif

static bool flags_valid(unsigned int flags)
{
	return !(flags & ~(FLAG_A | FLAG_B | \
			   FLAG_C | FLAG_D)); /* node: ID FLAG_D at 64:16 */
}
