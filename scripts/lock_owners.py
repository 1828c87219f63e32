#!/usr/bin/env python3
"""Write analyzer/rules/owners.toml from a kernel tree: the struct each lock
member name belongs to, for the names exactly one struct has among the
kernel's core types (include/linux/*.h), or else among all of include/, or
else in the whole tree (a driver's private struct with a member of the same
name names its type in the driver, where the code that uses it is).

Mail mode often sees ``tsk->pi_lock`` without ``tsk``'s declaration; pi_lock
is a member of struct task_struct and of no other struct, so the lock is
task_struct.pi_lock.  A name two structs share (``lock``, ``mutex``) says
nothing and is left out.  The table is facts of the tree it was made from,
so it is made again when the tree it describes changes.

It also holds, as [types], the struct members of the core types whose type is
another core struct (``device.parent`` is a device, ``device.p`` a
device_private): mail mode sees ``dev->parent->mutex`` with only ``dev``'s
type in view, and the class of the lock needs the type on the way.

    scripts/lock_owners.py ~/.cache/lockscan/linux-full-6.1 > analyzer/rules/owners.toml
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from analyzer.extract.headers import structs_of  # noqa: E402
from analyzer.locks.rules import STRUCT_MEMBER  # noqa: E402

# the types whose members the analysis takes as locks (base.toml's primitives)
LOCK_TYPE = re.compile(r"^(spinlock_t|raw_spinlock_t|rwlock_t|seqlock_t|struct mutex|"
                       r"struct rw_semaphore)$")
TYPE_KEY = {"spinlock_t": "spinlock", "raw_spinlock_t": "raw_spinlock", "rwlock_t": "rwlock",
            "seqlock_t": "seqlock", "struct mutex": "mutex", "struct rw_semaphore": "rwsem"}
# a name more structs than this have says nothing of which one a path is in
MAX_SHARING = 8
# the lock type a primitive takes, by its name (the longest prefix that fits)
CALLS = {"spin_": "spinlock", "raw_spin_": "raw_spinlock", "read_lock": "rwlock",
         "read_unlock": "rwlock", "read_trylock": "rwlock", "write_lock": "rwlock",
         "write_unlock": "rwlock", "write_trylock": "rwlock", "write_seq": "seqlock",
         "read_seq": "seqlock", "mutex_": "mutex", "down_": "rwsem", "up_": "rwsem"}
FOLDERS = ("include", "arch/x86", "kernel", "mm", "fs", "net", "drivers", "block", "ipc",
           "security", "crypto", "lib", "sound", "virt", "io_uring", "init")


def owners(tree):
    """member name -> {(struct, lock type): its TIER (the lowest, if defined twice)}."""
    found = {}
    for folder in FOLDERS:
        for root, _, names in os.walk(os.path.join(tree, folder)):
            for name in names:
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(root, name)
                if not os.path.isfile(path):
                    continue
                with open(path, encoding="utf-8", errors="replace") as file:
                    text = file.read()
                if "{" not in text:
                    continue
                tier = tier_of(os.path.relpath(path, tree))
                for struct, fields, _ in structs_of(text):
                    for kind, field, _ in fields:
                        if LOCK_TYPE.match(kind):
                            structs = found.setdefault(field, {})
                            key = (struct, TYPE_KEY[kind])
                            structs[key] = min(structs.get(key, tier), tier)
    return found


def core_member_types(tree):
    """{"struct.member": struct} of the core types (include/linux/*.h, each struct
    at its first definition) for the members that are (pointers to) core structs."""
    core = {}
    directory = os.path.join(tree, "include", "linux")
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name.endswith(".h") and os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as file:
                for struct, fields, _ in structs_of(file.read()):
                    if struct:
                        core.setdefault(struct, fields)
    found = {}
    for struct, fields in core.items():
        for kind, field, _ in fields:
            member = STRUCT_MEMBER.match(kind)
            if member and member.group(1) and member.group(2) in core:
                found[f"{struct}.{field}"] = member.group(2)
    return found


def tier_of(path):
    """0 for the core types (include/linux/*.h), 1 for the rest of include/, 2 else."""
    if path.startswith("include/linux/") and path.count("/") == 2:
        return 0
    return 1 if path.startswith("include/") else 2


def one_of(structs):
    """The one struct of ``structs`` ({struct: tier}) at the lowest tier that has
    any, or None when that tier has several, or the name is common (MAX_SHARING)."""
    if len(structs) > MAX_SHARING:
        return None
    lowest = min(structs.values())
    found = [struct for struct, tier in structs.items() if tier == lowest]
    return found[0] if len(found) == 1 else None


def owner(structs):
    """The struct a member name belongs to: a name, or {lock type: struct} where
    only the lock's type tells the structs apart; None when nothing does."""
    by_struct = {}
    for (struct, _), tier in structs.items():
        by_struct[struct] = min(by_struct.get(struct, tier), tier)
    alone = one_of(by_struct)
    if alone:
        return alone
    by_type = {}
    for (struct, lock_type), tier in structs.items():
        by_type.setdefault(lock_type, {})[struct] = tier
    typed = {lock_type: one_of(found) for lock_type, found in sorted(by_type.items())}
    typed = {lock_type: struct for lock_type, struct in typed.items() if struct}
    return typed or None


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: scripts/lock_owners.py KERNEL_TREE")
    tree = sys.argv[1].rstrip("/")
    found = {field: owner(structs) for field, structs in owners(tree).items()}
    print("# The struct a lock member's name belongs to, where one struct alone has a")
    print("# lock member so named among the core types (include/linux/*.h), or else in")
    print("# include/, or else in the tree: x->pi_lock is task_struct.pi_lock when x's")
    print("# type is out of view (mail mode). A name more than MAX_SHARING structs have")
    print("# is left out. Where only the lock's type tells the structs apart, the entry")
    print("# is a table by type, and [owner_calls] says which type a primitive takes.")
    print("# [types]: the members of the core types that are (pointers to) core structs")
    print("# (device.parent is a device), for the paths to a lock through them.")
    print(f"# Made by scripts/lock_owners.py from {os.path.basename(tree)}; do not edit by hand.")
    print()
    print("[ruleset]")
    print('name = "owners"')
    print('description = "Lock members whose name one struct of the tree owns"')
    print('paths = [""]')
    print()
    print("[owner_calls]")
    for prefix, lock_type in sorted(CALLS.items()):
        print(f'{prefix} = "{lock_type}"')
    print()
    print("[owners]")
    for field, struct in sorted(found.items()):
        if isinstance(struct, str):
            print(f'{field} = "{struct}"')
        elif struct:
            pairs = ", ".join(f'{lock_type} = "{name}"' for lock_type, name in struct.items())
            print(f"{field} = {{ {pairs} }}")
    print()
    print("[types]")
    for member, struct in sorted(core_member_types(tree).items()):
        print(f'"{member}" = "{struct}"')


if __name__ == "__main__":
    main()
