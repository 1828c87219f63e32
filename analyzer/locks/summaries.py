"""Summaries: what a function in view does to its callers' locks.

A function's facts are summarised once it is analyzed whole; its callers in
view are analyzed again with the summary applied at each call
(Transfer.apply_summary), so a helper that returns holding a lock is an
acquiring wrapper for its callers, not an imbalance.
"""

from typing import NamedTuple

from analyzer.locks.facts import TRYLOCKS, Held, Mark, Origin
from analyzer.locks.identity import held_at_exit, keys_at_exit, root_of
from analyzer.locks.vocabulary import Kind, Mode


class Summary(NamedTuple):
    """What a function in view does to its parameters' locks."""
    parameters: tuple
    acquires: tuple         # Held, rooted at a parameter, held on every real exit
    releases: tuple         # Held, rooted at a parameter, dropped without being taken
    returns_locked: tuple = ()  # (field path (->lock), Mark) of the returned object,
                                # held wherever the function returns it non-NULL
    takes: tuple = ()       # Held, rooted at a parameter, taken and dropped again inside:
                            # its callers nest and order against them
    tries: tuple = ()       # Held, rooted at a parameter, that the function returns a
                            # trylock's result for: held where it returned true
    value: bool | None = None   # the truth every real exit returns, if they agree
    returns: str | None = None  # the access path, rooted at a parameter, every real
                                # exit returns: the caller's result names that object
    drops_on_error: tuple = ()  # Held, rooted at a parameter, that the caller holds and
                                # that the function drops where it returns an error code
    returned_apart: tuple = ()  # the caller's locks the function drops before it takes
                                # the returned object's (returns_locked), and takes again
    may_release: tuple = ()     # Held, rooted at a parameter, that the function drops on
                                # some paths and holds on none of its exits: a caller
                                # that holds it may not hold it after the call
    drops_where_set: tuple = ()     # (Held, parameter, truth): the caller's lock that the
                                    # function drops where it sets *parameter to truth, and
                                    # keeps where it leaves *parameter as it was
    try_truth: bool = True  # the result the tries are held where: true, or 0 (false)

    def acts(self):
        """Whether the summary changes anything at a call."""
        return bool(self.acquires or self.releases or self.returns_locked or self.takes
                    or self.tries or self.drops_on_error or self.may_release
                    or self.drops_where_set)


