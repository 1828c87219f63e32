"""LOCK004 lock-order."""

from analyzer.checks.finding import Finding
from analyzer.locks.facts import TRYLOCKS
from analyzer.locks.vocabulary import Kind, Mode

ID = "LOCK004"
NAME = "lock-order"
LEVEL = "warning"
SHORT = "A lock is taken against the documented lock order, or against an order the code shows."
DOC = """\
## What it does

Compares each acquisition with the locks already held: against the documented
order ("Lock ordering in mm" at the top of mm/rmap.c, both the 2.6.3x list
and today's), and against the order the analyzed code itself takes locks in.
The orders the code shows are searched for cycles of any length (A then B,
B then C, C then A): each cycle is reported once, with every edge and the
place that makes it, as lockdep reports a possible circular locking
dependency. A cycle that passes a lock taken as an rwlock_t reader
(`read_lock()`) on one edge and held shared on the next waits for nobody there
(readers do not stop readers) and is not reported, as lockdep's recursive-read
rule has it; an rw_semaphore's readers do wait, for a writer queued before them.

In tree mode (`check --tree`, `lockscan git`) the tree's index adds the order
the rest of the tree takes locks in (analyzer/index): an acquisition that
closes a cycle with it is an error, which names the tree's counter-example
(file, line, function) for every edge the tree adds; and the orders the tree's
comments state ("Lock ordering:", "Ordering:" blocks) count as documented.

## Why it matters

If one path takes A then B and another takes B then A, two CPUs can each hold
one and wait for the other forever. The documented list is the contract every
path must keep.

## Example

```c
anon_vma_lock_write(vma->anon_vma);
i_mmap_lock_write(mapping);     /* LOCK004: i_mmap_rwsem comes before anon_vma->rwsem */
```

## How to fix

Take the locks in the documented order (the outer one first), or drop the
inner lock before taking the outer one. A cycle with all its edges in the
code in view is an error, reported at the edge the patch adds or else at the
one that breaks the documented order; an inversion of the documented order is
a warning.
"""


# Cycles longer than this are not searched for (lockdep's chains are rarely
# longer), and no more than CYCLES are reported for one image.
LONGEST_CYCLE = 6
CYCLES = 100


def check(image, rules):
    findings = []
    found = orderings(image, rules)
    edges = {}      # (outer node, inner node) -> the first acquisition showing it
    ways = {}       # (outer node, inner node) -> {reader_way(...): the first acquisition}
    for facts, lock, held, outer, inner in found:
        edge = graph_edge(held, lock, outer, inner)
        edges.setdefault(edge, (facts, lock, held))
        ways.setdefault(edge, {}).setdefault(reader_way(lock, held), (facts, lock, held))
    before = {graph_edge(held, lock, outer, inner)
              for _, lock, held, outer, inner in orderings(image.previous, rules)} \
        if image.previous else set()
    in_cycles = set()
    for cycle in cycles(edges):
        examples = deadlocking(cycle, ways)
        if examples is None:
            continue    # readers of an rwlock_t close it: nobody waits all the way round
        edge = carrier(cycle, before, examples, rules)
        findings.append(cycle_finding(cycle, edge, examples))
        in_cycles.update(cycle)
    for edge, tree_path in tree_cycles(edges, image, rules):
        findings.append(tree_cycle_finding(edge, edges[edge], tree_path))
        in_cycles.add(edge)
    for facts, lock, held, outer, inner in found:
        if graph_edge(held, lock, outer, inner) in in_cycles:
            continue    # the cycle's finding names this edge, and says more
        documented = documented_inversion(outer, inner, lock, held, rules)
        if documented is not None:
            findings.append(inversion(facts, lock, held, inner, outer, documented))
    return findings


def graph_edge(held, lock, outer, inner):
    """The edge of the order graph an acquisition makes: between the two locks'
    groups, where a lock taken with a lockdep subclass (*_nested) is a node of
    its own, as lockdep keeps a subclass apart (kmemleak takes an object's lock,
    then kmemleak_lock, then another object's with SINGLE_DEPTH_NESTING)."""
    return (subclass_node(outer, held), subclass_node(inner, lock))


