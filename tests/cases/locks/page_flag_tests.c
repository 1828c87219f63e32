/* expect: none */
/*
 * A page's or folio's flag tested twice (kernel_c.toml pure_test_prefixes):
 * the lock taken under the first test is dropped under the second, which
 * gives the same answer on the path.
 */
static int folio_detach(struct address_space *mapping, struct folio *folio)
{
	if (!folio_test_swapcache(folio))
		spin_lock(&mapping->host->i_lock);
	xa_lock_irq(&mapping->i_pages);
	if (!folio_ref_freeze(folio, 2))
		goto busy;
	if (folio_test_swapcache(folio)) {
		swap_detach(folio);
		xa_unlock_irq(&mapping->i_pages);
	} else {
		cache_detach(folio);
		xa_unlock_irq(&mapping->i_pages);
		spin_unlock(&mapping->host->i_lock);
	}
	return 1;

busy:
	xa_unlock_irq(&mapping->i_pages);
	if (!folio_test_swapcache(folio))
		spin_unlock(&mapping->host->i_lock);
	return 0;
}
