"""Where the paths meet that go on to release a lock held on some of them only
(sparse's "different lock contexts for basic block").

States are not merged where paths join (state.py): paths a test tells apart
stay apart, and a later test of the same condition or flag sends each its own
way.  So a release that one state reaches holding the lock and another reaches
without it (and without knowing it released it) is one no fact tells the
paths apart at.  Where they met is found walking back from the release over
the nodes that states of both kinds reach, to the first one a predecessor
reaches with states of one kind only.

A state is without the lock when it holds nothing by that name (not a lock held
on entry, nor one reached through a pointer moved since) nor by another name of
its class (the analysis lost which object a pointer names, not the lock), and it
neither released the lock (a second unlock, reported as one) nor knows the
lock's object is NULL (a helper that unlocks it does nothing then).  A lock
the function releases somewhere before the line it takes it is its caller's
(dropped and taken again): the paths without it hold the caller's.
"""

from collections import deque

from pycparser import c_ast

from analyzer.locks.facts import Join, Origin
from analyzer.locks.identity import chained_variants, root_of
from analyzer.locks.state import fact_known, held_as, sames


def record_joins(facts, cfg, reached, local_names):
    """Add to ``facts`` a Join for each release some states reach holding its lock
    and others without it; ``reached`` holds the states of each node of ``cfg``
    (by index), as the fixpoint left them; ``local_names`` are the body's."""
    held_at = {(r.instance, r.line, r.column) for r in facts.releases if r.was_held}
    # not a lock pointer a local holds: a call not in view may have filled it in
    # locked (ptl = pmd_trans_huge_lock(pmd, vma))
    unheld = [r for r in facts.releases if not r.was_held and not r.double
              and (r.instance, r.line, r.column) in held_at and r.instance not in local_names]
    if not unheld:
        return
    predecessors = [[] for _ in cfg.nodes]
    for node in cfg.nodes:
        for target, _, _ in node.edges:
            predecessors[target.index].append(node)
    for release in unheld:
        node = node_calling(cfg, release.line, release.column)

        def mixed(at):
            return {HELD, WITHOUT} <= {kind_of(state, release) for state in reached[at.index]}
        if node is None or not mixed(node):
            continue
        meeting = meeting_node(node, predecessors, reached, mixed)
        line = first_line(meeting) if meeting is not None else None
        if line is None:
            continue
        lock = min((h for state in reached[node.index]
                    for h in held_as(state, release.instance) if h.origin is not Origin.ENTRY),
                   key=lambda h: (h.line, h.column), default=None)
        # a lock the function drops before it takes it (round a loop, or to wait)
        # is its caller's: the paths without it hold it from the caller
        if lock is not None and not any(
                r.instance == release.instance and not r.was_held and r.line < lock.line
                for r in facts.releases):
            facts.joins.add(Join(lock, line[0], line[1], release))


HELD, WITHOUT = "held", "without"


def kind_of(state, release):
    """HELD, WITHOUT (see above), or None for a state that is neither, at ``release``."""
    instance = release.instance
    # by every name the path knows for it (old is to->parent: old->lock is to->parent->lock)
    names = chained_variants(instance, sames(state.facts)) if state.facts else (instance,)
    if any(h.instance == instance for h in state.held):
        return HELD
    if not state.unlocked().isdisjoint(names) or fact_known(root_of(instance), state) is False \
            or release.lock_class and any(h.lock_class == release.lock_class
                                          for h in state.held):
        return None
    return WITHOUT


def meeting_node(release_node, predecessors, reached, mixed):
    """The node nearest before ``release_node`` where states holding the lock and
    states without it first meet (``mixed`` says where both are); None when none is."""
    seen = {release_node.index}
    work = deque([release_node])
    while work:
        node = work.popleft()
        before = [p for p in predecessors[node.index] if reached[p.index]]
        if any(not mixed(p) for p in before):
            return node
        for previous in before:
            if previous.index not in seen:
                seen.add(previous.index)
                work.append(previous)
    return None


def node_calling(cfg, line, column):
    """The node whose events hold the call at (line, column)."""
    for node in cfg.nodes:
        for _, item in node.events:
            if calls_at(item, line, column):
                return node
    return None


def calls_at(tree, line, column):
    stack = [tree]
    while stack:
        current = stack.pop()
        if isinstance(current, c_ast.FuncCall) and current.coord is not None \
                and (current.coord.line, current.coord.column) == (line, column):
            return True
        stack.extend(child for _, child in current.children())
    return False


def first_line(node):
    """(line, column) of the first code at ``node``, or after it where it holds
    none and control goes on one way only."""
    seen = set()
    while node.index not in seen:
        seen.add(node.index)
        for event, item in node.events:
            if event != "end" and item.coord is not None:
                return item.coord.line, item.coord.column
        if len(node.edges) != 1:
            return None
        node = node.edges[0][0]
    return None
