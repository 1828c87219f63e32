/*
 * A helper the file defines only where an option the configuration leaves
 * off is on (CONFIG_WIDGET_GROUPS); without it, a header's stub stands in.
 * The code calling it is right either way, so the definition in view says
 * what a call does: it drops the widget's lock, and the caller takes it
 * again.  A helper defined in no branch at all is not in view, and taking
 * the lock again after it is a double acquisition.
 */
struct widget {
	spinlock_t lock;
	int state;
	int group;
};

#ifdef CONFIG_WIDGET_GROUPS
void widget_attach_and_unlock(struct widget *w)
{
	if (!w->group) {
		spin_unlock(&w->lock);
		return;
	}
	w->state |= 2;
	spin_unlock(&w->lock);
}
#endif

static void widget_write(struct widget *w);

static int widget_sync(struct widget *w)
{
	spin_lock(&w->lock);
	w->state |= 1;
	widget_attach_and_unlock(w);
	widget_write(w);
	spin_lock(&w->lock);
	w->state &= ~1;
	spin_unlock(&w->lock);
	return 0;
}

static int widget_sync_other(struct widget *w)
{
	spin_lock(&w->lock);
	w->state |= 1;
	widget_detach(w);
	spin_lock(&w->lock);		/* expect: LOCK005 warning {{takes w->lock, which is already held}} note@43 */
	w->state &= ~1;
	spin_unlock(&w->lock);
	return 0;
}
