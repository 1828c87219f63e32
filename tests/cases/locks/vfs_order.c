/*
 * The VFS's documented orders (analyzer/rules/vfs.toml): fs/dcache.c puts
 * the inode's i_lock before the dentry's d_lock, fs/inode.c puts the
 * superblock's inode list lock and the writeback list lock before i_lock.
 * With the documented order kept in view too, an inversion is a cycle.
 */
static void alias_mark(struct dentry *dentry, struct inode *inode)
{
	spin_lock(&inode->i_lock);
	spin_lock(&dentry->d_lock);
	dentry->d_flags |= DCACHE_MARKED;
	spin_unlock(&dentry->d_lock);
	spin_unlock(&inode->i_lock);
}

static void alias_mark_inverted(struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;

	spin_lock(&dentry->d_lock);
	spin_lock(&inode->i_lock);		/* expect: LOCK004 error {{takes i_lock while spin_lock(&dentry->d_lock) holds d_lock}}
						   {{alias_mark takes them the other way round at line 10: a cycle}} note@20 note@10 */
	inode->i_state |= I_MARKED;
	spin_unlock(&inode->i_lock);
	spin_unlock(&dentry->d_lock);
}

static void sb_evict_inverted(struct super_block *sb, struct inode *inode)
{
	spin_lock(&inode->i_lock);
	spin_lock(&sb->s_inode_list_lock);	/* expect: LOCK004 warning {{Lock ordering (fs/inode.c) puts s_inode_list_lock before i_lock}} note@30 */
	list_del_init(&inode->i_sb_list);
	spin_unlock(&sb->s_inode_list_lock);
	spin_unlock(&inode->i_lock);
}
