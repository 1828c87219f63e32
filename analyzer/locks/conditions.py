"""The transfer functions of edges: what a tested condition teaches a path.

An edge of a branch carries (condition, truth).  The state after it is the
state before, knowing that; none when the path already knew the opposite (the
edge is impossible on that path); and a trylock tested there is held on its
success edge.  Like a node's steps, an edge's function of the state is worked
out once, on its first use.
"""

from functools import partial

from pycparser import c_ast

from analyzer.cfront.kernel_c import PURE_TEST_PREFIXES, PURE_TESTS
from analyzer.locks import state as states
from analyzer.locks.cfg import ternary_tested, unwrapped
from analyzer.locks.facts import TRYLOCKS, Mark, Origin
from analyzer.locks.identity import chained_variants, is_value, remembered, variants
from analyzer.locks.transfer import is_zero, value_text
from analyzer.locks.vocabulary import TRYING_OPS, held_where_true


class Conditions:
    """The edges of one function, over its Transfer (which takes the locks)."""

    def __init__(self, transfer):
        self.transfer = transfer
        self.names = transfer.names
        self.calls_in = {}      # id(condition node) -> whether it calls a function

    def has_call(self, node):
        return remembered(self.calls_in, node, contains_call)

    def cases(self, condition, truth):
        """The states on an edge, as a function of the state before it: one, none
        (impossible), or two when a compound condition with a trylock is false, which
        happens two ways (the trylock failed, or it succeeded and the other test was false)."""
        inner, inner_truth = condition, truth
        while isinstance(inner, c_ast.UnaryOp) and inner.op == "!":
            inner, inner_truth = inner.expr, not inner_truth
        if isinstance(inner, c_ast.BinaryOp) and self.has_call(inner) and (
                inner.op == "&&" and not inner_truth or inner.op == "||" and inner_truth):
            # a && b false: !a, or a && !b (|| the same with the values swapped)
            first = inner.op == "&&"
            return partial(two_ways, self.assumption(inner.left, not first),
                           self.assumption(inner.left, first),
                           self.assumption(inner.right, not first))
        return partial(one_way, self.assumption(condition, truth))

    def knowledge(self, condition):
        """Whether the path's facts decide ``condition`` (True, False or None), as a
        function of the state."""
        if isinstance(condition, c_ast.UnaryOp) and condition.op == "!":
            return partial(negated, self.knowledge(condition.expr))
        key = self.fact_key(condition)
        if isinstance(condition, c_ast.BinaryOp) and condition.op in ("&&", "||"):
            parts = partial(conjunction if condition.op == "&&" else disjunction,
                            self.knowledge(condition.left), self.knowledge(condition.right))
            # the same compound tested before: known whole, whatever its parts
            return partial(first_known, partial(states.fact_known, key), parts) if key else parts
        if isinstance(condition, c_ast.BinaryOp) and condition.op in ("==", "!=") \
                and is_value(condition.right) and key:
            # mode == M_FULL where the path last set mode = M_FREE: false
            return partial(first_known, partial(states.fact_known, key),
                           partial(value_compared, self.names.text(condition.left),
                                   value_text(condition.right), condition.op == "=="))
        return partial(states.fact_known, key) if key else nothing_known

    def assumption(self, condition, truth):
        """The state on the edge where ``condition`` is ``truth`` (None if impossible),
        as a function of the state before it."""
        while isinstance(condition, c_ast.UnaryOp) and condition.op == "!":
            condition, truth = condition.expr, not truth
        if unwrapped(condition) is not condition:
            # a hint inside a compound condition: inode && unlikely(!spin_trylock(l))
            return self.assumption(unwrapped(condition), truth)
        tested = ternary_tested(condition)
        if tested:
            # (spin_trylock(l) ? 1 : 0): the trylock's own result
            return self.assumption(tested[0], truth == tested[1])
        operator = condition.op if isinstance(condition, c_ast.BinaryOp) else None
        if operator == "!=" and not (is_zero(condition.left) or is_zero(condition.right)):
            # bud != HEADLESS is bud == HEADLESS false: one fact, whichever is written
            condition, truth, operator = c_ast.BinaryOp("==", condition.left, condition.right,
                                                        condition.coord), not truth, "=="
        if operator == "&&" and truth or operator == "||" and not truth:
            assume = partial(both, self.assumption(condition.left, truth),
                             self.assumption(condition.right, truth))
        elif operator == "<" and is_zero(condition.right) and (
                truth or isinstance(condition.left, c_ast.FuncCall)):
            # ret < 0: the error codes, the non-zero results of a lock that
            # returns 0 on success (not negative: it succeeded)
            assume = self.assumption(condition.left, truth)
        elif operator == "<" and is_zero(condition.right):
            # ret < 0 false: ret is 0 or more, which decides a lock's result held
            # in it (one that returns 0 on success), not whether ret is zero
            left = condition.left
            name = self.names.path_of(left) if isinstance(left, (c_ast.ID, c_ast.StructRef)) \
                else None
            assume = partial(self.assumed, condition, name, truth)
        elif operator in ("==", "!=") and (is_zero(condition.left) or is_zero(condition.right)):
            other = condition.right if is_zero(condition.left) else condition.left
            assume = self.assumption(other, truth if operator == "!=" else not truth)
        elif isinstance(condition, c_ast.Assignment) and condition.op == "=":
            assume = self.assumption(condition.lvalue, truth)
        elif isinstance(condition, c_ast.FuncCall) and isinstance(condition.name, c_ast.ID):
            lock = self.transfer.trylock_of(condition, truth)
            put = self.transfer.put_object(condition, truth)
            if lock is not None:
                assume = partial(self.transfer.acquire, lock)
            elif self.transfer.failed_trylock_of(condition, truth) is not None:
                assume = partial(self.transfer.trylock_failed,
                                 self.transfer.failed_trylock_of(condition, truth))
            elif put is not None:
                assume = partial(self.transfer.object_released, put)
            elif self.transfer.dropped_where(condition, truth):
                assume = partial(self.transfer.dropped,
                                 self.transfer.dropped_where(condition, truth))
            elif not self.has_call(condition):
                assume = partial(self.assumed, condition, None, truth)     # IS_ERR(mp)
            else:
                assume = unchanged
        else:
            name = self.names.path_of(condition) \
                if isinstance(condition, (c_ast.ID, c_ast.StructRef)) else None
            assume = partial(self.assumed, condition, name, truth)
        if operator in ("==", "!=") and self.is_pointer_path(condition.left) \
                and self.is_pointer_path(condition.right):
            # a != root false: the two name one object, and so do their locks
            one, other = (self.names.normalise(self.names.path_of(side))
                          for side in (condition.left, condition.right))
            if one != other and truth == (operator == "=="):
                assume = partial(equated, states.same_fact(one, other), assume)
        if operator in ("==", "!=") and is_value(condition.right):
            # known first: the constant the variable was last assigned
            assume = partial(compared, self.names.text(condition.left),
                             value_text(condition.right), truth == (operator == "=="), assume)
        if operator in ("&&", "||"):
            # known first: the path's facts decide it
            assume = partial(decided, self.knowledge(condition), truth, assume)
        return assume

    def is_pointer_path(self, node):
        """Whether a compared operand names an object by access path: a variable
        or a field, not a constant, an enumerator or a call's result."""
        return isinstance(node, (c_ast.ID, c_ast.StructRef)) and not is_value(node) \
            and not is_zero(node)

    def fact_key(self, condition):
        """The text the path's facts know a condition by; none ("") for a call's result."""
        return "" if self.has_call(condition) else self.names.text(condition)

    def assumed(self, condition, name, truth, state):
        """A tested variable (``name``) or expression: the trylock result it holds is
        decided, and the path knows it."""
        if name is not None and state.pending:
            for item in state.pending:
                variable, lock, when_zero, kept = item
                if variable == name:
                    state = state.changed(pending=state.pending - {item})
                    if truth != when_zero and kept:
                        state = states.acquired(state, lock)    # held all along
                    elif truth != when_zero:
                        state = self.transfer.acquire(lock, state)
                    elif lock.origin in TRYLOCKS:
                        state = self.transfer.trylock_failed(lock, state)
        # asked for here, where a state needs it, not where the step is made: a
        # condition too deep to print gives the analysis up only there (see the fixpoint)
        key = self.fact_key(condition)
        if not key:
            return state
        if (key, not truth) in state.facts:
            return None
        if (key, truth) not in state.facts:
            state = state.changed(facts=state.facts | {(key, truth)})
        if not truth and name is not None:
            # no lock is held through a NULL pointer (one assumed held on entry
            # is not, on this path), nor by a call that returned NULL
            not_held = frozenset(h for h in state.held if h.origin is Origin.ENTRY
                                 and h.instance.startswith(name + "->")
                                 or states.taken_with_fact(h.instance, name) in state.facts)
            if not_held:
                state = state.changed(held=state.held - not_held)
        return state


