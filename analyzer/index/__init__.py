"""A stage beside the pipeline: what the whole tree knows, for tree-mode checks.

entry (one file's text -> its entry: summaries, order edges, calls holding
locks, access counts, stated orders; stated reads the comments) -> store (the
entries under the cache, keyed by each file's path and bytes) -> knowledge
(the entries merged: summaries by name, the order graph with example sites,
guard beliefs) -> use (the rules a tree-mode check runs with; the beliefs as a
rule file).  build drives it (``lockscan index``, or the first check of a
tree); distributed runs entry's work on a Dask cluster.

The index reads only the tree's .c and .h files, never writes into the tree,
and imports nothing of the checks but the order edges LOCK004 reads
(checks.lock004_lock_order.orderings), so the two agree on what an edge is.
"""
