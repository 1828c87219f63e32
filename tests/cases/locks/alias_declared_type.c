/*
 * A local declared with a struct type and set from a path whose type the file
 * does not show (w->owner, struct work_item is defined elsewhere): the local's
 * declared type gives the class of the locks reached through it.  A local of
 * another struct type is another class.
 */
struct sched_group {
	spinlock_t lock;
	int weight;
};

struct sched_entity_info {
	spinlock_t lock;
};

static void sched_group_adopt(struct work_item *w, struct sched_group *into)
{
	struct sched_group *from = w->owner;

	spin_lock(&into->lock);
	spin_lock(&from->lock);		/* expect: LOCK003 error {{second lock of class sched_group.lock}}
					   {{CPU0 holds into->lock and wants w->owner->lock}}
					   note@20 */
	into->weight += from->weight;
	spin_unlock(&from->lock);
	spin_unlock(&into->lock);
}

static void sched_group_note(struct work_item *w, struct sched_group *group)
{
	struct sched_entity_info *info = w->info;

	spin_lock(&group->lock);
	spin_lock(&info->lock);
	group->weight++;
	spin_unlock(&info->lock);
	spin_unlock(&group->lock);
}
