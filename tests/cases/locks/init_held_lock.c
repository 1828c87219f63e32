/*
 * Initializing a lock the path holds (lockdep's "init held lock", the
 * selftests' init_held_*): the lock is wiped under its holder, whose unlock
 * then releases a lock nobody took.  Initializing it before it is taken, or
 * after it is released, is how a lock is reset.
 */
static DEFINE_SPINLOCK(pool_lock);
static DECLARE_RWSEM(pool_sem);

struct pool {
	struct mutex mutex;
	rwlock_t rwlock;
	int size;
};

static void pool_reset_held(void)
{
	spin_lock(&pool_lock);
	spin_lock_init(&pool_lock);		/* expect: LOCK005 warning {{spin_lock_init(&pool_lock) initializes pool_lock}} note@18 */
	spin_unlock(&pool_lock);
}

static void pool_reset_read_held(void)
{
	down_read(&pool_sem);
	init_rwsem(&pool_sem);			/* expect: LOCK005 warning {{init_rwsem(&pool_sem) initializes pool_sem}} note@25 */
	up_read(&pool_sem);
}

static void pool_reinit(struct pool *p)
{
	mutex_lock(&p->mutex);
	p->size = 0;
	mutex_init(&p->mutex);			/* expect: LOCK005 warning {{mutex_init(&p->mutex) initializes p->mutex}} note@32 */
	mutex_unlock(&p->mutex);
}

static void pool_setup(struct pool *p)
{
	mutex_init(&p->mutex);
	rwlock_init(&p->rwlock);
	mutex_lock(&p->mutex);
	p->size = 1;
	mutex_unlock(&p->mutex);
	write_lock(&p->rwlock);
	p->size++;
	write_unlock(&p->rwlock);
	rwlock_init(&p->rwlock);
}
