/* expect: functions=clamp_index,wait_ready */
static int clamp_index(int idx, int max)
{
	int limit = ({ int __m = (max); __m > 0 ? __m - 1 : 0; }); /* node: Decl limit at 4:6 */
	int v = ({ int __a = idx; ({ int __b = limit; __a < __b ? __a : __b; }); }) + 1; /* node: Constant 1 at 5:80 */

	if (({
		bool __cond = idx < 0;
		__cond;
	}))
		return 0; /* node: Return at 11:3 */
	return ( { v; } ) ?: limit; /* node: ID limit at 12:23 */
}

static int wait_ready(struct device *dev)
{
	return readx_poll_timeout(read_status, dev, ({ unsigned int s = 0; s; }), 10, 1000); /* node: Constant 10 at 17:76 */
}