# The parts of a condition's function of the state (see Conditions.assumption).

def compared(name, value, equal, otherwise, state):
    holds = value_compared(name, value, equal, state)
    if holds is None:
        return otherwise(state)
    return state if holds else None


def value_compared(name, value, equal, state):
    """Whether ``name == value`` (``equal``) or ``!=`` holds, by the constant the
    path last assigned ``name``; None when it assigned none."""
    known = states.known_value(state, name)
    return None if known is None else (known == value) == equal


def equated(fact, otherwise, state):
    state = otherwise(state)
    if state is None or fact in state.facts:
        return state
    state = state.changed(facts=state.facts | {fact})
    # two locks the path took as two, one lock if the pointers are equal: a path
    # with them equal would have deadlocked taking the second, and is not taken
    same = states.sames(state.facts)
    for lock in state.held:
        if lock.mark is Mark.NONE and any(
                states.held_as(state, name) for name in chained_variants(lock.instance, same)[1:]):
            return None
    return state


def decided(known, truth, otherwise, state):
    value = known(state)
    if value is not None:
        return state if value == truth else None
    return otherwise(state)


def negated(known, state):
    value = known(state)
    return None if value is None else not value


def conjunction(left, right, state):
    left, right = left(state), right(state)
    return False if False in (left, right) else (True if left and right else None)


