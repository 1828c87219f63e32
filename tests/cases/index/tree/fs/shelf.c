// SPDX-License-Identifier: GPL-2.0
/* A shelf of books, written for lockscan's tests: its count is read and
 * written under its lock everywhere, which no rule book says. */

#include <linux/spinlock.h>

struct shelf {
	spinlock_t lock;
	int count;
	int limit;
};

int shelf_count(struct shelf *s)
{
	int n;

	spin_lock(&s->lock);
	n = s->count;
	spin_unlock(&s->lock);
	return n;
}

void shelf_add(struct shelf *s)
{
	spin_lock(&s->lock);
	if (s->count < s->limit)
		s->count++;
	spin_unlock(&s->lock);
}

void shelf_remove(struct shelf *s)
{
	spin_lock(&s->lock);
	if (s->count > 0)
		s->count--;
	spin_unlock(&s->lock);
}

void shelf_clear(struct shelf *s)
{
	spin_lock(&s->lock);
	s->count = 0;
	spin_unlock(&s->lock);
}

int shelf_full(struct shelf *s)
{
	int full;

	spin_lock(&s->lock);
	full = s->count >= s->limit;
	spin_unlock(&s->lock);
	return full;
}

int shelf_empty(struct shelf *s)
{
	int empty;

	spin_lock(&s->lock);
	empty = s->count == 0;
	spin_unlock(&s->lock);
	return empty;
}

void shelf_move(struct shelf *s, int n)
{
	spin_lock(&s->lock);
	s->count += n;
	spin_unlock(&s->lock);
}

int shelf_room(struct shelf *s)
{
	int room;

	spin_lock(&s->lock);
	room = s->limit - s->count;
	spin_unlock(&s->lock);
	return room;
}
