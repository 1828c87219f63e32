/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_RELAY_WAIT_H
#define _LINUX_RELAY_WAIT_H

#include <linux/spinlock.h>

typedef struct relay_wait_head {
	spinlock_t lock;
	unsigned int waiters;
} relay_wait_head_t;

struct relay_waiter {
	relay_wait_head_t *head;
	int flags;
};

#endif
