"""Building the tree index: the files of a tree, each file's entry (made again only
for files whose key is new), the entries merged.

The per-file work (index_source) is a plain function of a path, the file's
bytes and the rule directories, so it runs the same in this process, in
forked workers (--jobs) or on a Dask cluster (--dask): nothing is shared but
its arguments and its result.
"""

import gc
import os
import time

from analyzer.index.entry import index_file, learning_rules
from analyzer.index.knowledge import TreeKnowledge, merged
from analyzer.index.store import Store, entry_key
from analyzer.inputs import decode_bytes
from analyzer.scan import file_size, not_regular
from analyzer.workers import in_workers, progress

SOURCES = (".c", ".h")


def tree_sources(root, scope):
    """(tree-relative paths of the .c and .h files under ``scope`` (paths in the
    tree), sorted; [(path, why)] of those not read); FileNotFoundError for a
    scope that names nothing."""
    found, skipped = [], []
    for part in scope:
        start = os.path.normpath(os.path.join(root, part))
        if os.path.relpath(start, root).split(os.sep)[0] == "..":
            raise FileNotFoundError(part)   # outside the tree: nothing of it is read
        if os.path.isfile(start):
            candidates = [start]
        elif os.path.isdir(start):
            candidates = []
            for directory, subdirectories, names in os.walk(start):
                # hidden directories (.git, a .venv) hold no source of the tree
                subdirectories[:] = sorted(name for name in subdirectories
                                           if not name.startswith("."))
                candidates += [os.path.join(directory, name) for name in sorted(names)
                               if name.endswith(SOURCES)]
        else:
            raise FileNotFoundError(part)
        for path in candidates:
            relative = os.path.relpath(path, root)
            reason = not_regular(path)
            if reason is None:
                found.append(relative)
            else:
                skipped.append((relative, reason))
    return sorted(set(found)), skipped


RULES_BY_DIRS = {}      # rule directories -> learning rules, loaded once per process


def index_source(path, data, rule_dirs=()):
    """The entry of one file; a file the front end or the analysis fails on is an
    entry that says why ({"error": reason}), never an exception."""
    from analyzer.locks.rules import load_rules
    rules = RULES_BY_DIRS.get(tuple(rule_dirs))
    if rules is None:
        rules = RULES_BY_DIRS[tuple(rule_dirs)] = learning_rules(load_rules(rule_dirs, True))
    try:
        return index_file(path, decode_bytes(data), rules)
    except RecursionError:
        return {"error": "not indexed: nested too deeply for the parser"}
    except Exception as error:      # noqa: BLE001 - one file's failure is said, not fatal
        detail = " ".join(str(error).split())[:160]
        return {"error": f"not indexed: {type(error).__name__}: {detail}"}
    finally:
        # the file's syntax trees and flow graphs hold cycles; free them before the next
        gc.collect()


def keyed_entry(path, data, rule_dirs=()):
    """(key, entry) of one file's bytes: the key of the bytes indexed, whatever
    the file holds by the time the result comes back."""
    return entry_key(path, data), index_source(path, data, rule_dirs)


