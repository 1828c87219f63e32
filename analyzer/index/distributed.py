"""The per-file work on an existing Dask cluster (``lockscan index --dask ADDRESS``).

dask.distributed is an optional dependency (``pip install 'lockscan[dask]'``),
imported only here.  The workers need lockscan installed, as the client does;
each gets the path, the file's bytes and the rule directories, and sends back
the entry.
"""


class DaskError(Exception):
    """The cluster cannot be used; the message says why, in one line."""


def on_dask(address, work, to_index, rule_dirs):
    """(path, work's result) of each (path, bytes) in ``to_index``, as the
    cluster at ``address`` finishes them."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise DaskError("--dask needs dask.distributed: pip install 'lockscan[dask]'") from None
    try:
        client = Client(address, timeout=10)
    except (OSError, TimeoutError, ValueError) as error:
        raise DaskError(f"--dask {address}: cannot reach the scheduler "
                        f"({' '.join(str(error).split())[:160]})") from None
    try:
        futures = {client.submit(work, path, data, rule_dirs, pure=False): path
                   for path, data in to_index}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        client.close()
