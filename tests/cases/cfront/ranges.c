/* expect: functions=classify,reset_levels */
static const unsigned char prio_map[16] = {
	[0 ... 7] = 1,
	[8 ... 15] = 2,
};

static int classify(char c, int code)
{
	switch (c) {
	case 'a' ... 'z': /* node: Case at 10:2 */
		return 1;
	case '0'...'9': /* node: Constant '0' at 12:7 */
		return 2;
	case 0x80 ...
	     0xff:
		return 3;
	}
	switch (code) {
	case -5 ... -1: return -1; /* node: Return at 19:18 */
	default: return prio_map[code & 15]; /* node: ArrayRef at 20:18 */
	}
}

static void reset_levels(int *out)
{
	int levels[8] = { [0 ... 3] = 4, [4 ... 7] = out[0] }; /* node: ArrayRef at 26:47 */

	memcpy(out, levels, sizeof(levels));
}
