"""Stage 4: lockset analysis, from the ASTs of the touched functions to facts.

cfg (control flow) -> analysis (one function: identity, state, transfer,
conditions, fixpoint; facts) -> summaries of the functions in view, applied at
their call sites in a second round.
"""

from analyzer.locks.analysis import analyze_function
from analyzer.locks.facts import FunctionFacts
from analyzer.locks.identity import word_ends
from analyzer.locks.rules import identifiers
from analyzer.locks.summaries import summarise


def analyze_image(touched, side, rules, trace=None):
    """FunctionFacts of every parsed function in one image ("old" or "new") of a patch.
    ``trace`` names a function whose states at each CFG node are printed."""
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

    def analyzed(item, summaries):
        return analyze_function(item, side, rules, summaries,
                                tracer(item, side) if trace and item.name == trace else None)
    results = [analyzed(item, {}) if acts
               else FunctionFacts(item.name, item.path, item.header_in_view)
               for item, acts in zip(functions, acted_on)]
    summaries = {facts.name: summarise(facts) for facts in results
                 if facts.name and facts.whole and facts.analyzed}
    summaries = {name: summary for name, summary in summaries.items() if summary.acts()}
    if not summaries:
        return results
    # a second round for the callers of functions that take or drop their
    # parameters' locks
    return [analyzed(item, summaries)
            if acts and calls_one_of(getattr(item, side).text, summaries) else facts
            for item, facts, acts in zip(functions, results, acted_on)]


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
