/*
 * The variants of the generic primitives take the lock their plain form
 * takes: rwlock_t's writers and a raw spinlock with bottom halves off, a
 * seqlock_t's writers with interrupts saved and its locking readers, a mutex
 * taken as I/O wait.  Each nesting of two objects of one class is found.
 */
struct ring {
	rwlock_t map_lock;
	raw_spinlock_t slot_lock;
	seqlock_t gen;
	struct mutex io_mutex;
	int nr;
};

static void ring_swap_maps(struct ring *a, struct ring *b)
{
	write_lock_bh(&a->map_lock);
	write_lock_bh(&b->map_lock);	/* expect: LOCK003 error {{second lock of class ring.map_lock}} note@17 */
	a->nr = b->nr;
	write_unlock_bh(&b->map_lock);
	write_unlock_bh(&a->map_lock);
}

static void ring_move_slot(struct ring *from, struct ring *to)
{
	raw_spin_lock_bh(&from->slot_lock);
	raw_spin_lock_bh(&to->slot_lock);	/* expect: LOCK003 error {{second lock of class ring.slot_lock}} note@26 */
	to->nr++;
	raw_spin_unlock_bh(&to->slot_lock);
	raw_spin_unlock_bh(&from->slot_lock);
}

static void ring_bump_both(struct ring *a, struct ring *b)
{
	unsigned long flags;

	write_seqlock_irqsave(&a->gen, flags);
	read_seqlock_excl(&b->gen);		/* expect: LOCK003 error {{second lock of class ring.gen}} note@37 */
	a->nr = b->nr + 1;
	read_sequnlock_excl(&b->gen);
	write_sequnlock_irqrestore(&a->gen, flags);
}

static void ring_flush_pair(struct ring *a, struct ring *b)
{
	mutex_lock_io(&a->io_mutex);
	mutex_lock_io(&b->io_mutex);		/* expect: LOCK003 error {{second lock of class ring.io_mutex}} note@46 */
	mutex_unlock(&b->io_mutex);
	mutex_unlock(&a->io_mutex);
}
