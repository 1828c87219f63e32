"""The fixpoint: states pushed through the CFG until no node gets a new one.

A node keeps the set of distinct states that reach it (the join is the union
of sets).  Beyond STATES_PER_NODE states at a node, a new state is widened:
it forgets the conditions locking does not need.  Loops end because states
are finite; a function that needs more than BUDGET node visits, or more than
HARD_STATES_PER_NODE states at a node, is given up (reported as not analyzed).
"""

from collections import deque
from functools import lru_cache

from analyzer.locks import state as states
from analyzer.locks.facts import Mark
from analyzer.locks.identity import root_of
from analyzer.locks.transfer import mentions

BUDGET = 200_000            # node visits per function
STATES_PER_NODE = 48        # beyond this, states forget conditions locking does not need
HARD_STATES_PER_NODE = 256  # beyond this, the function is not analyzed


def solve(cfg, entry_state, transfer, conditions, widening, trace=None):
    """Run the dataflow from ``entry_state`` at the CFG's entry; the transfer
    functions record the facts.  Returns (None, or why the function was given up;
    the states each node got, by index).  ``trace(node, state)`` sees every state
    a node gets."""
    # what a node's steps and its edges' conditions do is worked out on the
    # node's first visit, each part when the visit comes to it: giving up on an
    # expression nested too deeply keeps the facts the visit found before it
    steps_of = [None] * len(cfg.nodes)
    edges_of = [None] * len(cfg.nodes)
    seen = [set() for _ in cfg.nodes]
    work = deque([(cfg.entry, entry_state)])
    visits = 0
    while work:
        node, state = work.popleft()
        known = seen[node.index]
        if state in known:
            continue
        if len(known) >= STATES_PER_NODE:
            state = widening.widened(state)
            if state in known:
                continue
            if len(known) >= HARD_STATES_PER_NODE:
                return "too many lock states", seen
        known.add(state)
        if trace is not None:
            trace(node, state)
        visits += 1
        if visits > BUDGET:
            return f"more than {BUDGET} steps", seen
        steps = steps_of[node.index]
        if steps is None:
            steps = steps_of[node.index] = transfer.node_steps(node)
        for step in steps:
            state = step(state)
        edges = edges_of[node.index]
        if edges is None:
            edges = edges_of[node.index] = [
                (target, None if condition is None else conditions.cases(condition, truth))
                for target, condition, truth in node.edges]
        for target, cases in edges:
            if cases is None:
                work.append((target, state))
            else:
                for following in cases(state):
                    work.append((target, following))
    return None, seen


class Widening:
    """What a widened state keeps: only the conditions known where a held lock
    was taken (the test guarding its unlock is usually the one that guarded its
    lock), those naming its pointer, and the values of the ``flags`` (locals
    only set to constants: ``if (!locked)`` after the unlock that cleared it)."""

    def __init__(self, flags=frozenset()):
        self.flags = flags
        self.used = False       # whether a state was widened: facts may have been forgotten
        self.conditions = {}    # lock instance -> conditions known where it was taken
        # what widening keeps depends on self.conditions: taken() clears these
        # when those grow
        self.keeps = {}         # held -> a test of whether widening keeps a fact
        self.widenings = {}     # (held, facts) -> the facts widening keeps

    def taken(self, instance, facts):
        """A lock is taken where the path knows ``facts``."""
        conditions = self.conditions.setdefault(instance, set())
        known = len(conditions)
        conditions.update(key for key, _ in facts)
        if len(conditions) != known:
            self.keeps.clear()
            self.widenings.clear()

    def widened(self, state):
        self.used = True
        facts = self.widenings.get((state.held, state.facts))
        if facts is None:
            facts = frozenset(filter(self.kept_by_widening(state.held), state.facts))
            self.widenings[state.held, state.facts] = facts
        return states.widened(state, facts)

    def kept_by_widening(self, held):
        """Whether widening keeps a fact (condition, truth), in states holding ``held``."""
        kept = self.keeps.get(held)
        if kept is None:
            keep = set()
            for lock in held:
                # a lock whose pointer has moved since is not the one those tests named
                if lock.mark is Mark.NONE:
                    keep |= self.conditions.get(lock.instance, set())
            roots = {root_of(lock.instance) for lock in held}

            @lru_cache(maxsize=None)
            def kept(fact):
                return fact[0] in keep or fact[0].split(" == ")[0] in self.flags \
                    or any(mentions(fact[0], root) for root in roots)
            self.keeps[held] = kept
        return kept
