/*
 * The kernel's generic primitives beyond the plain ones: rwlocks with bottom
 * halves off, bit spinlocks, seqlock writers with interrupts saved, rt
 * mutexes, local locks, and the wrappers include/linux/ gives every
 * subsystem (a socket's lock, the rtnl mutex, a task's alloc_lock).
 */
struct flow {
	rwlock_t lock;
	seqlock_t seq;
	unsigned long state;
	struct rt_mutex wait;
	int hits;
};

static void flow_merge(struct flow *a, struct flow *b)
{
	write_lock_bh(&a->lock);
	write_lock_bh(&b->lock);	/* expect: LOCK003 error {{second lock of class flow.lock}} note@17 */
	a->hits += b->hits;
	write_unlock_bh(&b->lock);
	write_unlock_bh(&a->lock);
}

static void flow_bump(struct flow *f)
{
	unsigned long flags;

	bit_spin_lock(0, &f->state);
	write_seqlock_irqsave(&f->seq, flags);
	f->hits++;
	write_sequnlock_irqrestore(&f->seq, flags);
	bit_spin_unlock(0, &f->state);
	rt_mutex_lock(&f->wait);
	f->hits--;
	rt_mutex_unlock(&f->wait);
}

static int flow_reconfigure(struct net_device *dev, struct sock *sk)
{
	rtnl_lock();
	lock_sock(sk);
	sk->sk_mark = dev->ifindex;
	release_sock(sk);
	if (!dev->mtu)
		return -EINVAL;		/* expect: LOCK005 warning {{leaves with rtnl_mutex held}} note@40 note@47 */
	rtnl_unlock();
	return 0;
}

static void flow_owner(struct task_struct *p)
{
	task_lock(p);
	task_lock(p);			/* expect: LOCK005 warning {{takes p->alloc_lock, which is already held}} note@52 */
	task_unlock(p);
}