def summarise(facts, words):
    """Locks of its parameters (or global locks) the function holds on every exit
    without having them on entry, and those it releases on every exit (taken by
    its caller).  ``words`` are the identifiers of the code in view: a global
    lock its helpers take (namespace_sem through namespace_unlock()) is one its
    callers can name too."""
    exits = [exit for exit in facts.exits if exit.real]
    if not exits:
        return Summary(facts.parameters, (), ())
    known = callers_name(facts, words)
    # held on every exit, whichever acquisition took it there (one per branch)
    by_exit = [held_at_exit(exit) for exit in exits]
    common = set.intersection(*(set(held) for held in by_exit))
    # a lock the caller held, dropped and taken again inside, is the caller's still,
    # and so is one an exit knows by its name too (parent == dentry: parent->d_lock)
    dropped_from_entry = {release.instance for release in facts.releases if not release.was_held}
    common -= retaken_keys(exits, dropped_from_entry)
    apart = apart_from(facts, known)
    acquires = tuple(apart(by_exit[0][key])
                     for key in sorted(common, key=lambda k: (k[0], k[1].value))
                     if by_exit[0][key].origin not in (Origin.ENTRY, Origin.SCOPED)
                     and known(by_exit[0][key]) and key[0] not in dropped_from_entry)
    # dropped on every exit: taken by the caller, and released for it, or (in a
    # function that returns nothing) handed on with its object where the other
    # exits release it and none holds it (deactivate_locked_super())
    kept = {lock.instance for exit in exits for lock in exit.held if not lock.uncertain}
    somewhere = frozenset().union(*(exit.released for exit in exits))
    released = frozenset.intersection(*(exit.released | (handed_on(exit) & somewhere - kept)
                                        for exit in exits))
    # dropped on some paths, held on no exit: where the caller holds it, the
    # paths it takes may be those that drop it (__dentry_kill()'s inode lock,
    # dropped where the dentry has an inode)
    maybe = somewhere - released - {lock.instance for exit in exits for lock in exit.held}
    dropped = first_releases(facts, released | maybe, known)
    releases = tuple(lock for lock in dropped if lock.instance in released)
    may_release = tuple(lock for lock in dropped if lock.instance in maybe)
    held_on_exit = {lock.key for exit in exits for lock in exit.held}
    takes = tuple({acquire.lock.instance: apart(acquire.lock)._replace(
                       when=tuple(sorted(facts.taken_when.get(acquire.lock.instance, ()))))
                   for acquire in facts.acquires
                   if acquire.lock.origin not in TRYLOCKS + (Origin.ENTRY,)
                   and acquire.lock.key not in held_on_exit
                   and known(acquire.lock)}.values())
    # a trylock wrapper: every exit returns a trylock's result, or false
    tries = ()
    if facts.returns_try and all(exit.value is False or exit.returned in facts.returns_try
                                 for exit in exits):
        tries = tuple(lock for lock in facts.returns_try.values() if known(lock))
    if not tries:
        tries = held_where(exits, by_exit, known, returns_true, returns_false)
    try_truth = True    # the result where the tries are held
    if not tries:
        # not a lock it dropped for its caller and took again (drops_on_error)
        tries = tuple(lock for lock in held_where(exits, by_exit, known, returns_zero,
                                                  returns_error)
                      if lock.instance not in dropped_from_entry)
        try_truth = False
    values = {exit.value for exit in exits}
    value = values.pop() if len(values) == 1 else None
    returned = {exit.returned for exit in exits}
    returns = returned.pop() if len(returned) == 1 else None
    if returns is None or root_of(returns) not in facts.parameters:
        returns = None
    returns_locked = returned_locks(exits)
    return Summary(facts.parameters, acquires, releases, returns_locked, takes, tries,
                   value, returns, dropped_on_error(exits, by_exit, known),
                   returned_apart(exits, returns_locked, apart) if returns_locked else (),
                   may_release, dropped_where_set(facts, exits, known), try_truth)


def first_releases(facts, instances, known):
    """The caller's locks ``instances`` as Held, each at its first release: what
    the callee takes after it, it takes with the caller's lock dropped (the call
    applies them in the callee's order)."""
    first = {}
    for release in sorted(facts.releases, key=lambda release: (release.line, release.column)):
        if not release.was_held and release.instance in instances and known(release):
            first.setdefault(release.instance, release)
    return tuple(Held(release.instance, release.lock_class, Mode.EXCLUSIVE, Kind.BLOCKING,
                      Origin.CALL, release.line, release.column, release.call)
                 for release in first.values())


def dropped_where_set(facts, exits, known):
    """The caller's locks a function drops on the exits where it sets an
    out-parameter to one truth (``*locked = false``) and keeps on the others:
    (Held, parameter, that truth)."""
    found = ()
    for parameter in facts.parameters:
        for truth in (False, True):
            fact = ("*" + parameter, truth)
            setting = [exit.released for exit in exits if fact in exit.set_through]
            others = [exit.released for exit in exits if fact not in exit.set_through]
            if setting and others:
                dropped = frozenset.intersection(*setting) - frozenset().union(*others)
                found += tuple((lock, parameter, truth)
                               for lock in first_releases(facts, dropped, known))
    return found


def retaken_keys(exits, dropped):
    """The keys of the locks an exit holds that it knows by the name of a lock the
    caller held and the function dropped (``dropped``): that lock, taken again."""
    found = set()
    for exit in exits:
        for lock in exit.held:
            keys = keys_at_exit(exit, lock)
            if any(name in dropped for name, _ in keys):
                found.update(keys)
    return found


