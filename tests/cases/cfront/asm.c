/* expect: functions=cpu_relax_once,read_tsc,test_flag,arch_static_branch */
asm(".pushsection .text.demo\n"
    "demo_stub: ret\n"
    ".popsection");

static inline void cpu_relax_once(void)
{
	asm volatile("rep; nop" ::: "memory"); /* node: EmptyStatement at 8:39 */
}

static unsigned long long read_tsc(void)
{
	unsigned int lo, hi;

	__asm__ __volatile__("rdtsc" : "=a" (lo), "=d" (hi));
	barrier(); /* node: FuncCall barrier at 16:2 */
	return ((unsigned long long)hi << 32) | lo;
}

static int test_flag(unsigned long *word, int nr)
{
	int oldbit;

	asm("bt %2,%1"
	    : "=@ccc" (oldbit)
	    : "m" (*word), "Ir" (nr));
	return oldbit; /* node: Return at 27:2 */
}

static __always_inline bool arch_static_branch(struct static_key *key, bool branch)
{
	asm goto("1: .byte 0x0f,0x1f,0x44,0x00,0\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".popsection\n\t"
		 : : "i" (key), "i" (branch) : : l_yes);
	return false;
l_yes: /* node: Label l_yes at 37:1 */
	return true; /* node: Return at 38:2 */
}
