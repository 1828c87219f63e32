/* expect: functions=before_error,broken,broken_declaration,after_error unparsed=broken,broken_declaration */
static int before_error(int a)
{
	return a + 1; /* node: Return at 4:2 */
}

static int broken(int a) /* function: broken at 7 */
{
	int b = a +;	/* error: broken at 9:13 Invalid expression */
	return b;
}

static void broken_declaration(struct page *page) /* function: broken_declaration at 13 */
{
	unsigned long flags
	spin_lock_irqsave(&page->lock, flags); /* error: broken_declaration at 16:2 before: spin_lock_irqsave */
}

static int after_error(int a)
{
	return a - 1; /* node: BinaryOp - at 21:9 */
}
