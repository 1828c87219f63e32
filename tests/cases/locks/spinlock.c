/*
 * spinlock_t: spin_lock and its _irq, _bh and _irqsave forms, raw spinlocks.
 * Balanced pairs stay silent; an early return that leaves the lock held, a
 * second instance of the class and a double unlock are found.
 */
struct stat_block {
	spinlock_t lock;
	raw_spinlock_t raw_lock;
	unsigned long hits;
	unsigned long misses;
};

static void stat_hit(struct stat_block *sb)
{
	spin_lock(&sb->lock);
	sb->hits++;
	spin_unlock(&sb->lock);
}

static void stat_miss_irq(struct stat_block *sb)
{
	spin_lock_irq(&sb->lock);
	sb->misses++;
	spin_unlock_irq(&sb->lock);
}

static void stat_clear_bh(struct stat_block *sb)
{
	spin_lock_bh(&sb->lock);
	sb->hits = 0;
	sb->misses = 0;
	spin_unlock_bh(&sb->lock);
}

static unsigned long stat_total(struct stat_block *sb)
{
	unsigned long flags, total;

	spin_lock_irqsave(&sb->lock, flags);
	total = sb->hits + sb->misses;
	spin_unlock_irqrestore(&sb->lock, flags);
	return total;
}

static void stat_hit_raw(struct stat_block *sb)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sb->raw_lock, flags);
	sb->hits++;
	raw_spin_unlock_irqrestore(&sb->raw_lock, flags);
}

static void stat_add(struct stat_block *sb, unsigned long n)
{
	unsigned long flags;

	spin_lock_irqsave(&sb->lock, flags);
	if (sb->hits + n < sb->hits)
		return;				/* expect: LOCK005 warning */
	sb->hits += n;
	spin_unlock_irqrestore(&sb->lock, flags);
}

static void stat_fold(struct stat_block *into, struct stat_block *from)
{
	spin_lock_bh(&into->lock);
	spin_lock_bh(&from->lock);		/* expect: LOCK003 error */
	into->hits += from->hits;
	from->hits = 0;
	spin_unlock_bh(&from->lock);
	spin_unlock_bh(&into->lock);
}

static void stat_drop(struct stat_block *sb)
{
	spin_lock_irq(&sb->lock);
	sb->misses = 0;
	spin_unlock_irq(&sb->lock);
	spin_unlock_irq(&sb->lock);		/* expect: LOCK005 warning */
}
