"""Stage 4: lockset analysis, from the ASTs of the touched functions to facts.

cfg (control flow) -> analysis (dataflow over lock states, facts) -> summaries
of the functions in view, applied at their call sites (a second round), so a
helper that returns holding a lock is an acquiring wrapper for its callers.
"""

from typing import NamedTuple

from analyzer.locks.analysis import FunctionAnalysis, split_path, unmarked, word_ends
from analyzer.locks.facts import FunctionFacts, Held
from analyzer.locks.rules import identifiers


class Summary(NamedTuple):
    """What a function in view does to its parameters' locks."""
    parameters: tuple
    acquires: tuple         # Held, rooted at a parameter, held on every real exit
    releases: tuple         # Held, rooted at a parameter, dropped without being taken
    returns_locked: tuple = ()  # field paths (->lock) of the returned object, held
                                # wherever the function returns it non-NULL
    takes: tuple = ()       # Held, rooted at a parameter, taken and dropped again inside:
                            # its callers nest and order against them
    tries: tuple = ()       # Held, rooted at a parameter, that the function returns a
                            # trylock's result for: held where it returned true


def analyze_image(touched, side, rules):
    """FunctionFacts of every parsed function in one image ("old" or "new") of a patch."""
    functions = [item for item in touched if item.kind == "function"
                 and getattr(item, side) is not None and getattr(item, side).ast is not None]
    # functions that lock or touch guarded fields, and their callers in view: the
    # others have nothing in them the analysis would act on (no facts, no time spent)
    names = [identifiers(getattr(item, side).text) for item in functions]
    mentioning = [rules.mentions_locking(found) for found in names]
    locking = {item.name for item, mentions in zip(functions, mentioning)
               if item.name and mentions}
    acted_on = [mentions or not found.isdisjoint(locking)
                for found, mentions in zip(names, mentioning)]
    results = [analyze_function(item, side, rules, {}) if acts
               else FunctionFacts(item.name, item.path, item.header_in_view)
               for item, acts in zip(functions, acted_on)]
    summaries = {facts.name: summarise(facts) for facts in results
                 if facts.name and facts.whole and facts.analyzed}
    summaries = {name: s for name, s in summaries.items()
                 if s.acquires or s.releases or s.returns_locked or s.takes or s.tries}
    if not summaries:
        return results
    # a second round for the callers of functions that take or drop their
    # parameters' locks
    return [analyze_function(item, side, rules, summaries)
            if acts and calls_one_of(getattr(item, side).text, summaries) else facts
            for item, facts, acts in zip(functions, results, acted_on)]


def calls_one_of(text, names):
    """Whether C text calls one of the functions ``names``."""
    return any(opens_call(text, end) for name in names for end in word_ends(text, name))


def opens_call(text, position):
    """Whether a call's parenthesis comes at ``position``, after any white space."""
    while position < len(text) and text[position].isspace():
        position += 1
    return text.startswith("(", position)


def analyze_function(item, side, rules, summaries):
    function = getattr(item, side)
    end_in_view = item.header_in_view and item.end_in_view.get(side, True)
    entry = ()
    for _ in range(2):
        # a second run when the first saw locks released but never taken: those
        # were held on entry, and are held at everything before their release
        analysis = FunctionAnalysis(function, item.path, rules, summaries, item.header_in_view,
                                    end_in_view, entry)
        try:
            facts = analysis.run()
        except RecursionError:
            # a pathological expression nesting: this function only is not analyzed
            facts = analysis.give_up("expression nested too deeply")
        if entry or not facts.analyzed:
            break
        taken = {acquire.lock.instance for acquire in facts.acquires}
        found = tuple(sorted({(release.instance, release.line) for release in facts.releases
                              if not release.was_held and not release.double
                              and release.instance not in taken
                              and split_path(release.instance)[0] not in analysis.locals
                              and unmarked(release.instance) == release.instance}))
        found = tuple({instance: (instance, line) for instance, line in found}.values())
        if not found:
            break
        entry = found
    facts.name = item.name
    return facts


def summarise(facts):
    """Locks of its parameters the function holds on every exit without having them
    on entry, and those it releases on every exit (taken by its caller)."""
    exits = [exit for exit in facts.exits if exit.real]
    if not exits:
        return Summary(facts.parameters, (), ())
    acquired = set.intersection(*(set(exit.held) for exit in exits))
    acquires = tuple(lock for lock in acquired if lock.kind not in ("entry", "scoped")
                     and split_path(lock.instance)[0] in facts.parameters)
    returns_locked = returned_locks(exits)
    released = frozenset.intersection(*(exit.released for exit in exits))
    releases = tuple(Held(release.instance, release.lock_class, "exclusive", "blocking",
                          release.line, release.column, release.call)
                     for release in facts.releases if not release.was_held
                     and release.instance in released
                     and split_path(release.instance)[0] in facts.parameters)
    held_at_exit = {lock.instance for exit in exits for lock in exit.held}
    takes = tuple({acquire.lock.instance: acquire.lock for acquire in facts.acquires
                   if acquire.lock.kind not in ("try", "try_once", "entry")
                   and acquire.lock.instance not in held_at_exit
                   and split_path(acquire.lock.instance)[0] in facts.parameters}.values())
    # a trylock wrapper: every exit returns a trylock's result, or false
    tries = ()
    if facts.returns_try and all(exit.value is False or exit.returned in facts.returns_try
                                 for exit in exits):
        tries = tuple(lock for lock in facts.returns_try.values()
                      if split_path(lock.instance)[0] in facts.parameters)
    return Summary(facts.parameters, acquires, releases, returns_locked, takes, tries)


def returned_locks(exits):
    """Locks of the object the function returns, held on every exit that returns
    it (the others return NULL): page_lock_anon_vma() and its like."""
    returning = [exit for exit in exits if exit.value is not False]
    names = {exit.returned for exit in returning}
    if len(names) != 1 or None in names or len(returning) == len(exits):
        return ()
    name = names.pop()
    common = set.intersection(*({lock.instance[len(name):] for lock in exit.held
                                 if lock.instance.startswith(name + "->")}
                                for exit in returning))
    return tuple(sorted(common))
