/*
 * The core types' own lock wrappers take the lock of the object they are
 * handed, and name its class themselves: device_lock() a device's mutex,
 * netif_addr_lock_bh() a net_device's address list lock (with the device's
 * nesting level for a lockdep subclass).  Here the objects' types are not
 * declared at all (a hunk's view), and two objects of one class nest.
 */

static void gizmo_rebind(void)
{
	device_lock(gizmo->dev);
	device_lock(gizmo->hub);		/* expect: LOCK003 error {{second lock of class device.mutex}} note@11 */
	gizmo->bound = 1;
	device_unlock(gizmo->hub);
	device_unlock(gizmo->dev);
}

static void relay_copy_addrs(void)
{
	netif_addr_lock_bh(relay->upper);
	netif_addr_lock_bh(relay->lower);	/* expect: LOCK003 warning {{second lock of class net_device.addr_list_lock}} {{lockdep subclass}} note@20 */
	relay->synced = 1;
	netif_addr_unlock_bh(relay->lower);
	netif_addr_unlock_bh(relay->upper);
}
