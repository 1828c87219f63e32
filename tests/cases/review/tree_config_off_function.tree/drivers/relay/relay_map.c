// SPDX-License-Identifier: GPL-2.0
/*
 * Mappings of relay buffers: with high memory, each flush takes the map's
 * lock; without, the map is always mapped and a flush is a sync.
 */
#include <linux/spinlock.h>

struct relay_map {
	spinlock_t lock;
	unsigned long pending;
};

#ifdef CONFIG_HIGHMEM
static void relay_map_flush(struct relay_map *map, struct relay_map *shadow)
{
	spin_lock(&map->lock);
	relay_map_sync(map);
	map->pending = 0;
	spin_unlock(&map->lock);
}
#else
static void relay_map_flush(struct relay_map *map, struct relay_map *shadow)
{
	relay_map_sync(map);
}
#endif

static void relay_map_reset(struct relay_map *map, struct relay_map *shadow)
{
	spin_lock(&map->lock);
#if 0
	relay_map_sync(shadow);
#endif
	map->pending = 0;
	spin_unlock(&map->lock);
}
