// SPDX-License-Identifier: GPL-2.0
/* Simple file system helpers written for lockscan's tests. */

#include <linux/fs.h>

int simple_forget(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	dir->i_size--;
	inode->i_nlink--;
	return 0;
}