def subclass_node(group, lock):
    return f"{group} (subclass)" if lock.kind is Kind.NESTED else group


def documented_inversion(outer, inner, lock, held, rules):
    """The name of the documented order that puts ``inner`` before ``outer``, or None."""
    # the list of the locks' own era first, so the message cites it
    orders = sorted(rules.orders, key=lambda order: not order[2] & {
        lock.lock_class, held.lock_class})
    for name, chain, _ in orders:
        if outer in chain and inner in chain and chain.index(inner) < chain.index(outer):
            return name
    return None


def cycles(edges):
    """The elementary cycles of the order graph, each once: a list of its edges,
    from the edge leaving its least group."""
    following = {}
    for outer, inner in sorted(edges):
        following.setdefault(outer, []).append(inner)
    found = []
    for start in sorted(following):
        # depth first through groups after ``start`` only: each cycle is found
        # from its least group, once
        stack = [(start, [start])]
        while stack and len(found) < CYCLES:
            group, path = stack.pop()
            for inner in reversed(following.get(group, [])):
                if inner == start:
                    found.append(list(zip(path, path[1:] + [start])))
                elif inner > start and inner not in path and len(path) < LONGEST_CYCLE:
                    stack.append((inner, path + [inner]))
    return sorted(found, key=lambda cycle: (len(cycle), cycle))


def reader_way(lock, held):
    """How an edge involves readers, as lockdep tells its dependencies apart: is
    the outer lock held shared, and is the inner one taken as a reader that may
    nest in readers (rwlock_t's read_lock)?"""
    return held.mode is Mode.SHARED, lock.kind is Kind.READ_RECURSIVE


def deadlocking(cycle, ways):
    """One acquisition for each edge of ``cycle`` such that the cycle deadlocks,
    or None.  As lockdep's strong dependency paths: a cycle through a lock that
    one edge takes as an rwlock_t reader and the next holds shared waits for
    nobody there (readers do not stop readers), so it deadlocks only by edges
    that make no such step at any of its locks."""
    choices = [[]]
    for edge in cycle:
        choices = [chosen + [way] for chosen in choices for way in sorted(ways[edge])]
    for chosen in choices:
        # edge i takes the lock that edge i + 1 holds
        if not any(chosen[i][1] and chosen[(i + 1) % len(cycle)][0]
                   for i in range(len(cycle))):
            return {edge: ways[edge][way] for edge, way in zip(cycle, chosen)}
    return None


def carrier(cycle, before, edges, rules):
    """Which edge of a cycle carries the finding: one the patch added, else one
    that breaks a documented order, else the one whose outer group sorts first."""
    candidates = [edge for edge in cycle if edge not in before] or cycle
    against = [edge for edge in candidates if breaks_documented(edges[edge], rules)]
    return min(against or candidates)


def breaks_documented(acquisition, rules):
    """Whether an edge's acquisition (facts, lock, held) inverts a documented order."""
    _, lock, held = acquisition
    return documented_inversion(rules.group(held.lock_class), rules.group(lock.lock_class),
                                lock, held, rules) is not None


