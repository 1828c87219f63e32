/* expect: functions=pick_order,first_error,weigh */
static int pick_order(int requested, int fallback, int floor)
{
	int order = requested ?: fallback; /* node: ID fallback at 4:27 */
	int spaced = requested ? : fallback; /* node: ID fallback at 5:29 */

	return order ?: spaced ?: floor ?: 1; /* node: ID floor at 7:28 */
}

static int first_error(int a, int b)
{
	return (a ?: b) + (b ?: a) * a; /* node: ID a at 12:31 */
}

static int weigh(struct list_head *head)
{
	struct item *it;
	int n = 0;

	list_for_each_entry(it, head, node) n += it->weight ?: 1; /* node: Constant 1 at 20:57 */
	list_for_each_entry(it, head ?: &spare, node) n -= it->weight ?: 2; /* node: ID spare at 21:35 */ /* node: Constant 2 at 21:67 */
	return n;
}
