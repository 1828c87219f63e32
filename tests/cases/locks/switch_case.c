/*
 * switch: each case releases what it took, fall-through included; a case
 * that returns with the lock held leaves the function holding it.
 */
struct port {
	spinlock_t lock;
	int mode;
	int count;
};

static int port_apply(struct port *p, int cmd)
{
	int ret = 0;

	switch (cmd) {
	case 0:
		spin_lock(&p->lock);
		p->mode = 0;
		spin_unlock(&p->lock);
		break;
	case 1:
		p->count++;
		/* fall through */
	case 2:
		spin_lock(&p->lock);
		p->mode = cmd;
		spin_unlock(&p->lock);
		break;
	default:
		ret = -EINVAL;
	}
	return ret;
}

static void port_set(struct port *p, int cmd)
{
	spin_lock(&p->lock);
	switch (cmd) {
	case 0:
		p->mode = 0;
		break;
	case 1:
		p->count = 0;
		spin_unlock(&p->lock);
		return;
	default:
		p->mode = cmd;
		break;
	}
	spin_unlock(&p->lock);
}

static void port_reset(struct port *p, int cmd)
{
	spin_lock(&p->lock);
	switch (cmd) {
	case 1:
		p->count = 0;
		spin_unlock(&p->lock);
		break;
	case 2:
		p->mode = 0;
		return;				/* expect: LOCK005 warning {{leaves with p->lock held}}
						   note@55 note@68 {{exit without the lock}} */
	default:
		spin_unlock(&p->lock);
	}
}
