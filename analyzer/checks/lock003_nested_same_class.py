"""LOCK003 nested-same-class."""

import re

from analyzer.checks.finding import Finding
from analyzer.locks.facts import Mark, Origin
from analyzer.locks.identity import root_of
from analyzer.locks.vocabulary import Kind, nests_in

ID = "LOCK003"
NAME = "nested-same-class"
LEVEL = "error"
SHORT = "A lock is taken while another lock of the same class is held."
DOC = """\
## What it does

Finds an acquisition of a lock while a different lock of the same class is
already held on the same path: two `anon_vma` locks, two `mmap_lock`s, two
`i_mmap` locks.

## Why it matters

Two instances of one class have no order between them. When two tasks walk
the same structures, one takes A then wants B while the other has taken B and
wants A: an ABBA deadlock (with spinning trylock and retry, a livelock).
lockdep reports it as "possible recursive locking detected".

## Example

```c
spin_lock(&anon_vma->lock);
list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {
        struct anon_vma *other = avc->vma->anon_vma;
        if (other != anon_vma)
                spin_lock(&other->lock);        /* LOCK003 */
```

## How to fix

Take one lock of the class at a time; or lock a common root instead
(`anon_vma->root`); or give the instances an order and annotate the inner one
(`spin_lock_nested(..., SINGLE_DEPTH_NESTING)`, `down_write_nest_lock()`
under the outer lock), which lowers the finding to a warning or a note.

Levels: error for a plain blocking acquisition; warning for `*_nested` and
for trylocks; note for `*_nest_lock` taken under its outer lock, and for a
`*_nested` child under its parent, the way trees are locked: the child is the
object the held lock's object is reached from by one field
(`dentry->d_parent`), or an element walked from its list; note as well for
two objects locked in an order the code tests (`if (a > b) swap(a, b);`), or
for a `*_nested` lock taken on a branch that a relation of the two objects
the code computed decided (`p = d_ancestor(a, b); if (p) ...`: the ancestor
first), the code's own protocol, which the analysis cannot check; note also
for a `*_nested` lock of a global object (`init_mm`) taken last, and for a
function's recursion into itself that takes the lock one level down with a
subclass of its own.  A note, too, for locks in different members of their
objects (`ctx->fd_wqh.lock` under `ctx->event_wqh.lock`): each member is
initialised apart, and lockdep gives each initialisation its class.
"""


def check(image, rules):
    findings = []
    for facts in image.functions:
        seen = set()
        for acquire in facts.acquires:
            lock = acquire.lock
            for held in acquire.held:
                if not lock.lock_class or held.lock_class != lock.lock_class \
                        or held.key == lock.key or came_round(held, lock) \
                        or lock.origin is Origin.TRY_ONCE or lock.kind is Kind.SEQCOUNT \
                        or nests_in(lock, held):
                    continue    # a trylock not retried, a seqcount, readers: nobody waits
                where = (lock.line, lock.column, held.line, held.column)
                if where in seen:
                    continue
                seen.add(where)
                findings.append(nested(facts, lock, held, acquire.held, rules))
    return findings


def came_round(held, lock):
    """The held lock is this call's own from an earlier time round a loop, or one
    whose pointer the code has since reassigned: the analysis cannot tell which
    object it was, so it does not claim two. A hand-over-hand helper's step is
    reported inside the helper, not at each call."""
    if held.mark is Mark.REASSIGNED or lock.origin is Origin.HANDOVER:
        return True
    # the same call's lock from before, unless an iterator has since moved on:
    # then it was the previous element's, and this is nesting
    return (held.line, held.column) == (lock.line, lock.column) and \
        held.mark is not Mark.PREVIOUS_ELEMENT


def outer_held(lock, held, rules):
    """Whether the outer lock a *_nest_lock call names is held (by name, or by its
    group when a contract holds it)."""
    outer = rules.group(lock.outer_class) if lock.outer_class else None
    return any(h.key == (lock.outer, Mark.NONE) or (outer and h.lock_class and
                                            rules.group(h.lock_class) == outer) for h in held)


