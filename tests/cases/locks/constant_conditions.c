/*
 * Conditions whose value C fixes have one edge only: while (1) and while (true)
 * end by break or return alone, do { } while (0) runs once, if (0) and if (!1) skip
 * their block, IS_ENABLED() of an option the assumed configuration turns on
 * (CONFIG_SMP) takes its block.  None of the functions below is unbalanced.
 */
struct table {
	spinlock_t lock;
	int nr;
	int used;
};

static int table_claim(struct table *t)
{
	spin_lock(&t->lock);
	while (1) {
		if (t->used < t->nr) {
			t->used++;
			spin_unlock(&t->lock);
			return 0;
		}
		spin_unlock(&t->lock);
		if (grow(t))
			return -ENOMEM;
		spin_lock(&t->lock);
	}
}

static void table_reset(struct table *t)
{
	do {
		spin_lock(&t->lock);
		t->used = 0;
		spin_unlock(&t->lock);
	} while (0);
}

static void table_debug(struct table *t)
{
	if (0)
		spin_lock(&t->lock);
	if (!1)
		spin_lock(&t->lock);
	spin_lock(&t->lock);
	t->nr = 0;
	spin_unlock(&t->lock);
}

static void table_smp(struct table *t)
{
	if (IS_ENABLED(CONFIG_SMP))
		spin_lock(&t->lock);
	t->nr++;
	if (IS_ENABLED(CONFIG_SMP))
		spin_unlock(&t->lock);
}

static void table_twice(struct table *t)
{
	for (;;) {
		spin_lock(&t->lock);
		if (t->used)
			break;
		spin_unlock(&t->lock);
	}
	spin_lock(&t->lock);			/* expect: LOCK005 warning {{takes t->lock, which is already held}} note@61 */
	spin_unlock(&t->lock);
	spin_unlock(&t->lock);
}

static int table_wait_used(struct table *t)
{
	while (true) {
		spin_lock(&t->lock);
		if (t->used)
			break;
		spin_unlock(&t->lock);
		cpu_relax();
	}
	t->used--;
	spin_unlock(&t->lock);
	return 0;
}
