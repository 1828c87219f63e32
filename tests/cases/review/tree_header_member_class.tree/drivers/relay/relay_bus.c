// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching relay ports to their bus.
 */
#include <linux/module.h>
#include "relay.h"

static void relay_bus_attach(struct relay_bus *bus)
{
	spin_lock(&bus->lock);
	bus->nr_ports++;
	spin_unlock(&bus->lock);
}

static void relay_bus_get_port(struct relay_bus *bus)
{
	spin_lock(&bus->lock);
	bus->nr_ports++;
	spin_unlock(&bus->lock);
}
