// SPDX-License-Identifier: GPL-2.0
/* A library of shelves, written for lockscan's tests: its mutex is held
 * while shelf_count() (fs/shelf.c) takes a shelf's lock. */

#include <linux/mutex.h>

struct library {
	struct mutex mutex;
	int books;
};

void library_recount(struct library *lib, struct shelf *s)
{
	mutex_lock(&lib->mutex);
	lib->books = shelf_count(s);
	mutex_unlock(&lib->mutex);
}
