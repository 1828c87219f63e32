/* expect: functions=swap_longs,first_value,same_type */
static void swap_longs(long *a, long *b)
{
	typeof(*a) tmp = *a; /* node: Decl tmp at 4:13 */

	*a = *b;
	*b = tmp;
}

static unsigned long first_value(struct rb_node *node)
{
	__typeof__(((struct vm_area_struct *)0)->vm_start) *start; /* node: Decl start at 12:53 */
	const typeof(node) parent = rb_parent(node); /* node: FuncCall rb_parent at 13:30 */

	start = (typeof(start))&node->__rb_parent_color; /* node: Cast at 15:10 */
	return *start + sizeof(typeof(*parent)) + sizeof(__typeof(parent)); /* node: UnaryOp sizeof at 16:44 */
}

static bool same_type(int a, long b)
{
	return __builtin_types_compatible_p(typeof(a), typeof(b)); /* node: FuncCall __builtin_types_compatible_p at 21:9 */
}