def cycle_finding(cycle, edge, edges):
    facts, lock, held = edges[edge]
    outer, inner = edge
    if len(cycle) == 2:
        other_facts, other_lock, _ = edges[(inner, outer)]
        message = (f"{lock.call} takes {inner} while [{held.call}](1) holds {outer}, and "
                   f"{other_facts.name or 'another function'} takes them the other way "
                   f"round at [line {other_lock.line}](2): a cycle, two CPUs deadlock.")
        return Finding(ID, "error", facts.path, facts.name, lock.line, lock.column, message,
                       f"{outer}>{inner}", lock.call,
                       [(held.line, held.column, held.call),
                        (other_lock.line, other_lock.column, other_lock.call)])
    # lockdep's "possible circular locking dependency": every edge, where it is made
    at = cycle.index(edge)
    rest = cycle[at + 1:] + cycle[:at]
    chain = []
    for number, (other_outer, other_inner) in enumerate(rest, start=2):
        other_facts, other_lock, _ = edges[(other_outer, other_inner)]
        chain.append(f"{other_facts.name or 'another function'} takes {other_inner} under "
                     f"{other_outer} at [line {other_lock.line}]({number})")
    message = (f"{lock.call} takes {inner} while [{held.call}](1) holds {outer}, and "
               f"{'; '.join(chain)}: a cycle of {len(cycle)} locks, {len(cycle)} CPUs "
               f"deadlock.")
    related = [(held.line, held.column, held.call)]
    for other in rest:
        other_lock = edges[other][1]
        related.append((other_lock.line, other_lock.column, other_lock.call))
    return Finding(ID, "error", facts.path, facts.name, lock.line, lock.column, message,
                   ">".join([outer] + [inner for _, inner in [edge] + rest][:-1]), lock.call,
                   related)


def tree_cycles(edges, image, rules):
    """(edge, [(outer, inner, site), ...]) for each edge in view that the tree's
    order graph leads back from: a path from its inner group to its outer one,
    through sites outside the functions in view (the code the patch changes is
    no counter-example to itself)."""
    if not rules.tree_edges:
        return []
    in_view = {(facts.path, facts.name) for facts in image.functions}
    following = {}
    for (outer, inner), sites in sorted(rules.tree_edges.items()):
        outside = [site for site in sites if (site[0], site[2]) not in in_view]
        if outside:
            following.setdefault(outer, []).append((inner, outside[0]))
    found = []
    for outer, inner in sorted(edges):
        # breadth first: the shortest chain back is the one to show
        paths = [(inner, [])]
        seen = {inner}
        while paths:
            group, path = paths.pop(0)
            if group == outer:
                found.append(((outer, inner), path))
                break
            for following_group, site in following.get(group, ()):
                if following_group not in seen and len(path) < LONGEST_CYCLE:
                    seen.add(following_group)
                    paths.append((following_group, path + [(group, following_group, site)]))
    return found


def tree_cycle_finding(edge, example, tree_path):
    facts, lock, held = example
    outer, inner = edge
    chain = "; ".join(f"{site[2] or 'a function'}() takes {taken} under {holding} at "
                      f"{site[0]}:{site[1]} ({site[3]})" for holding, taken, site in tree_path)
    size = "a cycle, two CPUs deadlock" if len(tree_path) == 1 else \
        f"a cycle of {len(tree_path) + 1} locks, {len(tree_path) + 1} CPUs deadlock"
    message = (f"{lock.call} takes {inner} while [{held.call}](1) holds {outer}, and the tree "
               f"takes them the other way round: {chain}: {size}.")
    return Finding(ID, "error", facts.path, facts.name, lock.line, lock.column, message,
                   f"{outer}>{inner}", lock.call, [(held.line, held.column, held.call)])


def orderings(image, rules):
    """(facts, lock, held, outer group, inner group) for every blocking acquisition
    made while another lock of another group is held."""
    found = []
    for facts in image.functions:
        for acquire in facts.acquires:
            lock = acquire.lock
            if lock.origin in TRYLOCKS or lock.kind is Kind.SEQCOUNT:
                continue    # nobody waits on a trylock or a seqcount
            for held in acquire.held:
                if not (lock.lock_class and held.lock_class) or held.key == lock.key \
                        or held.kind is Kind.SEQCOUNT:
                    continue    # a seqcount's section holds up nobody: it is retried
                outer, inner = rules.group(held.lock_class), rules.group(lock.lock_class)
                if outer != inner:
                    found.append((facts, lock, held, outer, inner))
    return found


def inversion(facts, lock, held, inner, outer, order):
    message = (f"{lock.call} takes {inner} while [{held.call}](1) from line {held.line} holds "
               f"{outer}, but {order} puts {inner} before {outer}.")
    return Finding(ID, "warning", facts.path, facts.name, lock.line, lock.column, message,
                   f"{outer}>{inner}", lock.call, [(held.line, held.column, held.call)])
