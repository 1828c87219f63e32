/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_RELAY_BUS_H
#define _LINUX_RELAY_BUS_H

#include <linux/spinlock.h>

struct relay_port;

/* A bus of relay devices; buses nest, each under its parent. */
struct relay_bus {
	spinlock_t lock;		/* protects ports and the counters */
	struct relay_bus *parent;
	struct relay_port *port;
	unsigned int nr_ports;
};

#endif
