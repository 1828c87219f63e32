/* expect: functions=fatal,arch_probe,report,fill structs=frame */
struct frame {
	unsigned long pc;
	unsigned char tag;
} __attribute__((packed, aligned(4)));

static unsigned long table[16] __attribute__((aligned(64))) __section(".data..ro_table");

static void __attribute__((noreturn)) fatal(const char *msg)
{
	panic("%s", msg); /* node: FuncCall panic at 11:2 */
}

int __attribute__ ((weak)) arch_probe(int cpu __attribute__((unused))) /* node: Decl cpu at 14:43 */
{
	return -ENODEV;
}

static __printf(2, 3) __cold /* function: report at 19 */
int report(int level, const char *fmt, ...)
{
	struct frame f __aligned(8) = { .pc = 0 }; /* node: Decl f at 22:15 */
	int ret __attribute__((
		unused
	)) = level; /* node: ID level at 25:7 */

	return f.tag; /* node: StructRef tag at 27:9 */
}

static void fill(struct frame *f)
{
	f->pc = (unsigned long)__builtin_return_address(0) __attribute__((unused));
}
