"""LOCK004 lock-order."""

from analyzer.checks.finding import Finding
from analyzer.locks.facts import TRYLOCKS
from analyzer.locks.vocabulary import Kind

ID = "LOCK004"
NAME = "lock-order"
LEVEL = "warning"
SHORT = "A lock is taken against the documented lock order, or against an order the code shows."
DOC = """\
## What it does

Compares each acquisition with the locks already held: against the documented
order ("Lock ordering in mm" at the top of mm/rmap.c, both the 2.6.3x list
and today's), and against the order the analyzed code itself takes locks in.

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
inner lock before taking the outer one. A cycle with both edges in the code
in view is an error; an inversion of the documented order is a warning.
"""


def check(image, rules):
    findings = []
    found = orderings(image, rules)
    edges = {}      # (outer group, inner group) -> the first acquisition showing it
    for facts, lock, held, outer, inner in found:
        edges.setdefault((outer, inner), (facts, lock, held))
    for facts, lock, held, outer, inner in found:
        if (inner, outer) in edges:
            continue    # both orders in view: the cycle below says more
        # the list of the locks' own era first, so the message cites it
        orders = sorted(rules.orders, key=lambda order: not order[2] & {
            lock.lock_class, held.lock_class})
        for name, chain, _ in orders:
            if outer in chain and inner in chain and chain.index(inner) < chain.index(outer):
                findings.append(inversion(facts, lock, held, inner, outer, name))
                break
    before = {(o, i) for *_, o, i in orderings(image.previous, rules)} if image.previous else set()
    for (outer, inner), (facts, lock, held) in sorted(edges.items()):
        if (inner, outer) not in edges or not reported_edge((outer, inner), before):
            continue
        other_facts, other_lock, _ = edges[(inner, outer)]
        message = (f"{lock.call} takes {inner} while [{held.call}](1) holds {outer}, and "
                   f"{other_facts.name or 'another function'} takes them the other way "
                   f"round at [line {other_lock.line}](2): a cycle, two CPUs deadlock.")
        findings.append(Finding(ID, "error", facts.path, facts.name, lock.line, lock.column,
                                message, f"{outer}>{inner}", lock.call,
                                [(held.line, held.column, held.call),
                                 (other_lock.line, other_lock.column, other_lock.call)]))
    return findings


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
                if not (lock.lock_class and held.lock_class) or held.key == lock.key:
                    continue
                outer, inner = rules.group(held.lock_class), rules.group(lock.lock_class)
                if outer != inner:
                    found.append((facts, lock, held, outer, inner))
    return found


def reported_edge(edge, before):
    """Which of a cycle's two edges carries the finding: the one the patch added,
    or (both old, or no pre-image) the one whose outer lock sorts first."""
    reverse = (edge[1], edge[0])
    if (edge in before) != (reverse in before):
        return edge not in before
    return edge < reverse


def inversion(facts, lock, held, inner, outer, order):
    message = (f"{lock.call} takes {inner} while [{held.call}](1) from line {held.line} holds "
               f"{outer}, but {order} puts {inner} before {outer}.")
    return Finding(ID, "warning", facts.path, facts.name, lock.line, lock.column, message,
                   f"{outer}>{inner}", lock.call, [(held.line, held.column, held.call)])
