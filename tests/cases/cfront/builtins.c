/* expect: functions=fast_path,field_offset,sum_args,highest_bit */
static int fast_path(const void *p, size_t n)
{
	if (__builtin_expect(!!(n == 0), 0)) /* node: FuncCall __builtin_expect at 4:6 */
		return 0;
	if (unlikely(!p) || likely(n < 64) && __builtin_constant_p(n)) /* node: FuncCall __builtin_constant_p at 6:40 */
		__builtin_prefetch(p, 0, 3);
	if (n > 4096)
		__builtin_unreachable(); /* node: FuncCall __builtin_unreachable at 9:3 */
	return __builtin_choose_expr(sizeof(n) == 8, 1, 2);
}

static unsigned long field_offset(void)
{
	return __builtin_offsetof(struct vm_area_struct, vm_pgoff) + /* node: FuncCall __builtin_offsetof at 15:9 */
	       offsetof(struct vm_area_struct, vm_flags); /* node: FuncCall offsetof at 16:9 */
}

static int sum_args(int count, ...)
{
	__builtin_va_list ap; /* node: Decl ap at 21:20 */
	int total = 0, i;

	__builtin_va_start(ap, count);
	for (i = 0; i < count; i++)
		total += __builtin_va_arg(ap, int); /* node: FuncCall __builtin_va_arg at 26:12 */
	__builtin_va_end(ap);
	return total;
}

static int highest_bit(unsigned long word, size_t a, size_t b)
{
	size_t bytes;

	if (__builtin_mul_overflow(a, b, &bytes)) /* node: UnaryOp & at 35:36 */
		return -1;
	return word ? 63 - __builtin_clzl(word) : -1;
}
