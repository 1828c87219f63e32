"""Summaries: what a function in view does to its callers' locks.

A function's facts are summarised once it is analyzed whole; its callers in
view are analyzed again with the summary applied at each call
(Transfer.apply_summary), so a helper that returns holding a lock is an
acquiring wrapper for its callers, not an imbalance.
"""

from typing import NamedTuple

from analyzer.locks.facts import TRYLOCKS, Held, Origin
from analyzer.locks.identity import root_of
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

    def acts(self):
        """Whether the summary changes anything at a call."""
        return bool(self.acquires or self.releases or self.returns_locked or self.takes
                    or self.tries)


def summarise(facts):
    """Locks of its parameters the function holds on every exit without having them
    on entry, and those it releases on every exit (taken by its caller)."""
    exits = [exit for exit in facts.exits if exit.real]
    if not exits:
        return Summary(facts.parameters, (), ())

    def of_parameter(lock):
        return root_of(lock.instance) in facts.parameters
    acquired = set.intersection(*(set(exit.held) for exit in exits))
    acquires = tuple(lock for lock in acquired if lock.origin not in (Origin.ENTRY, Origin.SCOPED)
                     and of_parameter(lock))
    released = frozenset.intersection(*(exit.released for exit in exits))
    releases = tuple(Held(release.instance, release.lock_class, Mode.EXCLUSIVE, Kind.BLOCKING,
                          Origin.CALL, release.line, release.column, release.call)
                     for release in facts.releases if not release.was_held
                     and release.instance in released and of_parameter(release))
    held_at_exit = {lock.key for exit in exits for lock in exit.held}
    takes = tuple({acquire.lock.instance: acquire.lock for acquire in facts.acquires
                   if acquire.lock.origin not in TRYLOCKS + (Origin.ENTRY,)
                   and acquire.lock.key not in held_at_exit
                   and of_parameter(acquire.lock)}.values())
    # a trylock wrapper: every exit returns a trylock's result, or false
    tries = ()
    if facts.returns_try and all(exit.value is False or exit.returned in facts.returns_try
                                 for exit in exits):
        tries = tuple(lock for lock in facts.returns_try.values() if of_parameter(lock))
    return Summary(facts.parameters, acquires, releases, returned_locks(exits), takes, tries)


def returned_locks(exits):
    """Locks of the object the function returns, held on every exit that returns
    it (the others return NULL): page_lock_anon_vma() and its like."""
    returning = [exit for exit in exits if exit.value is not False]
    names = {exit.returned for exit in returning}
    if len(names) != 1 or None in names or len(returning) == len(exits):
        return ()
    name = names.pop()
    common = set.intersection(*({(lock.instance[len(name):], lock.mark) for lock in exit.held
                                 if lock.instance.startswith(name + "->")}
                                for exit in returning))
    return tuple(sorted(common, key=lambda field: (field[0], field[1].value)))
