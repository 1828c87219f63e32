/*
 * A function that returns nothing and sets nothing through a pointer cannot
 * tell its caller whether it took a lock: one it takes on some paths and not
 * on others is an imbalance (clang's "mutex is not held on every path"), not a
 * conditional acquisition, trylock or not.  A function that says so in its
 * result, an out-parameter or its name (maybe_lock) is a conditional one, and
 * a lock its caller holds, dropped and taken again on some paths, is the
 * caller's on the others.
 */
static DEFINE_SPINLOCK(sls_mu);
static DEFINE_SPINLOCK(sls_mu2);

struct job {
	struct mutex mu;
	int done;
};

static void sls_fun_bad_4(int c)
{
	if (c)
		spin_lock(&sls_mu);
	else
		spin_lock(&sls_mu2);
}					/* expect: LOCK005 warning {{leaves with sls_mu held}} {{does not take it}} note@21 note@24 {{exit without the lock}},
					   LOCK005 warning {{leaves with sls_mu2 held}} note@23 note@24 */

static void job_try_finish(struct job *j)
{
	if (mutex_trylock(&j->mu))
		j->done = 1;
}					/* expect: LOCK005 warning {{leaves with j->mu held, taken by mutex_trylock(&j->mu)}} note@29 note@31 */

static int job_try_start(struct job *j)
{
	if (!mutex_trylock(&j->mu))
		return 0;
	j->done = 0;
	return 1;
}

static void job_try_flagged(struct job *j, bool *locked)
{
	*locked = false;
	if (mutex_trylock(&j->mu))
		*locked = true;
}

static void job_maybe_lock(struct job *j, int c)
{
	if (c)
		mutex_lock(&j->mu);
}

static void job_flush_unlocked(struct job *j)
{
	if (j->done)
		return;
	mutex_unlock(&j->mu);
	job_run(j);
	mutex_lock(&j->mu);
}
