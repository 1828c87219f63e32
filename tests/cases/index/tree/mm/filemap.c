// SPDX-License-Identifier: GPL-2.0
/* Page cache helpers written for lockscan's tests. */

#include <linux/mm.h>

void entry_wait_unlock(spinlock_t *ptl, int *flags)
{
	int waiting = *flags;

	spin_unlock(ptl);
	while (waiting)
		waiting = cpu_relax_count(waiting);
}