def apart_from(facts, known):
    """A function of a lock the function takes: the lock, with its caller's locks
    that it nests in none of at the call as its ``apart``.  Those are the ones it
    drops before (in the text) and holds on no path where it takes the lock (a
    helper that drops its caller's lock, takes the parent's, and takes the
    caller's again: the parent's nests in nothing at the call), and those it
    knows its caller holds there (held on entry): the function reports that
    nesting itself.  A lock dropped through a local (parent, where parent is
    dentry->d_parent) is known by the name the caller gives it."""
    dropped = {}    # instance -> the first line the function drops it at
    for release in facts.releases:
        if not release.was_held:
            for name in (release.instance,) + release.aliases:
                if known(release._replace(instance=name)):
                    dropped[name] = min(dropped.get(name, release.line), release.line)
    held_at = {}        # (line, column) of an acquisition -> the instances held there
    reported_at = {}    # ... -> those of them held on entry, of a known class
    for acquire in facts.acquires:
        coordinates = (acquire.lock.line, acquire.lock.column)
        held_at.setdefault(coordinates, set()).update(lock.instance for lock in acquire.held)
        if acquire.lock.lock_class:
            reported_at.setdefault(coordinates, set()).update(
                lock.instance for lock in acquire.held
                if lock.origin is Origin.ENTRY and lock.lock_class and known(lock))
    if not dropped and not any(reported_at.values()):
        return lambda lock: lock

    def apart(lock):
        coordinates = (lock.line, lock.column)
        held = held_at.get(coordinates, ())
        names = {name for name, line in dropped.items() if line < lock.line and name not in held}
        names |= reported_at.get(coordinates, set())
        return lock._replace(apart=tuple(sorted(names))) if names else lock
    return apart


def returned_apart(exits, returns_locked, apart):
    """The caller's locks dropped before each lock of the returned object was
    taken, on every exit that returns it."""
    found = None
    for exit in exits:
        for lock in exit.held:
            if exit.returned and any(lock.instance == exit.returned + suffix
                                     for suffix, _ in returns_locked):
                names = set(apart(lock).apart)
                found = names if found is None else found & names
    return tuple(sorted(found or ()))


def handed_on(exit):
    """The caller's locks an exit that returns nothing holds where a function not
    in view was handed their object (s->s_umount, put_super(s)): it may release them."""
    if exit.returned is not None:
        return frozenset()
    return frozenset(lock.instance for lock in exit.held if lock.origin is Origin.ENTRY
                     and lock.uncertain and lock.instance.count("->") == 1)


def held_where(exits, by_exit, known, holding, without):
    """A conditional acquiring wrapper's locks: held on every exit ``holding``
    accepts, on none ``without`` does, when each exit is one or the other:
    returning true or false (vma_trylock_anon()), or 0 or an error code
    (epoll_mutex_lock())."""
    held = [locks for exit, locks in zip(exits, by_exit) if holding(exit)]
    dropped = [locks for exit, locks in zip(exits, by_exit) if without(exit)]
    if not held or not dropped or len(held) + len(dropped) < len(exits):
        return ()
    keys = set.intersection(*(set(locks) for locks in held)) - set().union(*dropped)
    return tuple(held[0][key] for key in sorted(keys, key=lambda k: (k[0], k[1].value))
                 if held[0][key].origin not in (Origin.ENTRY, Origin.SCOPED)
                 and known(held[0][key]))


def returns_true(exit):
    return exit.value is True


def returns_false(exit):
    return exit.value is False


def returns_zero(exit):
    return exit.value is False and not exit.error


def returns_error(exit):
    return exit.error


