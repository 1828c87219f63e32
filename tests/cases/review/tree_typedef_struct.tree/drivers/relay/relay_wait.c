// SPDX-License-Identifier: GPL-2.0
#include <linux/relay_wait.h>

static void relay_wait_move(relay_wait_head_t *from, relay_wait_head_t *to)
{
	spin_lock(&from->lock);
	from->waiters = 0;
	spin_unlock(&from->lock);
}

static void relay_wait_requeue(relay_wait_head_t *head, struct relay_waiter *waiter)
{
	spin_lock(&head->lock);
	head->waiters--;
	spin_unlock(&head->lock);
}
