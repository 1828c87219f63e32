/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_GAUGE_H
#define _LINUX_GAUGE_H

#include <linux/spinlock.h>

/* A gauge reading; the lock serializes updates with the hardware. */
struct gauge {
	spinlock_t lock;
	int value;
	bool broken;
};

/* Defined in the architecture's gauge code. */
void gauge_lock(struct gauge *g) __acquires(&g->lock);
void gauge_unlock(struct gauge *g) __releases(&g->lock);

#endif
