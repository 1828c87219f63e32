#!/usr/bin/env python3
"""Write analyzer/rules/owners.toml from a kernel tree: the struct each lock
member name belongs to, for the names exactly one struct of the tree has,
or exactly one struct of include/ (the kernel's shared types: a driver's
private struct with a member of the same name names its type in the driver).

Mail mode often sees ``tsk->pi_lock`` without ``tsk``'s declaration; pi_lock
is a member of struct task_struct and of no other struct, so the lock is
task_struct.pi_lock.  A name two structs share (``lock``, ``mutex``) says
nothing and is left out.  The table is facts of the tree it was made from,
so it is made again when the tree it describes changes:

    scripts/lock_owners.py ~/.cache/lockscan/linux-full-6.1 > analyzer/rules/owners.toml
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from analyzer.extract.headers import structs_of  # noqa: E402

# the types whose members the analysis takes as locks (base.toml's primitives)
LOCK_TYPE = re.compile(r"^(spinlock_t|raw_spinlock_t|rwlock_t|seqlock_t|struct mutex|"
                       r"struct rw_semaphore)$")
FOLDERS = ("include", "arch/x86", "kernel", "mm", "fs", "net", "drivers", "block", "ipc",
           "security", "crypto", "lib", "sound", "virt", "io_uring", "init")


def owners(tree):
    """member name -> {struct with a lock member of that name: whether include/
    defines it}."""
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
                shared = folder == "include"
                for struct, fields, _ in structs_of(text):
                    for kind, field, _ in fields:
                        if LOCK_TYPE.match(kind):
                            structs = found.setdefault(field, {})
                            structs[struct] = structs.get(struct, False) or shared
    return found


def owner(structs):
    """The one struct a member name belongs to, or None."""
    if len(structs) == 1:
        return next(iter(structs))
    shared = [struct for struct, in_include in structs.items() if in_include]
    return shared[0] if len(shared) == 1 else None


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: scripts/lock_owners.py KERNEL_TREE")
    tree = sys.argv[1].rstrip("/")
    unique = sorted((field, owner(structs)) for field, structs in owners(tree).items()
                    if owner(structs))
    print("# The struct a lock member's name belongs to, where one struct of the tree")
    print("# (or of its include/) alone has a lock member so named: x->pi_lock is")
    print("# task_struct.pi_lock when x's type is out of view (mail mode).")
    print(f"# Made by scripts/lock_owners.py from {os.path.basename(tree)}; do not edit by hand.")
    print()
    print("[ruleset]")
    print('name = "owners"')
    print('description = "Lock members whose name one struct of the tree owns"')
    print('paths = [""]')
    print()
    print("[owners]")
    for field, struct in unique:
        print(f'{field} = "{struct}"')


if __name__ == "__main__":
    main()
