/*
 * A cycle in the order the code itself shows: one function takes
 * queue_lock then stats_lock, another stats_lock then queue_lock.  No
 * documented order covers these locks; with both edges in view it is one
 * LOCK004 error (reported at one edge, citing the other).
 */
static DEFINE_SPINLOCK(queue_lock);
static DEFINE_SPINLOCK(stats_lock);
static unsigned long queued, dequeued;

static void enqueue_one(void)
{
	spin_lock(&queue_lock);
	queued++;
	spin_lock(&stats_lock);			/* expect: LOCK004 error {{spin_lock(&stats_lock) takes stats_lock while spin_lock(&queue_lock) holds queue_lock}}
						   {{report_stats takes them the other way round at line 26: a cycle}}
						   note@13 note@26 */
	dequeued = queued - dequeued;
	spin_unlock(&stats_lock);
	spin_unlock(&queue_lock);
}

static void report_stats(void)
{
	spin_lock(&stats_lock);
	spin_lock(&queue_lock);
	pr_info("%lu %lu\n", queued, dequeued);
	spin_unlock(&queue_lock);
	spin_unlock(&stats_lock);
}
