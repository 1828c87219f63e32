"""The abstract state of a path, and its operations.

A state is what one path knows at a point of the function: the locks held
(each a Held, with where it was taken), the trylock results not yet tested,
the conditions known on the path, the instances it released (and which of
those a function not in view was handed since), and the objects it allocated
and has not yet published.  Every operation is a function of a
state that returns a new one.

States are not merged where paths join: a node keeps the set of distinct
states that reach it (the fixpoint bounds it), which is what makes correlated
conditions (``if (x) lock; ... if (x) unlock;``) and flag variables
(``locked = 1; ... if (locked) unlock;``) come out balanced.  Widening forgets
the conditions locking does not need, so that set stays small.
"""

import re
from functools import lru_cache
from typing import NamedTuple

from analyzer.locks.facts import Mark, Origin
from analyzer.locks.identity import chained_variants, root_of, rooted_at, variants
from analyzer.locks.vocabulary import Kind, Mode


class State(NamedTuple):
    held: frozenset         # Held
    pending: frozenset      # (variable, Held, held when the variable is zero, kept):
                            # a trylock's result, or (kept) a lock a callee dropped
                            # where it set the variable and kept where it did not
    facts: frozenset        # (condition text, truth)
    released: frozenset     # instances released on this path
    fresh: frozenset        # variables naming objects not yet published
    handed: frozenset = frozenset()     # released instances a function not in view
                                        # was handed since: it may have taken them again

    def changed(self, held=None, pending=None, facts=None, released=None, fresh=None,
                handed=None):
        """The state with the parts given replaced: _replace without its generality
        (the dataflow makes a state at every step that changes one), and without
        the Python-level __new__ of a NamedTuple between it and the tuple."""
        return tuple.__new__(State, (self.held if held is None else held,
                                     self.pending if pending is None else pending,
                                     self.facts if facts is None else facts,
                                     self.released if released is None else released,
                                     self.fresh if fresh is None else fresh,
                                     self.handed if handed is None else handed))

    def unlocked(self):
        """The instances the path knows are not held here: released, and not
        handed to a function not in view since."""
        return self.released - self.handed if self.handed else self.released


# The fact key of two access paths the path knows name one object ("a is
# root"): not C, so no condition's text is one; an assignment to either side
# forgets it, as it forgets every fact naming the variable.
SAME = " is "
# the fact of a cursor walking a list (member_fact) reads "x is an element of
# y": not two names of one object
MEMBER = " is an element of "


def same_fact(one, other):
    return (f"{one}{SAME}{other}", True)


@lru_cache(maxsize=4096)
def sames(facts):
    """The (path, path) pairs of a state's facts that name one object, in a fixed order."""
    return tuple(sorted(tuple(key.split(SAME)) for key, truth in facts
                        if truth and SAME in key and MEMBER not in key))


def still_same(facts, name):
    """The same facts that hold after ``name`` is assigned: the other names the
    path knew for its old value name one object still."""
    others = sorted({one if other == name else other for one, other in sames(facts)
                     if name in (one, other)} - {name})
    return frozenset(same_fact(one, other) for i, one in enumerate(others)
                     for other in others[i + 1:])


def initial(held):
    return State(frozenset(held), frozenset(), frozenset(), frozenset(), frozenset(), frozenset())


# the parent of an element whose list the code does not name (list_entry(p, ...))
SOME_LIST = "a list"


def member_fact(element, parent):
    """The fact of a cursor walking a list of ``parent``'s (not C either)."""
    return (f"{element}{MEMBER}{parent}", True)


# the fact of a variable assigned a call's result on objects (not C either):
# "p from d_ancestor(old_parent, target)"; an assignment to any of them forgets it
FROM = " from "


def relation_fact(name, callee, objects):
    return (f"{name}{FROM}{callee}({', '.join(objects)})", True)


def relation_of(key):
    """(variable, frozenset of the objects) of a relation_fact's key, or None."""
    if FROM not in key or not key.endswith(")"):
        return None
    name, _, call = key.partition(FROM)
    return name, frozenset(call[call.index("(") + 1:-1].split(", "))


def taken_with_fact(instance, result):
    """The fact of a lock taken by the call whose pointer ``result`` holds (not C
    either): where the pointer is NULL, the call failed and took nothing."""
    return (f"{instance} taken by the call that gave {result}", True)


def failed_fact(instance):
    """The fact of a path on which a trylock of ``instance`` failed (not C either)."""
    return (f"trylock of {instance} failed", True)


def acquired(state, lock):
    """``lock`` taken: held, no longer released, its trylock result decided."""
    facts = state.facts
    if facts and failed_fact(lock.instance) in facts:
        facts = facts - {failed_fact(lock.instance)}
    return state.changed(held=state.held | {lock}, released=state.released - {lock.instance},
                         handed=state.handed - {lock.instance}, pending=frozenset(p for p in state.pending
                                           if p[1].instance != lock.instance), facts=facts)


def held_as(state, instance):
    """The held locks the code names by ``instance`` now (not those reached through
    a pointer it has moved since)."""
    return frozenset(h for h in state.held if h.instance == instance and h.mark is Mark.NONE)


def released(state, instance):
    """``instance`` released: (the state after, the held locks it was, the pending
    trylock results it ends)."""
    matching = held_as(state, instance)
    if not matching and state.facts:
        # unlock(&root->lock) where the path knows root == anon_vma, holding anon_vma->lock
        for name in chained_variants(instance, sames(state.facts))[1:]:
            matching |= held_as(state, name)
    if len(matching) > 1 and all(lock.kind is Kind.READ_RECURSIVE for lock in matching):
        # nested readers: each unlock ends the innermost
        matching = {max(matching, key=lambda lock: (lock.line, lock.column))}
    pending = frozenset(p for p in state.pending if p[1].instance == instance)
    return (state.changed(held=state.held - matching, pending=state.pending - pending,
                          released=state.released | {instance}
                          | {lock.instance for lock in matching},
                          handed=state.handed - {instance}), matching, pending)


