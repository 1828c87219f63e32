/*
 * spinlock_t: spin_lock and its _irq, _bh and _irqsave forms, raw spinlocks,
 * the _irqsave_nested and _nest_lock annotations of a second instance.
 * Balanced pairs stay silent; an early return that leaves the lock held, a
 * second instance of the class and a double unlock are found.
 */
static DEFINE_MUTEX(stat_list_mutex);

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
		return;				/* expect: LOCK005 warning {{leaves with sb->lock held}}
						   note@61 note@67 {{exit without the lock}} */
	sb->hits += n;
	spin_unlock_irqrestore(&sb->lock, flags);
}

static void stat_fold(struct stat_block *into, struct stat_block *from)
{
	spin_lock_bh(&into->lock);
	spin_lock_bh(&from->lock);		/* expect: LOCK003 error {{second lock of class stat_block.lock}}
						   {{CPU0 holds into->lock and wants from->lock}}
						   note@71 */
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
	spin_unlock_irq(&sb->lock);		/* expect: LOCK005 warning {{unlocks sb->lock, which this path has already unlocked}} */
}

static void stat_fold_nested(struct stat_block *into, struct stat_block *from)
{
	unsigned long flags;

	spin_lock_irqsave(&into->lock, flags);
	spin_lock_irqsave_nested(&from->lock, flags, SINGLE_DEPTH_NESTING);	/* expect: LOCK003 warning {{second lock of class stat_block.lock}}
										   {{lockdep subclass annotation}}
										   {{CPU0 holds into->lock and wants from->lock}}
										   note@93 */
	into->hits += from->hits;
	spin_unlock_irqrestore(&from->lock, flags);
	spin_unlock_irqrestore(&into->lock, flags);
}

static void stat_fold_listed(struct stat_block *into, struct stat_block *from)
{
	mutex_lock(&stat_list_mutex);
	spin_lock_nest_lock(&into->lock, &stat_list_mutex);
	spin_lock_nest_lock(&from->lock, &stat_list_mutex);	/* expect: LOCK003 note {{second lock of class stat_block.lock}}
								   {{outer lock stat_list_mutex, which is held}}
								   {{CPU0 holds into->lock and wants from->lock}}
								   note@106 */
	into->misses += from->misses;
	spin_unlock(&from->lock);
	spin_unlock(&into->lock);
	mutex_unlock(&stat_list_mutex);
}
