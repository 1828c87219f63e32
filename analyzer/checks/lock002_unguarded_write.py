"""LOCK002 unguarded-write."""

from analyzer.checks.finding import Finding
from analyzer.checks.guards import guards_held, introduced_guards, shows_lock_missing

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

A warning where the code in view shows the lock missing; otherwise a note.

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
            if not access.write or access.fresh:
                continue
            guard = rules.guarded[access.field]
            extra = introduced.get(access.field)
            missing = [r for r in guard.write if not guards_held(access.held, [r], rules, extra)]
            if not missing:
                continue
            level = "warning" if shows_lock_missing(access, guard.write, rules) else "note"
            findings.append(Finding(
                ID, level, facts.path, facts.name, access.line, access.column,
                f"{access.code} is written without {', '.join(missing)}, which writers of "
                f"{access.field} must hold.", access.field, access.code))
    return findings
