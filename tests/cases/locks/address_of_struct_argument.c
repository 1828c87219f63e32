/*
 * A callee handed the address of a struct variable (&sls_mw, clang's
 * sls_fun_good_8): what its annotations and its body say of w->mu is the
 * caller's sls_mw.mu, the name the caller's own spin_unlock(&sls_mw.mu) uses.
 */
struct wrapper {
	struct mutex mu;
	spinlock_t lock;
	int x;
};

static struct wrapper sls_mw;

void wrapper_lock(struct wrapper *w) __acquires(&w->mu);
void wrapper_count(struct wrapper *w) __must_hold(&w->lock);

static void wrapper_spin(struct wrapper *w)
{
	spin_lock(&w->lock);	/* expect: LOCK005 warning {{wrapper_spin() returns holding w->lock}} note@20 */
}

static void lock_through_annotation(void)
{
	wrapper_lock(&sls_mw);
	sls_mw.x++;
	mutex_unlock(&sls_mw.mu);
}

static void lock_through_body(void)
{
	wrapper_spin(&sls_mw);
	wrapper_count(&sls_mw);
	spin_unlock(&sls_mw.lock);
}

static void lock_twice(void)
{
	mutex_lock(&sls_mw.mu);
	wrapper_lock(&sls_mw);			/* expect: LOCK005 warning {{takes sls_mw.mu, which is already held}} note@38 */
	mutex_unlock(&sls_mw.mu);
	mutex_unlock(&sls_mw.mu);
}

static void count_unlocked(void)
{
	wrapper_count(&sls_mw);			/* expect: LOCK007 note {{wrapper_count() must be called holding sls_mw.lock}} */
}
