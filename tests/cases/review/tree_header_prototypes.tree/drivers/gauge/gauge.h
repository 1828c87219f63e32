/* SPDX-License-Identifier: GPL-2.0 */
/* What the gauge driver's files share. */
#include <linux/gauge.h>

/* Writes the value to the hardware; the caller holds the gauge's lock. */
void gauge_commit(struct gauge *g) __must_hold(&g->lock);
