/*
 * A seqlock reader's section is no lock: it is tested for a retry any
 * number of times, or left without a test, and no path owes it a release.
 */
static DEFINE_SEQLOCK(table_lock);

struct table { int generation; struct table *next; };

static int read_generation_twice(struct table *t, unsigned seq)
{
	int generation = t->generation;

	if (read_seqretry(&table_lock, seq))
		return -1;
	if (t->next && read_seqretry(&table_lock, seq))
		return -1;
	return generation;
}

static struct table *find_or_leave(struct table *t)
{
	unsigned seq;

again:
	seq = read_seqbegin(&table_lock);
	if (t->generation)
		return t;		/* leaving the section without a test */
	if (read_seqretry(&table_lock, seq))
		goto again;
	return NULL;
}

static void writer_unbalanced(struct table *t)
{
	write_seqlock(&table_lock);
	if (t->generation < 0)
		return;			/* expect: LOCK005 warning {{leaves with table_lock held}}
					   note@35 note@41 {{exit without the lock}} */
	t->generation++;
	write_sequnlock(&table_lock);
}
