/*
 * IS_ENABLED() of an option the assumed configuration leaves off decides
 * nothing: the code under it is the code of the builds that turn the option
 * on, read as cfront reads an #if branch the configuration leaves out.  A
 * nesting past an early return for such an option is found; two tests of one
 * option are one answer, so a lock taken under the first and dropped under
 * the second is balanced.
 */
struct meter {
	spinlock_t lock;
	unsigned long peak;
	unsigned long count;
};

static void meter_check_peaks(struct meter *a, struct meter *b)
{
	if (!IS_ENABLED(CONFIG_METER_DEBUG))
		return;

	spin_lock(&a->lock);
	spin_lock(&b->lock);		/* expect: LOCK003 error {{second lock of class meter.lock}} note@20 */
	if (a->peak < b->peak)
		a->peak = b->peak;
	spin_unlock(&b->lock);
	spin_unlock(&a->lock);
}

static void meter_count(struct meter *m)
{
	if (IS_ENABLED(CONFIG_METER_STATS))
		spin_lock(&m->lock);
	m->count++;
	if (IS_ENABLED(CONFIG_METER_STATS))
		spin_unlock(&m->lock);
}
