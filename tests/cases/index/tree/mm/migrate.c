// SPDX-License-Identifier: GPL-2.0
/* Migration helpers written for lockscan's tests. */

#include <linux/mm.h>

void entry_wait(spinlock_t *ptl, int *flags)
{
	spin_lock(ptl);
	if (!*flags) {
		spin_unlock(ptl);
		return;
	}
	entry_wait_unlock(ptl, flags);
}
