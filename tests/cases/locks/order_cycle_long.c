/*
 * Cycles longer than two, as lockdep's selftests build them (ABBCCA,
 * ABBCCDDA): no two functions take a pair of locks both ways, but the orders
 * they show close a circle.  Each cycle is one LOCK004 error, at the edge of
 * its least lock, naming every other edge and where it is made.
 */
static DEFINE_SPINLOCK(lock_a);
static DEFINE_SPINLOCK(lock_b);
static DEFINE_SPINLOCK(lock_c);
static DEFINE_MUTEX(mutex_w);
static DEFINE_MUTEX(mutex_x);
static DEFINE_MUTEX(mutex_y);
static DEFINE_MUTEX(mutex_z);

static void a_then_b(void)
{
	spin_lock(&lock_a);
	spin_lock(&lock_b);		/* expect: LOCK004 error {{spin_lock(&lock_b) takes lock_b while spin_lock(&lock_a) holds lock_a}}
					   {{b_then_c takes lock_c under lock_b at line 29; c_then_a takes lock_a under lock_c at line 37}}
					   {{a cycle of 3 locks}}
					   note@17 note@29 note@37 */
	spin_unlock(&lock_b);
	spin_unlock(&lock_a);
}

static void b_then_c(void)
{
	spin_lock(&lock_b);
	spin_lock(&lock_c);
	spin_unlock(&lock_c);
	spin_unlock(&lock_b);
}

static void c_then_a(void)
{
	spin_lock(&lock_c);
	spin_lock(&lock_a);
	spin_unlock(&lock_a);
	spin_unlock(&lock_c);
}

static void w_x(void)
{
	mutex_lock(&mutex_w);
	mutex_lock(&mutex_x);		/* expect: LOCK004 error {{a cycle of 4 locks}}
					   {{x_y takes mutex_y under mutex_x at line 55; y_z takes mutex_z under mutex_y at line 63; z_w takes mutex_w under mutex_z at line 71}}
					   note@44 note@55 note@63 note@71 */
	mutex_unlock(&mutex_x);
	mutex_unlock(&mutex_w);
}

static void x_y(void)
{
	mutex_lock(&mutex_x);
	mutex_lock(&mutex_y);
	mutex_unlock(&mutex_y);
	mutex_unlock(&mutex_x);
}

static void y_z(void)
{
	mutex_lock(&mutex_y);
	mutex_lock(&mutex_z);
	mutex_unlock(&mutex_z);
	mutex_unlock(&mutex_y);
}

static void z_w(void)
{
	mutex_lock(&mutex_z);
	mutex_lock(&mutex_w);
	mutex_unlock(&mutex_w);
	mutex_unlock(&mutex_z);
}