def asserted(state, lock):
    """The code asserts ``lock`` is held: if the path did not take it, the caller did."""
    if held_as(state, lock.instance):
        return state
    return state.changed(held=state.held | {lock._replace(origin=Origin.ENTRY)})


def downgraded(state, instance):
    """The lock the code names by ``instance`` is held shared now."""
    matching = held_as(state, instance)
    return state.changed(held=frozenset(h._replace(mode=Mode.SHARED) if h in matching else h
                                        for h in state.held))


def renamed(state, name, mark):
    """A variable gets a new value: the locks named through it are other locks now.

    Held ones stay held, marked (so taking "the same" lock again is taking
    another instance); released ones are forgotten.
    """
    held, released_now = renaming(name, mark, state.held, state.released)
    if held is state.held and released_now is state.released:
        return state
    return state.changed(held=held, released=released_now)


def kept_under_other_name(state, name):
    """``name`` is about to be assigned: the locks held through it that the path
    knows another name for (old_parent is dentry->d_parent) are held under that
    name now, not lost with the old value."""
    if not state.facts or not state.held:
        return state
    others = [pair[1] if pair[0] == name else pair[0] for pair in sames(state.facts)
              if name in pair]
    if not others:
        return state
    other = others[0]
    moved = frozenset(lock._replace(instance=other + lock.instance[len(name):])
                      if lock.mark is Mark.NONE and rooted_at(lock.instance, name)
                      else lock for lock in state.held)
    return state if moved == state.held else state.changed(held=moved)


@lru_cache(maxsize=1024)
def indexing(name):
    """A pattern finding ``name`` as an index or an offset in a lock's path."""
    return re.compile(rf"[\[+*/-]\s*{re.escape(name)}\b")


@lru_cache(maxsize=4096)
def renaming(name, mark, held, released_before):
    def rooted(instance):
        # reached through the variable, or an element it indexes (locks[i], base + i)
        return instance == name or instance.startswith((name + "->", name + ".")) or \
            (name in instance and indexing(name).search(instance) is not None)
    # a marked lock already names another object than the variable's
    if not any(h.mark is Mark.NONE and rooted(h.instance) for h in held) and \
            not any(rooted(i) for i in released_before):
        return held, released_before
    # one mark, not one per time round a loop: states stay finite
    return (frozenset(h._replace(mark=mark) if h.mark is Mark.NONE and rooted(h.instance)
                      else h for h in held),
            frozenset(i for i in released_before if not rooted(i)))


def may_drop_unseen(state, roots, may_be_dropped):
    """A function not in view is called and handed objects rooted at ``roots``: it
    may lock them again (what the path released through them is handed: not
    known unlocked now, though still dropped for the caller) and may drop the
    locks ``may_be_dropped`` accepts and the caller's locks of those objects
    (they become uncertain)."""
    handed = state.handed
    if state.released and any(root_of(i) in roots for i in state.released):
        handed = handed | {i for i in state.released if root_of(i) in roots}
    held = state.held

    def dropped(lock):
        # the caller's lock, handed on with its object: the callee may release it
        return may_be_dropped(lock) or lock.origin is Origin.ENTRY and not lock.uncertain \
            and root_of(lock.instance) in roots
    if held and any(map(dropped, held)):
        held = frozenset(h._replace(uncertain=True) if dropped(h) else h for h in held)
    if handed == state.handed and held is state.held:
        return state
    return state.changed(handed=handed, held=held)


def forgotten(state, mentioning):
    """What the path knew that ``mentioning`` accepts (the facts naming a
    variable), forgotten."""
    kept = frozenset(fact for fact in state.facts if not mentioning(fact))
    return state if len(kept) == len(state.facts) else state.changed(facts=kept)


def forgotten_through(state, pointers, mentioning):
    """What the path knew of ``*p``, for the ``pointers`` p, forgotten: a
    function given the pointer may have set it.  ``mentioning(name)`` tests
    whether a fact names ``name``."""
    tests = [mentioning("*" + pointer) for pointer in pointers]
    return forgotten(state, lambda fact: any(test(fact) for test in tests))


def may_be_released(state, lock):
    """A callee in view may have dropped ``lock``: the held locks the path names
    by it become uncertain, or where it holds none by that name, those of its
    class it holds by other names, which may be the same object
    (dentry->d_inode->i_lock and inode->i_lock)."""
    names = variants(lock.instance, sames(state.facts)) if state.facts else (lock.instance,)
    matching = frozenset(h for h in state.held if h.instance in names and h.mark is Mark.NONE)
    if not matching:
        matching = frozenset(h for h in state.held if lock.lock_class and h.mark is Mark.NONE
                             and h.lock_class == lock.lock_class)
    matching = frozenset(h for h in matching if not h.uncertain)
    if not matching:
        return state
    return state.changed(held=state.held - matching
                         | {h._replace(uncertain=True) for h in matching})


def widened(state, kept):
    """The state with only the facts ``kept`` keeps (see Transfer.kept_by_widening)."""
    return state.changed(facts=kept)


def fact_known(key, state):
    """Whether the path knows the condition ``key`` true, false, or neither (None)."""
    if (key, True) in state.facts:
        return True
    if (key, False) in state.facts:
        return False
    return None


def known_value(state, name):
    """The constant a variable was last assigned on this path, if any."""
    prefix = name + " == "
    values = {key[len(prefix):] for key, truth in state.facts
              if truth and key.startswith(prefix)}
    # two "known" values mean the path is not precise about it: unknown
    return values.pop() if len(values) == 1 else None
