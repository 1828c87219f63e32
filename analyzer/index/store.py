"""Where the tree index is kept: files under CACHE_HOME/index, in analyzer.cache's
checked format.

    index/FORM/entries/KE/KEY.marshal    one file's entry; KEY is the SHA-256 of
                                         its tree-relative path and its bytes
    index/FORM/merged/SET.marshal        the TreeKnowledge of a set of entries;
                                         SET is the SHA-256 of their sorted keys
    index/FORM/trees/TREE.marshal        a tree's manifest: the scope indexed,
                                         and per file its size, mtime and KEY

FORM is a digest of lockscan's own code and of the rule files the entries were
made with: another version or other rules make other entries, never read for
these.  The manifest
spares a run the hashing of unchanged files (same size and mtime); any file
that changed is hashed, and indexed again only if its key is new.  Removing
the directory is always safe.
"""

import hashlib
import os

from analyzer import __version__
from analyzer.cache import CACHE_HOME, keep, load_kept
from analyzer.rulefiles import RULES

FORMAT = 1


def form(rule_dirs):
    """The digest of what the entries depend on besides the files' text."""
    digest = hashlib.sha256(f"lockscan {__version__} index {FORMAT}".encode())
    code = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for directory, suffix in ((code, ".py"), (RULES, ".toml"),
                              *((directory, ".toml") for directory in rule_dirs)):
        for path in sorted(files_under(directory, suffix)):
            with open(path, "rb") as handle:
                digest.update(os.path.relpath(path, directory).encode() + b"\0" + handle.read())
    return digest.hexdigest()[:24]


def files_under(directory, suffix):
    for folder, subdirectories, names in os.walk(directory):
        subdirectories[:] = [name for name in subdirectories if name != "__pycache__"]
        yield from (os.path.join(folder, name) for name in names if name.endswith(suffix))


class Store:
    def __init__(self, rule_dirs=()):
        self.root = os.path.join(CACHE_HOME, "index", form(rule_dirs))

    def entry_path(self, key):
        return os.path.join(self.root, "entries", key[:2], key + ".marshal")

    def entry(self, key):
        """The entry kept for ``key``, or None."""
        found = load_kept(self.entry_path(key))
        return found if isinstance(found, dict) else None

    def has_entry(self, key):
        return os.path.exists(self.entry_path(key))

    def keep_entry(self, key, entry):
        keep(self.entry_path(key), entry)

    def drop_entries(self, keys):
        for key in keys:
            try:
                os.remove(self.entry_path(key))
            except OSError:
                pass    # gone already, or not ours to remove: it stays unread

    def merged_path(self, keys):
        digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()
        return os.path.join(self.root, "merged", digest + ".marshal")

    def merged(self, keys):
        """The merged knowledge kept for the set of entry ``keys`` (as to_json()), or None."""
        found = load_kept(self.merged_path(keys))
        return found if isinstance(found, dict) else None

    def keep_merged(self, keys, value):
        keep(self.merged_path(keys), value)

    def manifest_path(self, tree):
        name = hashlib.sha256(os.path.abspath(tree).encode()).hexdigest()
        return os.path.join(self.root, "trees", name + ".marshal")

    def manifest(self, tree):
        """{"scope": [...], "files": {path: [size, mtime_ns, key]}} of ``tree``, or None."""
        found = load_kept(self.manifest_path(tree))
        return found if isinstance(found, dict) and {"scope", "files"} <= set(found) else None

    def keep_manifest(self, tree, manifest):
        keep(self.manifest_path(tree), manifest)


def entry_key(path, data):
    """The key of a file's entry: its path and its bytes."""
    return hashlib.sha256(path.encode() + b"\0" + data).hexdigest()
