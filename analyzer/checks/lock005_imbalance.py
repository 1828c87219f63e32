"""LOCK005 imbalance."""

from analyzer.checks.finding import Finding
from analyzer.locks.facts import TRYLOCKS, Mark, Origin
from analyzer.locks.vocabulary import Kind, nests_in

ID = "LOCK005"
NAME = "imbalance"
LEVEL = "warning"
SHORT = "A function leaves with different locks held on different paths, or unlocks or locks twice."
DOC = """\
## What it does

Finds a function that returns with a lock held on one path and not on
another, that unlocks a lock again on a path that already unlocked it, or that
takes a lock it already holds.

## Why it matters

A lock left held on an error path blocks every later taker; unlocking twice
corrupts the lock; taking a held spinlock again spins forever.

## Example

```c
spin_lock(&mm->page_table_lock);
if (!pte)
        return -ENOMEM;         /* LOCK005: returns holding page_table_lock */
spin_unlock(&mm->page_table_lock);
return 0;
```

## How to fix

Release on every exit (a `goto out_unlock` error path), or use `guard()`.
Functions meant to return holding a lock (every path, or every path that
returns success) are acquiring wrappers and are not reported; say so with
`__acquires()` / `__cond_acquires()` when it is intended.
"""

# locks whose holders need not balance them: the caller's, a guard's (its scope
# ends at the exit), and those held past the function by design
NOT_BALANCED = (Origin.ENTRY, Origin.SCOPED, Origin.PERSISTENT)


def check(image, rules):
    findings = []
    for facts in image.functions:
        findings.extend(twice(facts))
        findings.extend(exits(facts))
    return findings


def twice(facts):
    found = []
    taken_twice = set()
    for acquire in facts.acquires:
        lock = acquire.lock
        # the same lock held and not possibly dropped since by a function not in view
        again = [h for h in acquire.held if h.key == lock.key and not h.uncertain
                 and not nests_in(lock, h)]
        # seqcount readers nest: a read section is no lock anybody waits on
        if again and lock.origin not in TRYLOCKS and lock.kind is not Kind.SEQCOUNT:
            taken_twice.add(lock.key)
            found.append(Finding(ID, "warning", facts.path, facts.name, lock.line, lock.column,
                                 f"{lock.call} takes {lock.shown}, which is already held "
                                 f"since [line {again[0].line}](1).",
                                 lock.lock_class or lock.shown, lock.call,
                                 [(again[0].line, again[0].column, again[0].call)]))
    for release in facts.releases:
        # the second unlock of a lock taken twice is its pair, not a double unlock
        if release.double and (release.instance, Mark.NONE) not in taken_twice:
            found.append(Finding(ID, "warning", facts.path, facts.name, release.line,
                                 release.column, f"{release.call} unlocks {release.instance}, "
                                 "which this path has already unlocked.",
                                 release.lock_class or release.instance, release.call))
    return found


def exits(facts):
    """Locks held at some real exits and released on the way to others.

    A lock taken on some paths only and never released on the others is a
    conditional acquisition (a wrapper that locks when it can), not an
    imbalance; so is one whose holding exits all return success and the others
    failure.
    """
    real = [exit for exit in facts.exits if exit.real]
    if len(real) < 2:
        return []
    annotated = {a.argument.lstrip("&").replace(" ", "") for a in facts.annotations}
    held_at = [{h.key: h for h in exit.held if h.origin not in NOT_BALANCED} for exit in real]
    found = []
    for key in sorted(set().union(*held_at), key=lambda key: key[0] + key[1].value):
        instance, mark = key
        if instance in annotated and mark is Mark.NONE:
            continue
        holding = [exit for exit, held in zip(real, held_at) if key in held]
        dropped = [exit for exit, held in zip(real, held_at)
                   if key not in held and mark is Mark.NONE and instance in exit.released]
        if not dropped or conditional(holding, dropped):
            continue
        exit = holding[0]
        lock = next(held[key] for held in held_at if key in held)
        other = dropped[0]
        found.append(Finding(ID, "warning", facts.path, facts.name, exit.line, exit.column,
                             f"This path leaves with {lock.shown} held, taken by "
                             f"[{lock.call}](1) at line {lock.line}, while the path leaving "
                             f"at [line {other.line}](2) releases it.",
                             lock.lock_class or lock.shown, lock.call,
                             [(lock.line, lock.column, lock.call),
                              (other.line, other.column, "exit without the lock")]))
    return found


def conditional(holding, without):
    """A conditional acquire: the paths that drop the lock return failure (zero,
    NULL) and the paths holding it success, or the two return different things;
    never when a path holding it returns an error code."""
    if any(exit.error for exit in holding):
        return False    # leaving with the lock and an error code: the classic leak
    values = {exit.value for exit in holding}
    others = {exit.value for exit in without}
    if others == {False} and False not in values:
        return True
    if None not in values | others and len(values) == 1 and not values & others:
        return True
    returned = {exit.returned for exit in holding}
    return len(returned) == 1 and None not in returned and not (
        returned & {exit.returned for exit in without})
