/* expect: functions=setup_pool,pool_index,pool_peek,copy_hint,read_reg,pool_owner,try_grow,pool_helper,next_record */
static int pool_size __read_mostly = 64;
static struct pool_desc *active_pool __rcu;
static unsigned long boot_flags __initdata;

static int __init setup_pool(char *arg)
{
	return kstrtoint(arg, 0, &pool_size); /* node: FuncCall kstrtoint at 8:9 */
}

static __always_inline unsigned int pool_index(unsigned long key) /* function: pool_index at 11 */
{
	return key & (pool_size - 1);
}

static noinline int pool_peek(struct pool_desc __rcu **slot)
{
	struct pool_desc *desc = rcu_dereference(*slot); /* node: Decl desc at 18:19 */

	return desc ? desc->count : 0;
}

static long copy_hint(void __user *dst, const unsigned long __user *src, size_t len)
{
	unsigned long hint __maybe_unused; /* node: Decl hint at 25:16 */

	if (get_user(hint, src))
		return -EFAULT;
	return copy_to_user(dst, (void __force *)&hint, len); /* node: Cast at 29:27 */
}

static u32 read_reg(void __iomem *base, unsigned int offset)
{
	return readl((u8 __iomem *)base + offset); /* node: BinaryOp + at 34:15 */
}

static __always_unused struct task_struct *pool_owner(struct pool_desc *desc)
{
	return READ_ONCE(desc->owner);
}

static __must_check int __meminit try_grow(struct pool_desc *desc, gfp_t gfp)
{
	return desc->grow ? desc->grow(desc, gfp) : -ENOMEM; /* node: FuncCall at 44:22 */
}

STATIC int pool_helper(struct POOL_RECORD *rec) /* function: pool_helper at 47 */
{
	return rec->len; /* node: StructRef len at 49:9 */
}

static struct POOL_RECORD *next_record(struct POOL_RECORD *rec) /* node: Struct POOL_RECORD at 52:15 */
{
	return rec + 1;
}
