/*
 * sparse's __acquire() keeps its count, it takes no lock: a function that
 * returns on one path with the spinlock held, and on the other with the lock
 * handed on in another form, says so with __acquire() before the unlock
 * (lock_sock_fast()'s shape).  An __acquire() of a lock the path holds is no
 * second acquisition; a real one is.
 */
struct port {
	spinlock_t lock;
	int owned;
};

bool port_lock_fast(struct port *p) __acquires(&p->lock)
{
	spin_lock_bh(&p->lock);
	if (!p->owned)
		return false;
	port_wait_owner(p);
	p->owned = 1;
	__acquire(&p->lock);
	spin_unlock_bh(&p->lock);
	return true;
}

void port_lock_twice(struct port *p)
{
	spin_lock(&p->lock);
	spin_lock(&p->lock);	/* expect: LOCK005 warning {{takes p->lock, which is already held}} note@27 */
	spin_unlock(&p->lock);
}
