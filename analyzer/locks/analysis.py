"""The lock analysis of one function: its pieces put together.

identity (which lock an expression names) -> state (what a path knows) ->
transfer and conditions (what nodes and edges do to a state, recording facts)
-> fixpoint (until no node gets a new state).  The entry state holds what the
function's callers hold: contracts, annotations, and locks the code releases
without taking.
"""

from functools import lru_cache

from pycparser import c_ast

from analyzer.extract.fragments import UNSEEN
from analyzer.locks import state as states
from analyzer.locks.cfg import build_cfg, retried
from analyzer.locks.conditions import Conditions, trylock_calls
from analyzer.locks.facts import FunctionFacts, Held, Origin
from analyzer.locks.fixpoint import Widening, solve
from analyzer.locks.identity import LockNames, parameter_names, root_of
from analyzer.locks.joins import record_joins
from analyzer.locks.recording import Recorder, given_up
from analyzer.locks.transfer import Transfer
from analyzer.locks.vocabulary import Kind, Mode, Op


def analyze_function(item, side, rules, summaries, out_parameters, trace=None):
    """The FunctionFacts of one image ("old" or "new") of a touched function;
    ``out_parameters`` maps each function in view to the positions of its
    out-parameters."""
    function = getattr(item, side)
    end_in_view = item.header_in_view and item.end_in_view.get(side, True)
    entry = ()
    for _ in range(2):
        # a second run when the first saw locks released but never taken: those
        # were held on entry, and are held at everything before their release
        facts, local_names = run(function, item.path, rules, summaries, out_parameters,
                                 item.header_in_view, end_in_view, entry, trace)
        if entry or not facts.analyzed:
            break
        # not one a path released holding it (unlock(&root->lock) where root == b)
        taken = {acquire.lock.instance for acquire in facts.acquires} | {
            release.instance for release in facts.releases if release.was_held}
        found = tuple(sorted({(release.instance, release.line) for release in facts.releases
                              if not release.was_held and not release.double
                              and release.instance not in taken
                              and root_of(release.instance) not in local_names}))
        found = tuple({instance: (instance, line) for instance, line in found}.values())
        if not found:
            break
        entry = found
    facts.name = item.name
    facts.locals = frozenset(local_names)
    return facts


def run(function, path, rules, summaries, out_parameters, whole, end_in_view, entry, trace):
    """(FunctionFacts, the names declared in the body) of one run of the dataflow."""
    parameters = parameter_names(function.ast)
    facts = FunctionFacts(function.name, path, whole, tuple(parameters), function.annotations)
    try:
        names = LockNames(function, parameters, rules, path)
        recorder = Recorder(facts, names.class_of)
        cfg = build_cfg(function.ast.body, rules.noreturn)
        widening = Widening(names.flags)
        transfer = Transfer(function, names, rules, summaries, out_parameters, recorder,
                            widening, trylocks_retried(cfg, rules), end_in_view)
        conditions = Conditions(transfer)
        reason, reached = solve(cfg, entry_state(function, names, rules, entry), transfer,
                                conditions, widening, trace)
        # a widened state may have forgotten the fact that told two paths apart, and
        # code out of view (before a fragment, in a gap between hunks) may take the lock
        if reason is None and not widening.used and whole and UNSEEN not in function.text:
            record_joins(facts, cfg, reached, names.locals)
    except RecursionError:
        # a pathological expression nesting: this function only is not analyzed
        return given_up(facts, "expression nested too deeply"), set()
    if reason is not None:
        return given_up(facts, reason), names.locals
    return facts.in_order(), names.locals


def entry_state(function, names, rules, entry):
    """What the function's callers hold: its contract, its annotations, and the
    locks ``entry`` (instance, line) that a first run saw released and never taken."""
    held = set()
    # a contract holds on entry to the named function, whether its header is in view or not
    for required in rules.contracts.get(function.name, []):
        held.add(Held(f"<{required.group} held by the caller>", required.group,
                      required.mode or Mode.EXCLUSIVE, Kind.BLOCKING, Origin.ENTRY,
                      function.line, 1, "contract"))
    for annotation in function.annotations:
        if annotation.kind in ("must_hold", "releases"):
            path = names.normalise(annotation.path)
            held.add(Held(path, names.class_of(path), Mode.EXCLUSIVE, Kind.BLOCKING, Origin.ENTRY,
                          annotation.line, 1, f"__{annotation.kind}({annotation.argument})"))
    for instance, line in entry:
        held.add(Held(instance, names.class_of(instance), Mode.EXCLUSIVE, Kind.BLOCKING,
                      Origin.ENTRY, function.line, 1, f"held on entry (released at line {line})"))
    return states.initial(held)


def trylocks_retried(cfg, rules):
    """Coordinates of the trylocks whose failure path backs off and tries again."""
    found = set()

    @lru_cache(maxsize=None)
    def releases(node):
        return any(event == "eval" and calls_release(item, rules)
                   for event, item in node.events)

    for node in cfg.nodes:
        for target, condition, truth in node.edges:
            for call, success in trylock_calls(condition, truth, rules):
                if not success and retried(node, [target], releases):
                    found.add((call.coord.line, call.coord.column))
    return found


def calls_release(node, rules):
    """Whether an expression calls a release primitive."""
    if isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID):
        primitive = rules.primitives.get(node.name.name)
        if primitive is not None and primitive.op is Op.RELEASE:
            return True
    return any(calls_release(child, rules) for child in node)
