/*
 * A lock in a struct embedded in another (a->sub.lock) or reached through a
 * pointer member (a->peer->lock) has the class of the struct that declares it,
 * as lockdep names it: the members' types come from the struct definitions in
 * the file.  Two members of different struct types are different classes,
 * whatever the lock members are called.
 */
struct relay_queue {
	spinlock_t lock;
	int depth;
};

struct relay_stats {
	spinlock_t lock;
	unsigned long drops;
};

struct relay_port {
	struct relay_queue rx;
	struct relay_queue *peer;
	struct relay_stats stats;
};

static void relay_port_swap(struct relay_port *a, struct relay_port *b)
{
	spin_lock(&a->rx.lock);
	spin_lock(&b->rx.lock);		/* expect: LOCK003 error {{second lock of class relay_queue.lock}}
					   {{CPU0 holds a->rx.lock and wants b->rx.lock}}
					   note@26 */
	a->rx.depth = b->rx.depth;
	spin_unlock(&b->rx.lock);
	spin_unlock(&a->rx.lock);
}

static void relay_port_forward(struct relay_port *port)
{
	spin_lock(&port->rx.lock);
	spin_lock(&port->peer->lock);	/* expect: LOCK003 error {{second lock of class relay_queue.lock}}
					   {{CPU0 holds port->rx.lock and wants port->peer->lock}}
					   note@37 */
	port->peer->depth++;
	spin_unlock(&port->peer->lock);
	spin_unlock(&port->rx.lock);
}

static void relay_port_count_drop(struct relay_port *port)
{
	spin_lock(&port->rx.lock);
	spin_lock(&port->stats.lock);
	port->stats.drops++;
	spin_unlock(&port->stats.lock);
	spin_unlock(&port->rx.lock);
}

/*
 * Two different members of one type in the same object (two wait queues of a
 * context) are initialised apart, each with its own lockdep class: a note.
 * The same member of two objects is one class: an error, above.
 */
struct relay_waits {
	struct relay_queue readers;
	struct relay_queue events;
};

static void relay_waits_wake(struct relay_waits *w)
{
	spin_lock(&w->readers.lock);
	spin_lock(&w->events.lock);	/* expect: LOCK003 note {{different members of their objects (readers and events)}} note@67 */
	w->events.depth = w->readers.depth;
	spin_unlock(&w->events.lock);
	spin_unlock(&w->readers.lock);
}
