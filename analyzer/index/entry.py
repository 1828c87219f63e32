"""One file's entry in the tree index: what its functions tell the rest of the tree.

An entry is plain JSON data, made from the file's text alone (so it is keyed
by that text, and a file is indexed again only when it changes):

    functions, parsed       how many functions the file defines, how many parsed
    skipped                 [[line, function, reason]]: functions not parsed or not analyzed
    summaries               {function: encoded Summary}: what it does to its callers' locks
    edges                   [[outer class, inner class, line, function, call]]: a lock
                            taken while another is held (through the calls in the file)
    calls                   [[callee, [held classes], line, function]]: calls made with
                            locks held, to functions the file does not define: through
                            their summaries, more edges (analyzer.index.knowledge)
    accesses                {"struct.field": [sites, {class: sites under it}]}
    orders                  [[line, [lock name, ...]]]: the orders its comments state
"""

from analyzer.cfront import ERROR_POSITION, parse_file
from analyzer.checks import Image
from analyzer.checks.lock004_lock_order import orderings
from analyzer.index.codec import encode_summary
from analyzer.index.stated import stated_orders
from analyzer.locks import analyze_with_summaries
from analyzer.locks.facts import TRYLOCKS, Origin
from analyzer.locks.vocabulary import Kind
from analyzer.scan import file_rules, whole_functions


def index_file(path, text, rules):
    """The entry of the file ``path`` (tree-relative) whose text is ``text``.
    ``rules`` are the rules with learning on (see learning_rules)."""
    parsed = parse_file(path, text)
    entry = {"functions": len(parsed.functions),
             "parsed": sum(1 for f in parsed.functions if f.ast is not None),
             "skipped": [[f.line, f.name, ERROR_POSITION.sub("", f.error).lstrip()]
                         for f in parsed.functions if f.ast is None],
             "orders": [[line, chain] for line, chain in stated_orders(text)]}
    rules = file_rules(rules, parsed)
    facts, summaries = analyze_with_summaries(whole_functions(parsed), "new", rules, every=True)
    lines = {f.name: f.line for f in parsed.functions}
    entry["skipped"] += [[lines.get(item.name, 0), item.name, f"not analyzed: {item.reason}"]
                         for item in facts if not item.analyzed]
    entry["summaries"] = {name: encode_summary(summary) for name, summary in summaries.items()}
    # an edge whose held lock was taken below the acquisition came round a loop or
    # a goto back (a retry after the locks were dropped, which the analysis may
    # not follow through a callee): no example a finding may cite
    entry["edges"] = sorted({(held.lock_class, lock.lock_class, lock.line, item.name, lock.call)
                             for item, lock, held, _, _ in orderings(Image(facts), rules)
                             if (held.line <= lock.line or held.origin is Origin.ENTRY)
                             and not {held.lock_class, lock.lock_class} & rules.not_locks})
    defined = set(lines)
    entry["calls"] = calls_holding(facts, defined, rules.not_locks)
    entry["accesses"] = access_counts(facts)
    return entry


def learning_rules(rules):
    """A copy of ``rules`` that counts the accesses of every struct member, in
    every file (the index learns; it reports nothing)."""
    rules = rules.with_own_types()
    rules.learning = True
    rules.all_files = True
    return rules


def calls_holding(facts, defined, not_locks):
    """[callee, held classes, line, function] of the calls made holding blocking
    locks, to functions not defined in the file: one per callee and classes."""
    found = {}
    for item in facts:
        for call in item.calls:
            if call.callee in defined:
                continue    # its summary was applied in the file already
            held = sorted({lock.lock_class for lock in call.held
                           if lock.lock_class and lock.lock_class not in not_locks
                           and lock.origin not in TRYLOCKS and lock.kind is not Kind.SEQCOUNT})
            if held:
                found.setdefault((call.callee, tuple(held)), (call.line, item.name))
    return [[callee, list(held), line, function]
            for (callee, held), (line, function) in sorted(found.items())]


def access_counts(facts):
    """{"struct.field": [sites, {class: sites}]}: each place a member is accessed
    (objects not yet published left out), and at how many of them each lock
    class is held on every path that reaches it."""
    held_at = {}    # (field, line, column, function) -> classes held on every path there
    for item in facts:
        for access in item.accesses:
            if access.fresh:
                continue
            classes = {lock.lock_class for lock in access.held if lock.lock_class}
            site = (access.field, access.line, access.column, item.name)
            held_at[site] = held_at[site] & classes if site in held_at else classes
    counts = {}
    for (field, *_), classes in held_at.items():
        total, under = counts.setdefault(field, [0, {}])
        counts[field][0] = total + 1
        for lock_class in classes:
            under[lock_class] = under.get(lock_class, 0) + 1
    return counts