def is_global(lock, facts):
    """Whether a lock lives in a global object, not in one a parameter or a
    local names: a member of the variable itself (boot_tables.lock), or of the
    object a call is handed by address (mmap_write_lock_nested(&init_mm, ...)),
    not one reached through a pointer."""
    root = root_of(lock.instance)
    if root in facts.parameters or root in facts.locals or not root.isidentifier():
        return False
    return lock.instance.startswith(root + ".") or \
        re.search(rf"&\s*{root}\b(?!\s*(->|\.))", lock.call) is not None


def embedded_members(instance):
    """The members a lock is embedded in below the last pointer it is reached
    through (``ctx->fd_wqh.lock``: "fd_wqh"), or "" for a lock that is a member
    of the object the pointer names (``a->lock``) or one not reached through a
    pointer (a global's, ``hot_pool.lock``)."""
    _, arrow, tail = instance.rpartition("->")
    return tail.rpartition(".")[0] if arrow else ""


def nested(facts, lock, held, all_held, rules):
    level, message = level_and_message(facts, lock, held, all_held, rules)
    return Finding(ID, level, facts.path, facts.name, lock.line, lock.column, message,
                   lock.lock_class, lock.call, [(held.line, held.column, held.call)])


def level_and_message(facts, lock, held, all_held, rules):
    """The finding's level and message: a note where the nesting has a shape that
    gives the locks an order, else a warning or an error with the deadlock."""
    taken = f"{lock.call} takes"
    while_held = f"while [{held.call}](1) from line {held.line} is held"
    outcome = "livelock, each backing off and retrying" if lock.origin is Origin.TRY_RETRIED \
        else "deadlock"

    def deadlock(why):
        return (f"{taken} a second lock of class {lock.lock_class} {while_held} ({why}). "
                f"Two walkers {outcome}: CPU0 holds {held.shown} and wants {lock.shown}, "
                f"CPU1 holds {lock.shown} and wants {held.shown}.")
    if lock.kind is Kind.NEST_LOCK and outer_held(lock, all_held, rules):
        return "note", deadlock(f"annotated with its outer lock {lock.outer}, which is held")
    if lock.ordered:
        return "note", (f"{taken} a second lock of class {lock.lock_class} {while_held}, in "
                        "an order the code tests (the lower address first, or as a relation "
                        "of the two objects it computed decides): two walkers take them in "
                        "the same order.")
    members = embedded_members(held.instance), embedded_members(lock.instance)
    if members[0] and members[1] and members[0] != members[1]:
        # init_waitqueue_head(&ctx->fd_wqh), ...(&ctx->event_wqh): a class per site
        return "note", (f"{taken} {lock.shown}, a lock of class {lock.lock_class}, "
                        f"{while_held}: they live in different members of their objects "
                        f"({members[0]} and {members[1]}), which lockdep tells apart where "
                        "each member is initialised on its own. It deadlocks only if the "
                        "two members share one lockdep class.")
    if lock.kind is Kind.NESTED and lock.outer == held.instance:
        # a tree locked parent first: no two walkers take them the other way round
        return "note", (f"{taken} a lock of class {lock.lock_class} on a child of "
                        f"{held.shown}'s object {while_held}, annotated with a lockdep "
                        "subclass: parent first, the way trees are locked. It deadlocks "
                        "only where a path takes the parent while holding the child.")
    if lock.kind is Kind.NESTED and is_global(lock, facts):
        # one fixed object taken last: every other lock of the class comes first
        return "note", (f"{taken} {lock.shown}, a lock of class {lock.lock_class} that one "
                        f"global object holds, {while_held}, annotated with a lockdep "
                        "subclass: the global one last. It deadlocks only where a path "
                        f"takes another lock of the class while holding {lock.shown}.")
    if lock.kind is Kind.NESTED and facts.name and lock.call.startswith(facts.name + "("):
        # recursion one level down: lockdep's depth annotation, a subclass per level
        return "note", (f"{taken} a lock of class {lock.lock_class} again, one level down "
                        f"its own recursion, {while_held}, each level with a lockdep "
                        "subclass of its own. It deadlocks only where the recursion can "
                        "come back to an object it holds.")
    if lock.kind is Kind.NESTED:
        return "warning", deadlock("a lockdep subclass annotation, which tells lockdep, not "
                                   "the other CPU, the order")
    if lock.origin is Origin.TRY_RETRIED:
        return "warning", deadlock("a trylock retried after back-off: two walkers retrying "
                                   "can livelock")
    return "error", deadlock("a plain blocking acquisition")
