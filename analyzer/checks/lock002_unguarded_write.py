"""LOCK002 unguarded-write."""

from analyzer.checks.finding import Finding
from analyzer.checks.guards import guards_held, introduced_guards, shows_lock_missing
from analyzer.checks.learned import deviant_accesses
from analyzer.locks.vocabulary import Mode

ID = "LOCK002"
NAME = "unguarded-write"
LEVEL = "warning"
SHORT = "A lock-protected field is written without all the locks its writers must hold."
DOC = """\
## What it does

Finds writes of guarded fields (`vma->vm_start`, `vm_end`, `vm_pgoff`) made
without the locks rules/ requires of writers: the mmap lock for write, plus the
rmap locks of that vma (its anon_vma lock, its mapping's i_mmap lock) so that
rmap walkers, which hold only those, see a consistent vma. Objects the
function has just allocated or copied (`vm_area_dup()`, `*new = *vma`) and not
yet handed to anyone need no lock. Functions whose contract in rules/ says
they run with the mmap lock held for write (`vma_adjust`, `__split_vma`, ...)
have it.

A warning where the code in view shows the lock missing (the path released
it, or holds it shared where writers need it exclusive); otherwise a note.

In tree mode, a write of a field the tree's code writes and reads under one
lock at nearly every site, made without it, is a note marked learned, as for
LOCK001.

## Why it matters

Readers trust any one of the guards; a write outside them is a torn update
for some reader.

## Example

```c
vma->vm_start = start;  /* no anon_vma lock: rmap_walk_anon() may be reading */
vma->vm_pgoff = pgoff;
```

## How to fix

Take the rmap locks around the update (`anon_vma_lock_write()`,
`i_mmap_lock_write()`), under the mmap lock held for write.
"""


def check(image, rules):
    findings = []
    introduced = introduced_guards(image, rules)
    for facts in image.functions:
        for access in facts.accesses:
            if not access.write or access.fresh or access.field not in rules.guarded:
                continue    # a field only the tree's index believes guarded: below
            guard = rules.guarded[access.field]
            extra = introduced.get(access.field)
            if extra and guards_held(access.held, [], rules, extra):
                continue
            missing = [r for r in guard.write if not guards_held(access.held, [r], rules, None)]
            # the rmap locks the object is shown to have: this path dropped one
            missing += [r for r in guard.write_rmap if shows_lock_missing(access, [r], rules)
                        and not guards_held(access.held, [r], rules, None)]
            if not missing:
                continue
            shown = shows_lock_missing(access, guard.write + guard.write_rmap, rules) or \
                held_in_wrong_mode(access.held, missing, rules)
            findings.append(Finding(
                ID, "warning" if shown else "note", facts.path, facts.name, access.line,
                access.column, f"{access.code} is written without {', '.join(map(str, missing))}, which "
                f"writers of {access.field} must hold.", access.field, access.code))
    return findings + deviant_accesses(image, rules, ID, write=True)


def held_in_wrong_mode(held, missing, rules):
    """A required lock held, but shared where writers need it exclusive."""
    groups = {r.group for r in missing if r.mode is Mode.EXCLUSIVE}
    return any(lock.lock_class and rules.group(lock.lock_class) in groups for lock in held)
