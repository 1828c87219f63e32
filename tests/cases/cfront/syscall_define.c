/* expect: functions=sys_getpgsz,sys_frob,sys_frob_range,compat_sys_frob */
SYSCALL_DEFINE0(getpgsz) /* function: sys_getpgsz at 2 */
{
	return PAGE_SIZE; /* node: Return at 4:2 */
}

SYSCALL_DEFINE2(frob, unsigned long, start, const char __user *, name) /* function: sys_frob at 7 */ /* node: Decl start at 7:38 */ /* node: FuncDef sys_frob at 7:1 */
{
	return do_frob(start, name); /* node: FuncCall do_frob at 9:9 */
}

SYSCALL_DEFINE4(frob_range, unsigned long, start, size_t, len,
		unsigned long, prot, int __user *, out) /* function: sys_frob_range at 12 */ /* node: Decl prot at 13:18 */
{
	struct mm_struct *mm = current->mm; /* node: Decl mm at 15:19 */

	if (mmap_write_lock_killable(mm)) /* node: FuncCall mmap_write_lock_killable at 17:6 */
		return -EINTR;
	mmap_write_unlock(mm);
	return put_user(len, out); /* node: ID out at 20:23 */
}

COMPAT_SYSCALL_DEFINE1(frob, compat_uptr_t, uname) /* function: compat_sys_frob at 23 */ /* node: Decl uname at 23:45 */
{
	return sys_frob(0, compat_ptr(uname)); /* node: FuncCall compat_ptr at 25:21 */
}