def index_tree(tree, rule_dirs=(), scope=None, jobs=1, dask=None, covering=None):
    """(TreeKnowledge, report) of ``tree``: the files under ``scope`` (default:
    what the tree's last index covered, else all of it), indexed where their
    entries are not kept already.  With ``covering`` (the paths a check reads),
    the default is what the last index covered, widened to the top directory
    of each path it did not cover (and include/, on first use): a subsystem
    takes minutes, the whole kernel an hour.  ``dask`` is a scheduler's address
    to run the per-file work on."""
    started = time.monotonic()
    root = os.path.abspath(tree)
    store = Store(rule_dirs)
    manifest = store.manifest(root) or {"scope": [], "files": {}}
    if not scope and covering is not None:
        scope = widened(manifest["scope"] or ["include"], covering, root)
    scope = list(scope or manifest["scope"] or ["."])
    paths, not_read = tree_sources(root, scope)
    keys = {}
    files = {}
    to_index = []       # the files whose entries are not kept
    for path in paths:
        full = os.path.join(root, path)
        try:
            status = os.stat(full)
            stamp = [status.st_size, status.st_mtime_ns]
            known = manifest["files"].get(path)
            key = known[2] if known and known[:2] == stamp else None
            if key is None or not store.has_entry(key):
                with open(full, "rb") as handle:
                    data = handle.read()
                key = entry_key(path, data)
                if not store.has_entry(key):
                    to_index.append(path)
        except OSError as error:
            not_read.append((path, error.strerror or str(error)))
            continue
        keys[path] = key
        files[path] = stamp + [key]
    # what is alive now lives to the end: the collections after each file skip it
    gc.freeze()
    for path, key, entry in run_entries(root, to_index, rule_dirs, jobs, dask):
        if key is None:     # gone since it was hashed: entry is why
            not_read.append((path, entry))
            del keys[path], files[path]
            continue
        store.keep_entry(key, entry)
        keys[path] = files[path][2] = key
    store.keep_manifest(root, {"scope": scope, "files": files})
    knowledge = merged_knowledge(store, keys)
    knowledge.skipped += [[path, 0, None, f"not read: {reason}"] for path, reason in not_read]
    report = {"tree": root, "scope": scope, "files": len(paths), "indexed": len(to_index),
              "functions": knowledge.functions, "functions_parsed": knowledge.parsed,
              "summaries": len(knowledge.summaries), "edges": len(knowledge.edges),
              "stated_orders": len(knowledge.orders), "beliefs": len(knowledge.beliefs()),
              "skipped": knowledge.skipped, "seconds": round(time.monotonic() - started, 2)}
    return knowledge, report


def widened(scope, paths, root):
    """``scope`` and the top directory of each of ``paths`` it does not cover,
    of those the tree has."""
    parts = [os.path.normpath(part) for part in scope]
    found = list(scope)
    for path in paths:
        top = path.split("/")[0]
        covered = any(part == "." or path == part or path.startswith(part + "/")
                      for part in parts)
        if not covered and top not in found and not top.startswith(".") \
                and os.path.isdir(os.path.join(root, top)):
            found.append(top)
    return [part for part in found if os.path.exists(os.path.join(root, part))]


def run_entries(root, to_index, rule_dirs, jobs, dask):
    """(path, key, entry) of each file of ``to_index``, read and indexed in this
    process, in ``jobs`` forked workers, or on the Dask scheduler at address
    ``dask`` (read here, sent there); (path, None, why) for a file that could
    not be read."""
    def read(path):
        with open(os.path.join(root, path), "rb") as handle:
            return handle.read()
    if dask is not None:
        from analyzer.index.distributed import on_dask
        for path, (key, entry) in on_dask(dask, keyed_entry,
                                          ((path, read(path)) for path in to_index), rule_dirs):
            yield path, key, entry
        return
    # the largest first, so that none starts last and holds up the end
    order = sorted(range(len(to_index)), key=lambda i: -file_size(os.path.join(root, to_index[i])))

    def work(index):
        path = to_index[index]
        try:
            return keyed_entry(path, read(path), rule_dirs)
        except OSError as error:
            return None, error.strerror or str(error)
    for index, (key, entry) in progress(in_workers(work, order, jobs), len(order),
                                        "files indexed"):
        yield to_index[index], key, entry


def merged_knowledge(store, keys):
    """The TreeKnowledge of the entries ``keys`` (path -> key), kept under the set
    of keys: a run whose files did not change reads it back whole."""
    kept = store.merged(keys.values())
    if kept is not None:
        try:
            return TreeKnowledge.from_json(kept)
        except (KeyError, TypeError, ValueError):
            pass    # another form: made again below
    entries = []
    damaged = []
    for relative, key in sorted(keys.items()):
        entry = store.entry(key)
        if entry is None:
            damaged.append(key)
            entry = {"error": "not indexed: its kept entry is damaged (indexed again next run)"}
        entries.append((relative, entry))
    knowledge = merged(entries)
    if damaged:
        store.drop_entries(damaged)     # the next run indexes them again
    else:
        store.keep_merged(keys.values(), knowledge.to_json())
    return knowledge