def dropped_on_error(exits, by_exit, known):
    """Its caller's locks a function drops on the way to its error returns and
    holds on its returns of 0 (an allocation helper that drops the lock to
    allocate, and fails without it)."""
    errors = [exit for exit in exits if exit.error]
    zero = [held for exit, held in zip(exits, by_exit) if exit.value is False]
    if not errors or not zero or len(errors) + len(zero) < len(exits):
        return ()
    keys = set.intersection(*(set(held) for held in zero))
    return tuple(zero[0][key] for key in sorted(keys, key=lambda k: (k[0], k[1].value))
                 if key[1] is Mark.NONE and known(zero[0][key])
                 and all(key not in held_at_exit(exit) and key[0] in exit.released
                         for exit in errors))


def callers_name(facts, words):
    """A test of whether a caller can name a lock of the function: one rooted at a
    parameter, or at a global ``words`` name (not at a local, nor at a path
    through a macro's result, EXT4_I(inode)->i_data_sem)."""
    def known(lock):
        root = root_of(lock.instance)
        return root in facts.parameters or (root.isidentifier() and root in words
                                            and root not in facts.locals)
    return known


# What an annotation says the function does to a lock: (acquires, mode) or
# releases; __cond_acquires holds where the function returns true.
ACQUIRING = {"acquires": Mode.EXCLUSIVE, "acquires_shared": Mode.SHARED,
             "acquire_shared": Mode.SHARED}
RELEASING = ("releases", "releases_shared", "cond_releases")
TRYING = ("cond_acquires",)


def annotated(facts, function, words, not_locks):
    """The Summary a function's annotations state (__acquires(x), __releases(x),
    __cond_acquires(x)): the contract its author wrote for callers.  A lock
    both released and acquired is dropped and taken again, the caller's all
    along; ``not_locks`` are contexts that are no lock (RCU).  None when the
    annotations state nothing a caller can name."""
    known = callers_name(facts, words)
    locks = {kind: [] for kind in ("acquires", "releases", "tries")}
    for annotation in function.annotations:
        instance = annotation.path
        lock = Held(instance, None, ACQUIRING.get(annotation.kind, Mode.EXCLUSIVE),
                    Kind.BLOCKING, Origin.CALL, annotation.line, 1,
                    f"__{annotation.kind}({annotation.argument})")
        if instance in not_locks or not known(lock):
            continue
        if annotation.kind in ACQUIRING:
            locks["acquires"].append(lock)
        elif annotation.kind in RELEASING:
            locks["releases"].append(lock)
        elif annotation.kind in TRYING:
            locks["tries"].append(lock)
    retaken = {lock.instance for lock in locks["acquires"]} & {
        lock.instance for lock in locks["releases"]}
    found = {kind: tuple(lock for lock in found if lock.instance not in retaken)
             for kind, found in locks.items()}
    if not any(found.values()):
        return None
    return Summary(facts.parameters, found["acquires"], found["releases"], tries=found["tries"])


def with_annotations(summary, stated):
    """A summary the analysis found, with what the annotations state added: a
    callee in view may drop its lock where the analysis cannot follow it."""
    if summary is None:
        return stated

    # what the analysis found of a lock is more precise than the annotation
    # (__acquires on a trylock wrapper whose result the callers test)
    known = {lock.instance for lock in summary.acquires + summary.releases + summary.tries}

    def added(found, more):
        return found + tuple(lock for lock in more if lock.instance not in known)
    return summary._replace(acquires=added(summary.acquires, stated.acquires),
                            releases=added(summary.releases, stated.releases),
                            tries=summary.tries or stated.tries, value=summary.value)


def returned_locks(exits):
    """Locks of the object the function returns, held on every exit that returns
    it (the others return NULL): page_lock_anon_vma() and its like."""
    returning = [exit for exit in exits if exit.value is not False]
    names = {exit.returned for exit in returning}
    if len(names) != 1 or None in names or len(returning) == len(exits):
        return ()
    name = names.pop()
    common = set.intersection(*({(lock.instance[len(name):], lock.mark)
                                 for lock in held_at_exit(exit).values()
                                 if lock.instance.startswith(name + "->")}
                                for exit in returning))
    return tuple(sorted(common, key=lambda field: (field[0], field[1].value)))
