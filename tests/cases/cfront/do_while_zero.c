/* expect: functions=flush_pending,retry_alloc */
#define flush_one(q)			\
	do {				\
		(q)->pending = 0;	\
	} while (0)

static void flush_pending(struct queue *q, bool force)
{
	do {
		if (!force)
			break; /* node: Break at 11:4 */
		q->pending = 0;
	} while (0); /* node: DoWhile at 9:2 */
	do { spin_lock(&q->lock); q->seq++; spin_unlock(&q->lock); } while (0); /* node: FuncCall spin_unlock at 14:38 */
	flush_one(q); /* node: FuncCall flush_one at 15:2 */
}

static void *retry_alloc(size_t size)
{
	void *p;
	int tries = 3;

	do
		p = kmalloc(size, GFP_KERNEL); /* node: FuncCall kmalloc at 24:7 */
	while (!p && --tries); /* node: UnaryOp -- at 25:17 */
	return p;
}
