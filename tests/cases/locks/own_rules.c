/* rules: own_rules.toml */
/*
 * A case with a rule set of its own: the locks of an invented driver, of
 * which mm.toml knows nothing.  Its rule file says that the configuration
 * mutex (taken through the driver's frob_cfg_lock()) comes before the
 * statistics lock, and that the MTU is read under either and written under
 * the mutex.  Without own_rules.toml the file is silent.
 */
struct frob_dev {
	struct mutex cfg_mutex;
	spinlock_t stats_lock;
	unsigned int mtu;
	unsigned long rx_bytes;
};

struct frob_queue {
	struct frob_dev *dev;
	unsigned long rx_bytes;
};

static void frob_set_mtu(struct frob_dev *fd, unsigned int mtu)
{
	frob_cfg_lock(fd);
	fd->mtu = mtu;
	frob_cfg_unlock(fd);
}

static unsigned int frob_mtu(struct frob_dev *fd)
{
	unsigned int mtu;

	spin_lock(&fd->stats_lock);
	mtu = fd->mtu;
	spin_unlock(&fd->stats_lock);
	return mtu;
}

static void frob_set_mtu_stats_only(struct frob_dev *fd, unsigned int mtu)
{
	spin_lock(&fd->stats_lock);
	fd->mtu = mtu;			/* expect: LOCK002 note {{fd->mtu is written without cfg}} */
	spin_unlock(&fd->stats_lock);
}

static void frob_fold_queue(struct frob_queue *q)
{
	spin_lock(&q->dev->stats_lock);
	q->dev->rx_bytes += q->rx_bytes;
	frob_cfg_lock(q->dev);		/* expect: LOCK004 warning {{frob_cfg_lock(q->dev) takes cfg}}
					   {{Lock order of the frob driver (frob.h) puts cfg before stats}}
					   note@47 */
	q->rx_bytes = 0;
	frob_cfg_unlock(q->dev);
	spin_unlock(&q->dev->stats_lock);
}

static int frob_reconfigure(struct frob_dev *fd, unsigned int mtu)
{
	frob_cfg_lock(fd);
	if (mtu < 68)
		return -EINVAL;		/* expect: LOCK005 warning {{leaves with fd->cfg_mutex held}}
					   note@59 note@65 {{exit without the lock}} */
	fd->mtu = mtu;
	frob_cfg_unlock(fd);
	return 0;
}
