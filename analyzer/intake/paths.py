"""File names of diff headers made tree-relative (``mm/rmap.c``).

git writes ``a/`` and ``b/``; quilt and hand-made diffs write a directory per
tree (``linux-2.6.34.orig/mm/rmap.c``, ``2.6.36-rc2/mm/rmap.c`` and
``linux/mm/rmap.c``); some write the tree-relative name itself.  Like
``patch -p1`` guessing, the first component goes unless it is a top-level
directory of the kernel.
"""

KERNEL_TOP = {"arch", "block", "certs", "crypto", "Documentation", "drivers", "fs", "include",
              "init", "io_uring", "ipc", "kernel", "lib", "LICENSES", "mm", "net", "rust",
              "samples", "scripts", "security", "sound", "tools", "usr", "virt"}
DEV_NULL = "/dev/null"


def header_name(text):
    """The file name of a ``---``/``+++`` header value: no date after a tab, no quotes."""
    name = text.split("\t", 1)[0].strip()
    if name.startswith('"') and name.endswith('"') and len(name) > 1:
        name = name[1:-1]
    # "--- mm/rmap.c 2010-04-22 19:31:06.000000000 +0900" written with spaces
    parts = name.split(" ")
    if len(parts) >= 3 and parts[1][:1].isdigit() and "-" in parts[1]:
        name = parts[0]
    return name


def tree_paths(old, new):
    """(path, old_path) relative to the tree root; either may be None for /dev/null."""
    names = [name for name in (old, new) if name and name != DEV_NULL]
    if not names:
        return None, None
    strip = needs_strip(names)
    relative = {name: strip_first(name) if strip else name for name in names}
    old_path = relative.get(old) if old != DEV_NULL else None
    new_path = relative.get(new) if new != DEV_NULL else None
    if is_backup_of(old_path, new_path):
        old_path = new_path
    return new_path or old_path, old_path


def is_backup_of(old, new):
    """``mm/rmap.c.orig`` or ``mm/rmap.c~name``: the old state of ``mm/rmap.c``
    as ``diff -u FILE.orig FILE`` and Andrew Morton's patch scripts name it."""
    return bool(old and new) and old.startswith(new) and old[len(new):][:1] in (".", "~")


def needs_strip(names):
    firsts = {name.split("/", 1)[0] for name in names}
    if any("/" not in name for name in names):
        return False
    if firsts <= {"a", "b"} or len(firsts) > 1:
        return True
    return firsts.pop() not in KERNEL_TOP


def strip_first(name):
    return name.split("/", 1)[1] if "/" in name else name
