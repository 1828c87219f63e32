/* SPDX-License-Identifier: GPL-2.0 */
/* What the relay driver's files share. */
#include <linux/relay_bus.h>

struct relay_port {
	spinlock_t lock;
	unsigned int users;
};
