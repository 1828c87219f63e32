"""LOCK005 imbalance."""

from analyzer.checks.finding import Finding
from analyzer.locks.facts import TRYLOCKS, Mark, Origin
from analyzer.locks.identity import held_at_exit, keys_at_exit, root_of
from analyzer.locks.vocabulary import LOCKED_CALLBACK, Kind, Mode, Op, nests_in

ID = "LOCK005"
NAME = "imbalance"
LEVEL = "warning"
SHORT = "A function leaves with different locks held on different paths, or unlocks or locks twice."
DOC = """\
## What it does

Finds a function that returns with a lock held on one path and not on
another, that unlocks a lock again on a path that already unlocked it (or
whose trylock failed on that path), that releases a lock in the other mode
than it holds it in (`up_read()` of what `down_write()` took), that takes a
lock it already holds, or
that initializes one it holds (`spin_lock_init()`, `mutex_init()`: lockdep's
"init held lock").
Paths are told apart by what they test: where `a != root` is false, `a`'s
lock is `root`'s.  A seqcount reader's section owes no release.  A path that
never took the lock counts as one without it where the caller cannot tell the
exits apart: all return nothing, or the same value, and set no out-parameter
(smatch's "inconsistent returns"); where they differ (0 with the lock, an error
code without), the function is a conditional acquire.  A function that returns holding a lock it
took, on every path, is reported too (sparse's "wrong count at exit"), unless
it says so (`__acquires()`), returns the locked object, is named as an
acquiring function is (a word of its name: `foo_lock()`, `get_locked_foo()`),
or a function in view releases that lock for its caller.

A note is given for a lock a function releases without taking it when
nothing says its callers hold it (sparse's "unexpected unlock"): no
`__releases()` or `__must_hold()`, no `lockdep_assert_held()`, no releasing
name (`foo_unlock()`) or one called locked (`foo_locked()`), and no partner in
view that returns holding it: a function named as its other half
(`freeze_all()` for `thaw_all()`: a word and its opposite), as a function
returning holding a lock is excused by a partner that releases it.  Where the
code in view annotates a lock (`__acquires()`, `__releases()`), that is how it
says a lock crosses a function boundary: a function that does so silently is
no other's partner.

A note is given, too, where paths meet with a lock held on some of them and
not on others, when they go on to release it and no test or flag tells them
apart (sparse's "different lock contexts for basic block"): `if (c)
spin_lock(&l); ... spin_unlock(&l);`.  The same test around the release, or a
flag set where the lock is taken, makes it balanced, and is not reported.

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


# words of the names of functions meant to return holding what they take
ACQUIRING_NAMES = ("lock", "acquire", "get", "grab", "begin", "start", "enter", "take", "claim",
                   "hold", "down", "pin", "find", "lookup")


# words of the names of functions meant to release what their caller holds
RELEASING_NAMES = ("unlock", "release", "put", "drop", "end", "finish", "done", "leave", "exit",
                   "up", "free", "stop", "unpin")


def named_as(name, verbs):
    """Whether a function's name says it does one of ``verbs``: a word of the name
    is the verb, a try- or re- form of it, or an inflection (foo_lock,
    page_trylock, get_locked_foo, mutex_relocks); not a word that merely
    contains it (block, mapping, cleanup, budget, a test's warn_lock1)."""
    words = (name or "").lower().split("_")
    return any(word in (verb, "try" + verb, "re" + verb, verb + "s", verb + "ed", verb + "ped")
               for word in words for verb in verbs)


# words that name a pair of functions, one taking a lock and the other
# releasing it for its caller, as the kernel names them (freeze_all, thaw_all);
# "un" before a word names the other of a pair too (pin, unpin)
OPPOSITES = {frozenset(pair) for pair in (
    ("acquire", "release"), ("get", "put"), ("grab", "release"),
    ("take", "release"), ("hold", "release"), ("claim", "release"), ("begin", "end"),
    ("begin", "finish"), ("start", "end"), ("start", "stop"), ("start", "finish"),
    ("enter", "exit"), ("enter", "leave"), ("down", "up"), ("enable", "disable"),
    ("freeze", "thaw"), ("suspend", "resume"), ("pause", "resume"), ("stop", "resume"),
    ("open", "close"), ("prepare", "finish"), ("attach", "detach"), ("on", "off"),
    ("in", "out"), ("inc", "dec"), ("get", "release"))}


def check(image, rules):
    findings = []
    # where some function in view says what it does with a lock across its
    # boundary (__acquires, __releases), that is how this code says it: one
    # that does the same silently is no partner of another, but a finding
    annotated = annotated_locks(image, rules)
    for facts in image.functions:
        partners = [other for other in image.functions if paired(facts.name, other.name)]
        # classes a partner releases for its caller (zone_pcp_disable and
        # zone_pcp_enable), and those a partner returns holding (freeze_all and
        # thaw_all)
        partnered = {release.lock_class or release.instance for other in partners
                     for release in other.releases if not release.was_held} - annotated
        kept = {lock.lock_class or lock.instance for other in partners
                for exit in other.exits if exit.real for lock in exit.held
                if lock.origin is Origin.CALL} - annotated
        found = twice(facts) + initialized(facts) + exits(facts) + left_held(facts, partnered)
        found += unexpected_releases(facts, rules, kept)
        findings += found + joined(facts, {finding.key for finding in found})
    return findings


def annotated_locks(image, rules):
    """The locks (classes, else instances) some function in view or prototype
    annotates: those its annotations name that its body releases or returns
    holding, and the global ones a prototype names."""
    found = set()
    for facts in image.functions:
        named = {a.path for a in facts.annotations}
        if not named:
            continue
        found |= {release.lock_class or release.instance for release in facts.releases
                  if release.instance in named}
        found |= {lock.lock_class or lock.instance for exit in facts.exits
                  for lock in exit.held if lock.instance in named}
    for prototype in rules.prototypes.values():
        for annotation in prototype.annotations:
            path = annotation.path
            if root_of(path) not in prototype.parameters:
                found.add(path)
    return found


def paired(one, other):
    """Whether two functions are named as a pair: a word of one name and a word
    of the other are opposites (zone_pcp_disable, zone_pcp_enable).  Two
    functions named otherwise (sls_fun_bad_1, sls_fun_bad_3) are no pair, and
    neither excuses the other's lock."""
    if not one or not other or one == other:
        return False
    words, others = set(one.lower().split("_")), set(other.lower().split("_"))
    return any(frozenset((word, word_of_other)) in OPPOSITES
               or word_of_other == "un" + word or word == "un" + word_of_other
               for word in words for word_of_other in others)


def joined(facts, reported):
    """Notes where paths meet with a lock held on some and not on others and go
    on to release it, no test or flag telling them apart (sparse's "different
    lock contexts for basic block"); a lock another LOCK005 finding of the
    function is about is reported once, there.  A note: the code may know more
    than the analysis does (a flag set in a helper)."""
    found, seen = [], set()
    for join in facts.joins:
        lock, release = join.lock, join.release
        key = lock.lock_class or lock.shown
        if key in reported or (key, join.line) in seen:
            continue
        seen.add((key, join.line))
        found.append(Finding(ID, "note", facts.path, facts.name, join.line, join.column,
                             f"Paths meet here with {lock.shown} held on some, taken by "
                             f"[{lock.call}](1) at line {lock.line}, and not on others, and go "
                             f"on to [{release.call}](2) at line {release.line} (sparse's "
                             "\"different lock contexts for basic block\"). Take and release "
                             "it under the same test, or flag it.",
                             key, release.call,
                             [(lock.line, lock.column, lock.call),
                              (release.line, release.column, "release on paths without the lock")]))
    return found


def unexpected_releases(facts, rules, kept):
    """Notes for the locks a whole function releases without taking them when
    nothing says its caller holds them (sparse's "unexpected unlock"): no
    __releases() or __must_hold(), no contract, no assertion, and no releasing
    name.  A note: kernel code often says so in a comment only."""
    # a releasing name, or one that says it is called locked (deactivate_locked_super)
    if not facts.whole or named_as(facts.name, RELEASING_NAMES) \
            or LOCKED_CALLBACK.search((facts.name or "").lower()):
        return []
    annotated = {a.path for a in facts.annotations}
    contracted = {required.group for required in rules.contracts.get(facts.name, [])}
    asserted = {argument.lstrip("&").replace(" ", "") for call in facts.calls
                if call.callee in rules.primitives
                and rules.primitives[call.callee].op is Op.ASSERT for argument in call.arguments}
    # a lock the function takes somewhere is one whose release the analysis
    # may have lost the pairing of (a flag, a moved pointer), and one reached
    # through a local came from a call not in view (&ptl filled in): neither is
    # unexpected; nor is a reader's retry test
    taken = kept | {acquire.lock.lock_class or acquire.lock.instance
                    for acquire in facts.acquires}
    found, seen = [], set()
    for release in facts.releases:
        primitive = rules.primitives.get(release.call.split("(")[0])
        if release.was_held or release.double or release.instance in seen \
                or (release.lock_class or release.instance) in taken \
                or root_of(release.instance) in facts.locals \
                or primitive is not None and primitive.kind is Kind.SEQCOUNT \
                or release.instance in annotated or release.instance in asserted \
                or (release.lock_class and rules.group(release.lock_class) in contracted):
            continue
        seen.add(release.instance)
        found.append(Finding(ID, "note", facts.path, facts.name, release.line, release.column,
                             f"{release.call} releases {release.instance}, which "
                             f"{facts.name}() does not take, and nothing says its callers "
                             "hold it (sparse's \"unexpected unlock\"). Say so with "
                             "__releases() or __must_hold().",
                             release.lock_class or release.instance, release.call))
    return found


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
        held = release.mismatched
        if held is not None:
            found.append(Finding(ID, "warning", facts.path, facts.name, release.line,
                                 release.column, f"{release.call} releases {release.instance} "
                                 f"{'exclusive' if held.mode is Mode.SHARED else 'shared'}, "
                                 f"but [{held.call}](1) at line {held.line} holds it "
                                 f"{held.mode}.", release.lock_class or release.instance,
                                 release.call, [(held.line, held.column, held.call)]))
        # the second unlock of a lock taken twice is its pair, not a double unlock
        if release.double and (release.instance, Mark.NONE) not in taken_twice:
            why = "whose trylock failed on this path" if release.after_failed_trylock \
                else "which this path has already unlocked"
            found.append(Finding(ID, "warning", facts.path, facts.name, release.line,
                                 release.column, f"{release.call} unlocks {release.instance}, "
                                 f"{why}.", release.lock_class or release.instance,
                                 release.call))
    return found


def initialized(facts):
    """Locks initialized while the path holds them (lockdep's "init held lock"):
    the holder's unlock then releases a lock nobody took, and a waiter is lost."""
    return [Finding(ID, "warning", facts.path, facts.name, init.line, init.column,
                    f"{init.call} initializes {init.instance}, which is held since "
                    f"[line {init.held.line}](1).", init.held.lock_class or init.instance,
                    init.call, [(init.held.line, init.held.column, init.held.call)])
            for init in facts.inits]


def exits(facts):
    """Locks held at some real exits and released on the way to others.

    A lock taken on some paths only and never released on the others is a
    conditional acquisition (a wrapper that locks when it can), not an
    imbalance; so is one whose holding exits all return success and the others
    failure.  Not where the caller cannot tell the exits apart (all return
    nothing, or the same known value, and set no out-parameter) and the name is
    no acquiring function's: its caller cannot know whether it holds the lock.
    """
    real = [exit for exit in facts.exits if exit.real]
    if len(real) < 2:
        return []
    annotated = {a.path for a in facts.annotations}
    # exits the caller cannot tell apart: all return nothing, or the same known
    # value, and set no out-parameter; a path of them that never took the lock
    # leaves the caller unable to know whether to release it (smatch's
    # "inconsistent returns"), unless the name says the function locks when it can
    told = {(exit.returned, exit.value, exit.set_through) for exit in real}
    alike = len(told) == 1 and not named_as(facts.name, ACQUIRING_NAMES) \
        and all(returned is None or value is not None for returned, value, _ in told)
    # a lock released where this function had not taken it was its caller's: the
    # paths that never touch it leave it held as they found it
    callers = {release.instance for release in facts.releases if not release.was_held}
    # not one a function not in view was handed since: it may have dropped it
    def balanced(lock):
        return lock.origin not in NOT_BALANCED and not lock.read_section and not lock.uncertain
    held_at = [held_at_exit(exit, balanced) for exit in real]
    # each lock held at an exit, with the names that path knows for it: where
    # anon_vma == root, the anon_vma->lock one path holds is the root->lock of another
    names = {}
    for exit in real:
        for lock in filter(balanced, exit.held):
            names.setdefault(lock.key, set()).update(keys_at_exit(exit, lock))
    found = []
    for key in sorted(names, key=lambda key: key[0] + key[1].value):
        instance, mark = key
        if instance in annotated and mark is Mark.NONE:
            continue
        known_as = names[key]
        holding = [exit for exit, held in zip(real, held_at) if not known_as.isdisjoint(held)]
        # by any origin: a path that kept its caller's lock holds it too
        without = [exit for exit in real
                   if known_as.isdisjoint(held_at_exit(exit)) and mark is Mark.NONE
                   and instance not in exit.handed]
        dropped = [exit for exit in without if instance in exit.released]
        if dropped and conditional(holding, dropped):
            continue
        if not dropped and not (alike and without and instance not in callers):
            continue
        exit = holding[0]
        lock = next(held[key] for held in held_at if key in held)
        other = (dropped or without)[0]
        what = "releases it" if dropped else "does not take it, returning the same"
        found.append(Finding(ID, "warning", facts.path, facts.name, exit.line, exit.column,
                             f"This path leaves with {lock.shown} held, taken by "
                             f"[{lock.call}](1) at line {lock.line}, while the path leaving "
                             f"at [line {other.line}](2) {what}.",
                             lock.lock_class or lock.shown, lock.call,
                             [(lock.line, lock.column, lock.call),
                              (other.line, other.column, "exit without the lock")]))
    return found


def left_held(facts, partnered):
    """Locks the function takes and still holds on every real exit, which its
    callers cannot know of: no annotation says so, no returned object holds
    them, the name is no acquiring function's, it did not hold them on entry
    (dropped and taken again), and no partner in view (paired) releases their
    class for its caller."""
    real = [exit for exit in facts.exits if exit.real]
    if not real or not facts.whole or named_as(facts.name, ACQUIRING_NAMES):
        return []
    annotated = {a.path for a in facts.annotations}
    # not one a function not in view was handed since: it may have dropped it
    held_at = [held_at_exit(exit, lambda lock: lock.origin is Origin.CALL and not lock.uncertain
                            and not lock.read_section)
               for exit in real]
    returned = {exit.returned for exit in real if exit.returned}
    retaken = {release.instance for release in facts.releases if not release.was_held}
    found = []
    for key in sorted(set.intersection(*(set(held) for held in held_at)),
                      key=lambda key: key[0] + key[1].value):
        instance, mark = key
        root = instance.split("->")[0].split(".")[0]
        # one a caller can name: through a parameter, or a global lock itself
        nameable = root in facts.parameters or root == instance
        lock = held_at[0][key]
        if mark is not Mark.NONE or instance in annotated or instance in retaken \
                or not nameable or (lock.lock_class or instance) in partnered \
                or any(instance.startswith(name + "->") for name in returned):
            continue
        exit = real[-1]
        found.append(Finding(ID, "warning", facts.path, facts.name, lock.line, lock.column,
                             f"{facts.name}() returns holding {lock.shown}, taken by "
                             f"{lock.call}, on every path (as at [line {exit.line}](1)): its "
                             "callers are left to release a lock they cannot see taken. Say "
                             "so with __acquires(), or release it before returning.",
                             lock.lock_class or lock.shown, lock.call,
                             [(exit.line, exit.column, "exit with the lock held")]))
    return found


def conditional(holding, without):
    """A conditional acquire: the paths that drop the lock return failure (zero,
    NULL) and the paths holding it success, or the two return different things;
    never when a path holding it returns an error code."""
    if any(exit.error for exit in holding):
        return False    # leaving with the lock and an error code: the classic leak
    if all(exit.error for exit in without):
        return True     # held where it succeeds, dropped where it fails
    values = {exit.value for exit in holding}
    others = {exit.value for exit in without}
    if others == {False} and False not in values:
        return True
    if None not in values | others and len(values) == 1 and not values & others:
        return True
    returned = {exit.returned for exit in holding}
    return len(returned) == 1 and None not in returned and not (
        returned & {exit.returned for exit in without})
