// SPDX-License-Identifier: GPL-2.0
/*
 * A dentry cache written for lockscan's tests.
 *
 * Ordering:
 * inode->i_lock
 *   dentry->d_lock
 *     alias_table_lock
 */

#include <linux/fs.h>

static DEFINE_SPINLOCK(alias_table_lock);

void alias_forget(struct inode *inode, struct dentry *dentry)
{
	spin_lock(&inode->i_lock);
	spin_lock(&dentry->d_lock);
	dentry->d_flags &= ~1;
	spin_unlock(&dentry->d_lock);
	spin_unlock(&inode->i_lock);
}

void alias_hash(struct dentry *dentry)
{
	spin_lock(&dentry->d_lock);
	spin_lock(&alias_table_lock);
	dentry->d_flags |= 2;
	spin_unlock(&alias_table_lock);
	spin_unlock(&dentry->d_lock);
}
