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

/*
 * A reader whose section a function not in view ends (it is handed the
 * sequence), then a blocking lock taken on the retry path: no order edge
 * comes from the section, so the writer below, which takes them the other
 * way round, makes no cycle.
 */
static DEFINE_MUTEX(table_mutex);

static struct table *lookup_section(struct table *t)
{
	unsigned seq;

	do {
		seq = read_seqbegin(&table_lock);
	} while (!table_still_valid(t, seq));
	return t;
}

static void lookup_then_lock(struct table *t)
{
again:
	lookup_section(t);
	mutex_lock(&table_mutex);
	if (t->generation < 0) {
		mutex_unlock(&table_mutex);
		goto again;
	}
	mutex_unlock(&table_mutex);
}

static void lock_then_write(struct table *t)
{
	mutex_lock(&table_mutex);
	write_seqlock(&table_lock);
	t->generation++;
	write_sequnlock(&table_lock);
	mutex_unlock(&table_mutex);
}
