/*
 * A trylock macro of the file, written as the kernel writes them
 * (#define foo_trylock(f) __cond_lock(&(f)->lock, _foo_trylock(f))): a call
 * of it is a call of a __cond_acquires function, held where it returned true
 * (clang's exclusive_trylock_function(true)).
 */
struct dev {
	spinlock_t lock;
	int n;
};

int _dev_trylock(struct dev *d);
#define dev_trylock(d) __cond_lock(&(d)->lock, _dev_trylock(d))
#define dev_trylock_both(d, e) \
	__cond_lock(&(e)->lock, _dev_trylock(d) && _dev_trylock(e))

static void dev_poke(struct dev *d)
{
	if (!dev_trylock(d))
		return;
	d->n++;
	spin_unlock(&d->lock);
}

static void dev_poke_both(struct dev *d, struct dev *e)
{
	if (dev_trylock_both(d, e)) {
		e->n++;
		spin_unlock(&e->lock);
	}
}

static void dev_poke_leak(struct dev *d)
{
	if (dev_trylock(d))
		d->n++;
}					/* expect: LOCK005 warning {{leaves with d->lock held, taken by dev_trylock(d)}} note@35 note@37 */