def disjunction(left, right, state):
    left, right = left(state), right(state)
    return True if True in (left, right) else (False if left is False and
                                               right is False else None)


def first_known(first, second, state):
    known = first(state)
    return second(state) if known is None else known


def nothing_known(state):
    return None


def one_way(assume, state):
    following = assume(state)
    return [] if following is None else [following]


def two_ways(left_alone, left_passes, right_then, state):
    # the left test deciding the edge alone, or passing it on to the right (see cases)
    found = []
    following = left_alone(state)
    if following is not None:
        found.append(following)
    passed = left_passes(state)
    if passed is not None:
        following = right_then(passed)
        if following is not None:
            found.append(following)
    return found


def both(first, second, state):
    state = first(state)
    return None if state is None else second(state)


def unchanged(state):
    return state


def contains_call(node):
    """Whether evaluating ``node`` calls a function (a pure test of names, IS_ERR(p),
    is no call: its result stays what it was while the names do)."""
    if isinstance(node, c_ast.FuncCall):
        if not (isinstance(node.name, c_ast.ID) and (node.name.name in PURE_TESTS or
                                                    node.name.name.startswith(PURE_TEST_PREFIXES))):
            return True
    return any(contains_call(child) for child in node)


def trylock_calls(condition, truth, rules):
    """(call, whether this edge is its success) for the trylocks a condition tests."""
    if condition is None:
        return []
    while isinstance(condition, c_ast.UnaryOp) and condition.op == "!":
        condition, truth = condition.expr, not truth
    if unwrapped(condition) is not condition:
        return trylock_calls(unwrapped(condition), truth, rules)
    tested = ternary_tested(condition)
    if tested:
        return trylock_calls(tested[0], truth == tested[1], rules)
    if isinstance(condition, c_ast.BinaryOp) and condition.op in ("&&", "||"):
        return (trylock_calls(condition.left, truth, rules)
                + trylock_calls(condition.right, truth, rules))
    if isinstance(condition, c_ast.FuncCall) and isinstance(condition.name, c_ast.ID):
        primitive = rules.primitives.get(condition.name.name)
        if primitive is not None and primitive.op in TRYING_OPS:
            return [(condition, truth == held_where_true(primitive.op))]
    return []
