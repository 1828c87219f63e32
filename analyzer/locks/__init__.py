"""Stage 4: lockset analysis, from the ASTs of the touched functions to facts.

cfg (control flow) -> analysis (one function: identity, state, transfer,
conditions, fixpoint; facts) -> summaries of the functions in view, applied at
their call sites in further rounds, until they no longer change.
"""

from analyzer.locks.analysis import analyze_function
from analyzer.locks.facts import FunctionFacts
from analyzer.locks.identity import out_parameters, root_of, word_ends
from analyzer.locks.rules import identifiers
from analyzer.locks.summaries import annotated, summarise, with_annotations

# Rounds of analysis with the summaries of the round before: helpers of helpers
# this deep are applied at their callers.
ROUNDS = 3


def analyze_image(touched, side, rules, trace=None):
    """FunctionFacts of every parsed function in one image ("old" or "new") of a patch.
    ``trace`` names a function whose states at each CFG node are printed."""
    return analyze_with_summaries(touched, side, rules, trace)[0]


def analyze_with_summaries(touched, side, rules, trace=None, every=False):
    """(FunctionFacts of every parsed function, name -> Summary of those in view
    that act on their callers' locks).  With ``every``, each function is
    analyzed, not only those that lock or call one that does (the tree index
    counts every access)."""
    functions = [item for item in touched if item.kind == "function"
                 and getattr(item, side) is not None and getattr(item, side).ast is not None]
    # functions that lock or touch guarded fields, and their callers in view: the
    # others have nothing in them the analysis would act on (no facts, no time spent)
    names = [identifiers(getattr(item, side).text) for item in functions]
    mentioning = [rules.mentions_locking(found) for found in names]
    declared = declared_summaries(rules, {item.name for item in functions})
    annotated_names = {item.name for item in functions
                       if item.name and getattr(item, side).annotations} | set(declared) \
        | set(rules.prototypes)
    locking = {item.name for item, mentions in zip(functions, mentioning)
               if item.name and mentions} | annotated_names
    acted_on = [every or mentions or item.name in annotated_names
                or not found.isdisjoint(locking)
                for item, found, mentions in zip(functions, names, mentioning)]

    outs = {item.name: out_parameters(getattr(item, side).ast, rules.typedefs)
            for item in functions if item.name}

    def analyzed(item, summaries):
        return analyze_function(item, side, rules, summaries, outs,
                                tracer(item, side) if trace and item.name == trace else None)
    results = [analyzed(item, declared) if acts
               else FunctionFacts(item.name, item.path, item.header_in_view)
               for item, acts in zip(functions, acted_on)]
    summaries = declared | summaries_of(functions, results, names, side, rules)
    changed = set(summaries)
    # further rounds for the callers of functions whose summaries the last round
    # found or changed: a helper's helper is known at its callers' calls
    for _ in range(ROUNDS):
        if not changed:
            break
        results = [analyzed(item, summaries)
                   if acts and calls_one_of(getattr(item, side).text, changed) else facts
                   for item, facts, acts in zip(functions, results, acted_on)]
        found = declared | summaries_of(functions, results, names, side, rules)
        changed = {name for name in set(found) | set(summaries)
                   if found.get(name) != summaries.get(name)}
        summaries = found
    return results, {name: summary for name, summary in summaries.items()
                     if name not in declared}


def declared_summaries(rules, defined):
    """name -> Summary of the functions whose definitions are not in view: what the
    annotations of their declarations state, else what the tree's index found of
    them (tree mode)."""
    found = {name: summary for name, summary in rules.tree_summaries.items()
             if name not in defined}
    for name, prototype in rules.prototypes.items():
        if name in defined:
            continue
        facts = FunctionFacts(name, None, False, prototype.parameters)
        words = {root_of(annotation.path)
                 for annotation in prototype.annotations}
        stated = annotated(facts, prototype, words, rules.not_locks)
        if stated is not None:
            # what the index found of the definition is more precise than a declaration
            found[name] = with_annotations(found.get(name), stated)
    return found


def summaries_of(functions, results, names, side, rules):
    """name -> Summary of the functions in view that act on their callers' locks."""
    summaries = {}
    in_view = frozenset().union(*names)
    for item, facts, words in zip(functions, results, names):
        if not (facts.name and facts.analyzed):
            continue
        found = summarise(facts, in_view) if facts.whole else None
        # what its annotations state the function does to its callers' locks
        stated = annotated(facts, getattr(item, side), words, rules.not_locks)
        if stated is not None:
            found = with_annotations(found, stated)
        if found is not None and found.acts():
            summaries[facts.name] = found
    return summaries


def tracer(item, side):
    from analyzer.locks.trace import StateTrace
    return StateTrace(item, side)


def calls_one_of(text, names):
    """Whether C text calls one of the functions ``names``."""
    return any(opens_call(text, end) for name in names for end in word_ends(text, name))


def opens_call(text, position):
    """Whether a call's parenthesis comes at ``position``, after any white space."""
    while position < len(text) and text[position].isspace():
        position += 1
    return text.startswith("(", position)
