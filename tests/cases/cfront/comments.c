/* expect: functions=count_pages,log_state structs= */
/*
 * A block comment with code-like text: if (x) { spin_lock(&l); }
 * and "quotes", 'q', braces { } and a stray */ /* that closes and reopens.
 */
// A line comment with an opening brace {
static unsigned long count_pages(unsigned long start, /* first */
				 unsigned long end)   // last, exclusive
{
	unsigned long n = 0;	/* pages */ unsigned long step = 1; /* node: Decl step at 10:49 */

	/* a comment /* that looks nested */ n = (end - start) /* mid */ >> 12; /* node: Assignment = at 12:39 */
	return n /* trailing */ + step; // node: ID step at 13:28
}

static void log_state(int state)
{
	pr_info("state /* not a comment */ %d // still a string\n", state); /* node: ID state at 18:62 */
	pr_info("%c\n", '"'); /* node: Constant '"' at 19:18 */
	/* node: Cast at 20:28 */ (void)state;
}
