"""LOCK001 unguarded-read."""

from analyzer.checks.finding import Finding
from analyzer.checks.guards import guards_held, introduced_guards, shows_lock_missing

ID = "LOCK001"
NAME = "unguarded-read"
LEVEL = "warning"
SHORT = "A lock-protected field is read without any of the locks that guard it."
DOC = """\
## What it does

Finds reads of fields that rules/ says are guarded (`vma->vm_start`,
`vma->vm_end`, `vma->vm_pgoff`: a read needs the mmap lock, or the vma's
anon_vma lock, or its mapping's i_mmap lock, or the VMA lock) made holding
none of them, and none of the locks the writers of that field in view hold.

It is a warning where the code in view shows the lock missing: the path
released one of the guards before the read. Otherwise it is
a note: a requirement the function places on its callers, which are not in
view.

## Why it matters

A writer updates `vm_start` and `vm_pgoff` one after the other; a reader
without the lock can see one updated and not the other, compute a wrong
address, and miss a page table entry (a migration entry left behind, a page
never unmapped).

## Example

```c
address = vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
```
in a function whose callers walk the rmap without the anon_vma lock.

## How to fix

Read under one of the guards, or make every caller hold one and say so
(`__must_hold()`, `lockdep_assert_held()`).
"""


def check(image, rules):
    findings = []
    introduced = introduced_guards(image, rules)
    for facts in image.functions:
        writes = {(a.line, a.column) for a in facts.accesses if a.write}
        for access in facts.accesses:
            if access.write or access.fresh or (access.line, access.column) in writes:
                continue
            guard = rules.guarded[access.field]
            if guards_held(access.held, guard.read, rules, introduced.get(access.field)):
                continue
            level = "warning" if shows_lock_missing(access, guard.read, rules) else "note"
            names = ", ".join(guard.read)
            where = ("the path released one of them before" if
                     level == "warning" else "its callers must hold one")
            findings.append(Finding(
                ID, level, facts.path, facts.name, access.line, access.column,
                f"{access.code} is read holding none of the locks that guard "
                f"{access.field} ({names}); {where}.", access.field, access.code))
    return findings
