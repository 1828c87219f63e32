"""LOCK001 unguarded-read."""

from analyzer.checks.finding import Finding
from analyzer.checks.guards import guards_held, introduced_guards, shows_lock_missing
from analyzer.checks.learned import deviant_accesses
from analyzer.locks.identity import split_path

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
released one of the guards before the read, or a caller in view calls the
function on a path that released one (the call is the related location).
Otherwise it is a note: a requirement the function places on callers that
are not in view.

In tree mode the tree's index adds the fields the tree's own code reads and
writes under one lock at nearly every site (analyzer/index/knowledge.py: 90%
of 10 sites or more): a read without that lock is a note, marked learned,
whose message gives the counts ("inode.i_state is accessed under
inode.i_lock in 41 of 43 accesses in the tree"), ranked by the belief's
strength.

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
    # function -> (its parameters, its file, [(parameter, access)]): reads its
    # callers must guard
    requirements = {}
    for facts in image.functions:
        writes = {(a.line, a.column) for a in facts.accesses if a.write}
        for access in facts.accesses:
            if access.write or access.fresh or (access.line, access.column) in writes \
                    or access.field not in rules.guarded:
                continue    # a field only the tree's index believes guarded: below
            guard = rules.guarded[access.field]
            if guards_held(access.held, guard.read, rules, introduced.get(access.field)):
                continue
            root = split_path(access.base)[0]
            if facts.name and root in facts.parameters:
                reads = requirements.setdefault(facts.name, (facts.parameters, facts.path, []))
                reads[2].append((root, access))
            shown = shows_lock_missing(access, guard.read, rules)
            findings.append(Finding(
                ID, "warning" if shown else "note", facts.path, facts.name, access.line,
                access.column, unguarded(access, guard, "; the path released one of them "
                                         "before" if shown else "; its callers must hold one"),
                access.field, access.code))
    # a caller in view that shows the lock missing makes the read a warning
    reads = {(f.line, f.column, f.path): f for f in findings}
    for facts in image.functions:
        for call, access in callers_without_guard(facts, requirements, introduced, rules):
            finding = reads.get((access.line, access.column, facts.path))
            if finding is None:
                continue
            if finding.level == "note":
                finding.level = "warning"
                finding.message = unguarded(access, rules.guarded[access.field],
                                            f", and [its caller {facts.name or ''}](1) calls it "
                                            "on a path that released one of them")
            finding.related.append((call.line, call.column,
                                    f"{call.callee}({', '.join(call.arguments)})"))
    return findings + deviant_accesses(image, rules, ID, write=False)


def unguarded(access, guard, why):
    return (f"{access.code} is read holding none of the locks that guard {access.field} "
            f"({', '.join(map(str, guard.read))}){why}.")


def callers_without_guard(facts, requirements, introduced, rules):
    """(call, read) for calls in view of a function that reads a guarded field of
    its parameter, made holding none of the field's guards on a path that
    released one: the caller shows the lock missing."""
    found = []
    for call in facts.calls:
        parameters, path, reads = requirements.get(call.callee, ((), None, []))
        for parameter, access in reads:
            if path != facts.path or parameters.index(parameter) >= len(call.arguments):
                continue
            argument = call.arguments[parameters.index(parameter)]
            guard = rules.guarded[access.field]
            if argument in call.fresh or guards_held(call.held, guard.read, rules,
                                                     introduced.get(access.field)):
                continue
            if shows_lock_missing(call, guard.read, rules):
                found.append((call, access))
    return found
