// SPDX-License-Identifier: GPL-2.0
/*
 * Resetting and flushing gauges.
 */
#include <linux/module.h>
#include "gauge.h"

static int gauge_reset(struct gauge *g)
{
	gauge_lock(g);
	g->value = 0;
	gauge_commit(g);
	gauge_unlock(g);
	return 0;
}

static void gauge_flush(struct gauge *g)
{
	gauge_lock(g);
	gauge_commit(g);
	gauge_unlock(g);
}
