/*
 * Releasing a lock in the other mode than the path holds it in (clang's
 * "releasing mutex using shared access, expected exclusive access"):
 * up_read() of an rw_semaphore down_write() took, write_unlock() of an
 * rwlock_t read_lock() took.  The release still ends the lock, so the
 * matching release after it is a second unlock.  A downgraded writer is a
 * reader, and up_read() is its release.
 */
static DECLARE_RWSEM(table_sem);
static DEFINE_RWLOCK(table_rwlock);

static void reader_ends_writer(void)
{
	down_write(&table_sem);
	up_read(&table_sem);		/* expect: LOCK005 warning {{up_read(&table_sem) releases table_sem shared, but down_write(&table_sem) at line 14 holds it exclusive}} note@14 */
	up_write(&table_sem);		/* expect: LOCK005 warning {{unlocks table_sem, which this path has already unlocked}} */
}

static void writer_ends_reader(void)
{
	read_lock(&table_rwlock);
	write_unlock(&table_rwlock);	/* expect: LOCK005 warning {{write_unlock(&table_rwlock) releases table_rwlock exclusive, but read_lock(&table_rwlock) at line 21 holds it shared}} note@21 */
}

static void downgraded_writer(void)
{
	down_write(&table_sem);
	downgrade_write(&table_sem);
	up_read(&table_sem);
}

static void matching_modes(void)
{
	down_read(&table_sem);
	up_read(&table_sem);
	write_lock(&table_rwlock);
	write_unlock(&table_rwlock);
}
