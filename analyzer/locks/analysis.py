"""The lockset dataflow: from a function's CFG to its facts.

The abstract state of a path is the set of locks held (each with where it
was taken), trylock results not yet tested, the conditions known on the
path, the locks it released, and the objects it allocated and has not yet
published.  States are not merged at joins: each node keeps the set of
distinct states that reach it (bounded), which is what makes correlated
conditions (``if (x) lock; ... if (x) unlock;``) and flag variables
(``locked = 1; ... if (locked) unlock;``) come out balanced.  Loops end
because states are finite; a function that needs more than BUDGET steps is
reported as not analyzed.
"""

import re
from collections import deque
from functools import lru_cache, partial
from itertools import filterfalse
from typing import NamedTuple

from pycparser import c_ast, c_generator

from analyzer.cfront.kernel_c import is_iterator
from analyzer.locks.cfg import build_cfg, is_guard, retried
from analyzer.locks.facts import Access, Acquire, Call, Exit, FunctionFacts, Held, Release

# Marks on the instance of a held lock whose pointer changed: reassigned (which
# object it is now is unknown), or moved on by an iterator (the previous element).
REASSIGNED = "'"
PREVIOUS_ELEMENT = " (previous element)"
BUDGET = 200_000            # node visits per function
STATES_PER_NODE = 48        # beyond this, states forget conditions locking does not need
HARD_STATES_PER_NODE = 256  # beyond this, the function is not analyzed
FALSE_CONSTANTS = {"0", "false", "NULL", "0UL", "0L"}
GENERATOR = c_generator.CGenerator()


class State(NamedTuple):
    held: frozenset         # Held
    pending: frozenset      # (variable, Held, held when the variable is zero)
    facts: frozenset        # (condition text, truth)
    released: frozenset     # instances released on this path
    fresh: frozenset        # variables naming objects not yet published

    def changed(self, held=None, pending=None, facts=None, released=None, fresh=None):
        """The state with the parts given replaced: _replace without its generality
        (the dataflow makes a state at every step that changes one), and without
        the Python-level __new__ of a NamedTuple between it and the tuple."""
        return tuple.__new__(State, (self.held if held is None else held,
                                     self.pending if pending is None else pending,
                                     self.facts if facts is None else facts,
                                     self.released if released is None else released,
                                     self.fresh if fresh is None else fresh))


def code(node):
    """The expression as C text, spaces collapsed."""
    return " ".join(GENERATOR.visit(node).split())


PATH_STEP = re.compile(r"->|\.")


def lock_operand(node):
    """The expression under the & and the casts of a lock expression."""
    while True:
        if isinstance(node, c_ast.UnaryOp) and node.op == "&":
            node = node.expr
        elif isinstance(node, c_ast.Cast):
            node = node.expr
        else:
            return node


def as_path(text):
    """C text as an access path: spaces and parentheses dropped."""
    return text.replace(" ", "").replace("(", "").replace(")", "")


@lru_cache(maxsize=8192)
def split_path(path):
    """``vma->anon_vma->lock`` -> ("vma", ("anon_vma", "lock"))."""
    parts = PATH_STEP.split(path)
    return parts[0], tuple(parts[1:])


class FunctionAnalysis:
    """Runs the dataflow over one function and collects its facts.

    A node is visited once for every distinct state that reaches it, dozens of
    times in a long function, so what it does is worked out on the first visit
    as steps, functions of the state: texts, access paths and lock identities
    are not computed again for every state.
    """

    def __init__(self, function, path, rules, summaries, whole, end_in_view, entry=()):
        self.function = function
        self.rules = rules
        self.summaries = summaries
        self.entry = entry      # (instance, line) released in view without being taken
        self.end_in_view = end_in_view
        self.texts = {}         # id(AST node) -> its C text
        self.paths = {}         # id(AST node) -> its access path
        self.calls_in = {}      # id(condition node) -> whether it calls a function
        self.sites = {}         # id(call node) -> its CallSite
        self.parameters = parameter_names(function.ast)
        self.facts = FunctionFacts(function.name, path, whole, tuple(self.parameters),
                                   function.annotations)
        self.conditions = {}    # lock instance -> conditions known where it was taken
        self.orders = {}        # held set -> its locks in the order facts give them
        self.classes = {}       # released set -> the classes of its locks
        self.recorded = set()   # what the access, call and exit facts recorded were
                                # made of: states that differ elsewhere make one fact
        self.mentioned = {}     # name -> a test of whether a fact names it
        self.renamings = {}     # (name, mark, held, released) -> held and released renamed
        # what widening keeps depends on self.conditions: acquire clears these
        # when those grow
        self.keeps = {}         # held -> a test of whether widening keeps a fact
        self.widenings = {}     # (held, facts) -> the facts widening keeps

    def text(self, node):
        # ID nodes are not remembered: the analysis makes short-lived ones
        # (declarations read as assignments) whose id() a later node may reuse
        return node.name if isinstance(node, c_ast.ID) else remembered(self.texts, node, code)

    def has_call(self, node):
        return remembered(self.calls_in, node, contains_call)

    def path_of(self, node):
        """A lock expression as an access path: &vma->anon_vma->lock -> vma->anon_vma->lock."""
        return node.name if isinstance(node, c_ast.ID) else remembered(
            self.paths, node, lambda node: as_path(self.text(lock_operand(node))))

    def local_aliases(self, assignments):
        """Locals assigned exactly once from another access path: tmp = vma->anon_vma,
        ptl = &mm->page_table_lock."""
        aliases = {}
        for name, values in assignments.items():
            value = values[0] if len(values) == 1 else None
            if isinstance(value, c_ast.UnaryOp) and value.op == "&" and isinstance(
                    value.expr, c_ast.StructRef):
                value = value.expr      # ptl = &mm->page_table_lock names that lock
            if value is not None and name not in self.parameters and isinstance(
                    value, c_ast.StructRef):
                aliases[name] = self.path_of(value)
        return aliases

    # ---- lock identity ------------------------------------------------------

    def normalise(self, path):
        """Follow local aliases at the root: tmp->lock with tmp = vma->anon_vma."""
        for _ in range(4):
            root, fields = split_path(path)
            alias = self.aliases.get(root)
            if alias is None:
                break
            path = alias + path[len(root):]
        return path

    def struct_of(self, path):
        """The struct type an access path points to, or None."""
        root, fields = split_path(path)
        struct = self.types.get(root) or self.rules.names.get(root)
        for name in fields:
            struct = self.rules.field_type(struct, name) if struct else \
                self.rules.field_type("?", name)
            if struct is None:
                return None
        return struct

    def class_of(self, path, override=None):
        if override:
            return override
        root, fields = split_path(path)
        if not fields:
            return root if root not in self.types and root not in self.parameters else None
        struct = self.struct_of(root + "".join("->" + f for f in fields[:-1]))
        return f"{struct}.{fields[-1]}" if struct else None

    def held_lock(self, template, arguments, result, primitive, node, kind=None):
        """The Held a primitive's lock template names at this call, or None."""
        def argument(match):
            index = match.group(1)
            if index == "return":
                if result is None:
                    raise LookupError
                return result
            if int(index) >= len(arguments):
                raise LookupError
            return self.path_of(arguments[int(index)])
        try:
            path = re.sub(r"\{(\w+)\}", argument, template)
        except LookupError:
            return None
        path = self.normalise(path)
        outer = None
        if primitive.outer:
            try:
                outer = self.normalise(re.sub(r"\{(\w+)\}", argument, primitive.outer))
            except LookupError:
                outer = None
        coord = node.coord
        # a lock held past the function by design (vma_start_write) is "persistent"
        kind = kind or ("persistent" if primitive.hold else primitive.kind)
        return Held(path, self.class_of(path, primitive.lock_class), primitive.mode,
                    kind, coord.line, coord.column, self.text(node), outer,
                    self.class_of(outer) if outer else None)

    # ---- the dataflow -------------------------------------------------------

    def initial_state(self):
        held = set()
        # a contract holds on entry to the named function, whether its header is in view or not
        for group in self.rules.contracts.get(self.function.name, []):
            name, _, mode = group.partition(":")
            held.add(Held(f"<{name} held by the caller>", name, mode or "exclusive", "entry",
                          self.function.line, 1, "contract"))
        for annotation in self.function.annotations:
            if annotation.kind in ("must_hold", "releases"):
                path = self.normalise(annotation.argument.lstrip("&").replace(" ", ""))
                held.add(Held(path, self.class_of(path), "exclusive", "entry",
                              annotation.line, 1, f"__{annotation.kind}({annotation.argument})"))
        # a lock released in view and never taken in view was held on entry
        for instance, line in self.entry:
            held.add(Held(instance, self.class_of(instance), "exclusive", "entry",
                          self.function.line, 1, f"held on entry (released at line {line})"))
        return State(frozenset(held), frozenset(), frozenset(), frozenset(), frozenset())

    def run(self):
        # here, not in __init__: a walk over a function nested too deeply gives
        # the analysis up (see analyze_function) like the rest of the run
        names = Declarations(self.function.ast)
        self.types = names.types
        self.locals = names.locals
        self.aliases = self.local_aliases(names.assignments)
        cfg = build_cfg(self.function.ast.body)
        self.retrying = self.trylocks_retried(cfg)
        # what a node's steps and its edges' conditions do is worked out on the
        # node's first visit, each part when the visit comes to it: giving up on an
        # expression nested too deeply keeps the facts the visit found before it
        steps_of = [None] * len(cfg.nodes)
        edges_of = [None] * len(cfg.nodes)
        seen = [set() for _ in cfg.nodes]
        work = deque([(cfg.entry, self.initial_state())])
        visits = 0
        while work:
            node, state = work.popleft()
            states = seen[node.index]
            if state in states:
                continue
            if len(states) >= STATES_PER_NODE:
                state = self.widened(state)
                if state in states:
                    continue
                if len(states) >= HARD_STATES_PER_NODE:
                    return self.give_up("too many lock states")
            states.add(state)
            visits += 1
            if visits > BUDGET:
                return self.give_up(f"more than {BUDGET} steps")
            steps = steps_of[node.index]
            if steps is None:
                steps = steps_of[node.index] = self.node_steps(node)
            for step in steps:
                state = step(state)
            edges = edges_of[node.index]
            if edges is None:
                edges = edges_of[node.index] = [
                    (target, None if condition is None else self.cases(condition, truth))
                    for target, condition, truth in node.edges]
            for target, cases in edges:
                if cases is None:
                    work.append((target, state))
                else:
                    for following in cases(state):
                        work.append((target, following))
        return self.facts.in_order()

    def trylocks_retried(self, cfg):
        """Coordinates of the trylocks whose failure path backs off and tries again."""
        found = set()

        @lru_cache(maxsize=None)
        def releases(node):
            return any(event == "eval" and calls_release(item, self.rules)
                       for event, item in node.events)

        for node in cfg.nodes:
            for target, condition, truth in node.edges:
                for call, success in trylock_calls(condition, truth, self.rules):
                    if not success and retried(node, [target], releases):
                        found.add((call.coord.line, call.coord.column))
        return found

    def widened(self, state):
        """A state that forgets what locking does not need: only the conditions
        known where a held lock was taken stay (the test guarding its unlock is
        usually the one that guarded its lock), and those naming its pointer."""
        facts = self.widenings.get((state.held, state.facts))
        if facts is None:
            facts = frozenset(filter(self.kept_by_widening(state.held), state.facts))
            self.widenings[state.held, state.facts] = facts
        return state.changed(facts=facts)

    def kept_by_widening(self, held):
        """Whether widening keeps a fact (condition, truth), in states holding ``held``."""
        kept = self.keeps.get(held)
        if kept is None:
            keep = set()
            for lock in held:
                keep |= self.conditions.get(lock.instance, set())
            roots = {split_path(lock.instance)[0] for lock in held}

            @lru_cache(maxsize=None)
            def kept(fact):
                return fact[0] in keep or any(mentions(fact[0], root) for root in roots)
            self.keeps[held] = kept
        return kept

    def mentioning(self, name):
        """Whether a fact (condition, truth) names ``name``."""
        found = self.mentioned.get(name)
        if found is None:
            found = self.mentioned[name] = lru_cache(maxsize=None)(
                lambda fact: mentions(fact[0], name))
        return found

    def known_value(self, name, state):
        """The constant a variable was last assigned on this path, if any."""
        prefix = name + " == "
        values = {key[len(prefix):] for key, truth in state.facts
                  if truth and key.startswith(prefix)}
        # two "known" values mean the path is not precise about it: unknown
        return values.pop() if len(values) == 1 else None

    def give_up(self, reason):
        self.facts.analyzed = False
        self.facts.reason = reason
        return self.facts.in_order()

    def held_in_order(self, held):
        """The locks of a state's held set in the order they were taken, as facts hold them."""
        found = self.orders.get(held)
        if found is None:
            found = self.orders[held] = tuple(sorted(held, key=lambda h: (h.line, h.column,
                                                                            h.instance)))
        return found

    def released_classes(self, released):
        found = self.classes.get(released)
        if found is None:
            found = self.classes[released] = tuple(sorted(filter(None, (
                self.class_of(instance) for instance in released))))
        return found

    # ---- the steps of a node ------------------------------------------------
    # Each step is a function of the state that returns the state after it, and
    # records the facts it finds.

    def node_steps(self, node):
        """What control passing through ``node`` does, in order (cfg.py says the events)."""
        steps = []
        for event, item in node.events:
            if event == "eval":
                steps += self.effects(item)
            elif event == "return":
                steps += self.effects(item.expr)
                steps.append(partial(self.exit, item.coord.line, item.coord.column, item.expr,
                                     True))
            elif event == "end":
                steps.append(partial(self.exit, self.function.end_line, 1, None,
                                     self.end_in_view))
            elif event == "scoped_acquire":
                steps += self.guard_steps(item, acquire=True)
            elif event == "scoped_release":
                steps += self.guard_steps(item, acquire=False)
        return steps

    def exit(self, line, column, returned, real, state):
        text = self.text(returned) if returned is not None else None
        lock = self.trylock_of(returned, True)
        if lock is not None:
            # "return spin_trylock(&p->lock);": a trylock wrapper
            self.facts.returns_try[text] = lock
        value = None
        if returned is not None:
            if is_zero(returned):
                value = False
            elif isinstance(returned, c_ast.Constant):
                value = True
            else:
                value = fact_known(text, state)
        error = text is not None and (text.startswith("-") or (
            self.known_value(text, state) or "").startswith("-"))
        key = (line, column, state.held, text, real, state.released, value, error)
        if key not in self.recorded:
            self.recorded.add(key)
            self.facts.exits.add(Exit(line, column, self.held_in_order(state.held), text, real,
                                      state.released, value, error))
        return state

    def effects(self, node):
        """The steps of evaluating ``node`` for its effects.  What changes no state
        and records nothing (constants, names, fields no lock guards) has none."""
        if node is None:
            return ()
        kind = type(node).__name__
        if kind == "ID" or kind == "Constant":
            return ()
        if kind == "Assignment":
            reads = self.access_steps(node.lvalue, write=False) if node.op != "=" else ()
            return (self.effects(node.rvalue) + reads
                    + self.access_steps(node.lvalue, write=True)
                    + self.assignment_steps(node.lvalue, node.rvalue if node.op == "=" else None))
        if kind == "Decl":
            if node.init is not None and not isinstance(node.init, c_ast.InitList):
                return self.effects(node.init) + self.assignment_steps(c_ast.ID(node.name),
                                                                       node.init)
            return self.effects(node.init)
        if kind == "UnaryOp":
            if node.op == "sizeof":
                return ()
            if node.op == "&":
                return self.access_steps(node.expr, write=False, address=True)
            if node.op in ("++", "--", "p++", "p--"):
                return (self.access_steps(node.expr, write=False)
                        + self.access_steps(node.expr, write=True)
                        + self.assignment_steps(node.expr, None))
            return self.effects(node.expr)
        if kind == "StructRef" or kind == "ArrayRef":
            return self.access_steps(node, write=False)
        if kind == "FuncCall":
            return self.call_steps(node)
        if kind == "Typename":
            return ()
        steps = ()
        for child in node:
            steps += self.effects(child)
        return steps

    def access_steps(self, node, write, address=False):
        """The steps of an lvalue or a member access: a guarded field's is recorded."""
        if isinstance(node, c_ast.ArrayRef):
            return self.effects(node.subscript) + self.access_steps(node.name, write, address)
        if not isinstance(node, c_ast.StructRef):
            return self.effects(node)
        steps = self.effects(node.name)
        if address:
            return steps
        base = self.normalise(self.path_of(node.name))
        field = self.guarded_field(base, node.field.name)
        if field is None:
            return steps
        coord = node.coord
        access = (field, write, base, coord.line, coord.column, self.text(node),
                  split_path(base)[0])
        return steps + (partial(self.accessed, access),)

    def accessed(self, access, state):
        field, write, base, line, column, text, root = access
        fresh = root in state.fresh
        # states that differ in what an access does not show record it once
        key = (access, state.held, fresh, state.released)
        if key not in self.recorded:
            self.recorded.add(key)
            self.facts.accesses.add(Access(field, write, base, line, column, text,
                                           self.held_in_order(state.held), fresh,
                                           self.released_classes(state.released)))
        return state

    def guarded_field(self, base, name):
        struct = self.struct_of(base)
        if struct is not None:
            key = f"{struct}.{name}"
            return key if key in self.rules.guarded else None
        matches = [key for key in self.rules.guarded if key.endswith("." + name)]
        return matches[0] if len(matches) == 1 else None

    def assignment_steps(self, target, value):
        """The step of an assignment: what it teaches of flags, trylock results and
        fresh objects (the value's part of it is worked out here, once)."""
        if is_dereference(target) and is_dereference(value):
            # *new = *vma: a private copy until it is published
            return (partial(self.copied, target.expr.name),)
        if not isinstance(target, (c_ast.ID, c_ast.StructRef)):
            return ()
        name = self.path_of(target)
        known = set()           # what the path knows of name after it
        switch = None           # (lock, callee): an acquire_switch takes lock, drops callee's
        pending = set()         # trylock results name holds
        allocated = False
        if isinstance(value, c_ast.Constant) or (isinstance(value, c_ast.ID) and
                                                 value.name in ("true", "false", "NULL")):
            known = {(name, value_text(value) not in FALSE_CONSTANTS),
                     (f"{name} == {value_text(value)}", True)}
        elif isinstance(value, c_ast.ID) and ENUMERATOR.match(value.name):
            known = {(f"{name} == {value.name}", True)}
        elif isinstance(value, c_ast.UnaryOp) and value.op == "-" and is_value(value.expr):
            # err = -EBUSY: non-zero, and an error code
            known = {(name, True), (f"{name} == -{value_text(value.expr)}", True)}
        elif isinstance(value, c_ast.FuncCall) and isinstance(value.name, c_ast.ID):
            callee = value.name.name
            primitive = self.rules.primitives.get(callee)
            arguments = call_arguments(value)
            if primitive and primitive.op == "acquire_switch":
                lock = self.held_lock(primitive.lock, arguments, name, primitive, value)
                if lock is not None:
                    switch = (lock, callee)
            elif primitive and taken_where_tested(primitive):
                lock = self.held_lock(primitive.lock, arguments, name, primitive, value,
                                      "try" if primitive.op == "try" else None)
                if lock is not None:
                    pending.add((name, lock, primitive.op == "try_zero"))
            summary = self.summaries.get(callee)
            for suffix in summary.returns_locked if summary is not None else ():
                # held where the returned pointer is tested non-NULL
                path = name + suffix
                lock = Held(path, self.class_of(path), "exclusive", "blocking",
                            value.coord.line, value.coord.column, self.text(value))
                pending.add((name, lock, False))
            allocated = callee in self.rules.allocators
        return (partial(self.assigned, name, frozenset(known), switch, frozenset(pending),
                        allocated),)

    def copied(self, name, state):
        return state.changed(fresh=state.fresh | {name})

    def assigned(self, name, known, switch, pending_from_value, allocated, state):
        """An assignment to ``name``: what the path knew of it is forgotten, what
        the value says is known."""
        state = self.renamed(name, state)
        facts = state.facts
        mentioning = self.mentioning(name)
        if any(map(mentioning, facts)):
            facts = frozenset(filterfalse(mentioning, facts))
        pending = frozenset(item for item in state.pending if item[0] != name) \
            if state.pending else state.pending
        fresh = state.fresh - {name} if name in state.fresh else state.fresh
        if switch is not None:
            lock, callee = switch
            previous = frozenset(h for h in state.held if h.call.startswith(callee + "("))
            state = self.acquire(lock, state.changed(held=state.held - previous))
            facts |= {(name, True)}
        return state.changed(facts=facts | known if known else facts,
                             pending=pending | pending_from_value if pending_from_value
                             else pending,
                             fresh=fresh | {name} if allocated else fresh)

    def renamed(self, name, state, mark=REASSIGNED):
        """A variable gets a new value: the locks named through it are other locks now.

        Held ones stay held under a marked name (so taking "the same" lock again
        is taking another instance); released ones are forgotten. An iterator
        moving on marks them as the previous element's (surely another object).
        """
        key = (name, mark, state.held, state.released)
        renaming = self.renamings.get(key)
        if renaming is None:
            renaming = self.renamings[key] = self.renaming(name, mark, state.held,
                                                           state.released)
        held, released = renaming
        if held is state.held and released is state.released:
            return state
        return state.changed(held=held, released=released)

    def renaming(self, name, mark, held, released):
        def rooted(instance):
            # a marked instance already names another object than the variable's
            return unmarked(instance) == instance and (
                instance == name or instance.startswith((name + "->", name + ".")))
        if not any(rooted(h.instance) for h in held) and not any(rooted(i) for i in released):
            return held, released
        # one mark, not one per time round a loop: states stay finite
        return (frozenset(h._replace(instance=unmarked(h.instance) + mark)
                          if rooted(h.instance) else h for h in held),
                frozenset(i for i in released if not rooted(i)))

    def call_steps(self, node):
        if isinstance(node.name, c_ast.ID) and node.name.name in self.rules.write_first \
                and node.args is not None and node.args.exprs:
            # WRITE_ONCE(vma->vm_end, end): a write of its first argument
            target, *rest = node.args.exprs
            steps = ()
            for argument in rest:
                steps += self.effects(argument)
            return steps + self.access_steps(target, write=True)
        steps = self.effects(node.args)
        if is_guard(node):
            return steps + self.guard_steps(node, acquire=True)
        if not isinstance(node.name, c_ast.ID):
            return steps + self.effects(node.name)
        return steps + (partial(self.call, node),)

    def call(self, node, state):
        # what does not depend on the state is worked out where the first state
        # comes to the call (see run)
        site = self.sites.get(id(node))
        if site is None:
            site = self.sites[id(node)] = CallSite(node, self)
        for name, step in site.cursors:
            # an iterator macro moves its cursors on each time round
            state = step(self.renamed(name, state, PREVIOUS_ELEMENT))
        fresh = tuple(name for name in site.names if name in state.fresh) if state.fresh else ()
        # states that differ in what a call does not show record it once
        key = (site, state.held, state.released, fresh)
        if key not in self.recorded:
            self.recorded.add(key)
            coord = site.node.coord
            self.facts.calls.add(Call(site.callee, site.texts, coord.line, coord.column,
                                      self.held_in_order(state.held),
                                      self.released_classes(state.released), fresh))
        if fresh:
            # passing an object to a function publishes it
            state = state.changed(fresh=state.fresh.difference(site.names))
        if site.primitive is not None:
            return self.primitive(site, state)
        if site.summary is not None:
            return self.apply_summary(site, state)
        # a function not in view that is handed an object may lock it again:
        # what this path released through that object is no longer known released
        released = state.released
        if released and any(split_path(instance)[0] in site.roots for instance in released):
            released = frozenset(instance for instance in released
                                 if split_path(instance)[0] not in site.roots)
        # and it may drop a lock the path holds (a fault handler dropping mmap_lock):
        # taking such a lock again is not shown to be a double acquisition
        held = state.held
        if held and any(self.may_be_dropped(h) for h in held):
            held = frozenset(h._replace(uncertain=True) if self.may_be_dropped(h) else h
                             for h in held)
        if released is state.released and held is state.held:
            return state
        return state.changed(released=released, held=held)

    def may_be_dropped(self, lock):
        """Whether a function not in view may drop ``lock`` and take it again."""
        return not lock.uncertain and lock.lock_class and \
            self.rules.group(lock.lock_class) in self.rules.may_drop

    def primitive(self, site, state):
        primitive, lock = site.primitive, site.lock
        if lock is None:
            return state
        # a lock reached through a pointer: the pointer is not NULL on this path
        root, fields = split_path(lock.instance)
        if fields and "->" in lock.instance:
            state = state.changed(facts=state.facts - {(root, False)} | {(root, True)})
        if primitive.op == "acquire":
            return self.acquire(lock, state)
        if primitive.op == "assert":
            if any(h.instance == lock.instance for h in state.held):
                return state
            # held by the caller: like a lock held on entry
            return state.changed(held=state.held | {lock._replace(kind="entry")})
        if primitive.op == "release":
            also = [other for other in state.held if other.lock_class
                    and self.rules.group(other.lock_class) in primitive.also]
            for other in sorted(also, key=repr):
                state = self.release(other, state)
            return self.release(lock, state)
        if primitive.op == "downgrade":
            held = frozenset(h._replace(mode="shared") if h.instance == lock.instance else h
                             for h in state.held)
            return state.changed(held=held)
        return state

    def acquire(self, lock, state):
        self.facts.acquires.add(Acquire(lock, self.held_in_order(state.held)))
        conditions = self.conditions.setdefault(lock.instance, set())
        known = len(conditions)
        conditions.update(key for key, _ in state.facts)
        if len(conditions) != known:
            # widening keeps more now
            self.keeps.clear()
            self.widenings.clear()
        return state.changed(held=state.held | {lock}, released=state.released - {lock.instance},
                             pending=frozenset(p for p in state.pending
                                               if p[1].instance != lock.instance))

    def release(self, lock, state):
        matching = frozenset(h for h in state.held if h.instance == lock.instance)
        pending = frozenset(p for p in state.pending if p[1].instance == lock.instance)
        # "held" means taken in view; a lock held on entry was taken by the caller
        was_held = any(h.kind != "entry" for h in matching) or bool(pending)
        double = not matching and not pending and lock.instance in state.released
        self.facts.releases.add(Release(lock.instance, lock.lock_class, lock.line, lock.column,
                                        lock.call, was_held, double))
        return state.changed(held=state.held - matching, pending=state.pending - pending,
                             released=state.released | {lock.instance})

    def guard_steps(self, node, acquire):
        """guard(class)(&lock) and scoped_guard(class, &lock): held to the end of the scope."""
        arguments = call_arguments(node)
        if is_guard(node):
            lock_node = arguments[0] if arguments else None
        else:
            lock_node = arguments[1] if len(arguments) > 1 else None
        if lock_node is None:
            return ()
        path = self.normalise(self.path_of(lock_node))
        if not acquire:
            return (partial(self.guard_released, path),)
        coord = node.coord
        lock = Held(path, self.class_of(path), "exclusive", "scoped", coord.line, coord.column,
                    self.text(node))
        return (partial(self.acquire, lock),)

    def guard_released(self, path, state):
        matching = frozenset(h for h in state.held if h.instance == path)
        return state.changed(held=state.held - matching, released=state.released | {path})

    def apply_summary(self, site, state):
        """A function in view that takes or drops locks of its parameters."""
        summary, node, arguments = site.summary, site.node, site.arguments

        def substitute(path):
            root, _ = split_path(path)
            if root in summary.parameters:
                index = summary.parameters.index(root)
                if index < len(arguments):
                    return self.normalise(self.path_of(arguments[index]) + path[len(root):])
            return None
        coord = node.coord
        # in the callee's order: a hand-over-hand helper takes the next lock
        # before it drops the previous one, and that nesting shows at the call
        steps = sorted([(lock.line, lock.column, "acquire", lock) for lock in summary.acquires]
                       + [(lock.line, lock.column, "release", lock) for lock in summary.releases],
                       key=lambda step: step[:2])
        for lock in summary.takes:
            # taken and dropped inside the callee: an acquisition under what this
            # path holds, for the nesting and order checks, that leaves nothing held
            path = substitute(lock.instance)
            if path is not None:
                taken = Held(path, lock.lock_class, lock.mode, lock.kind, coord.line,
                             coord.column, self.text(node))
                self.facts.acquires.add(Acquire(taken, self.held_in_order(state.held)))
        for _, _, action, lock in steps:
            path = substitute(lock.instance)
            if path is None:
                continue
            # a lock the helper takes while it drops another it was handed is a
            # hand-over-hand step: the helper itself reports that nesting
            kind = "handover" if action == "acquire" and summary.releases else lock.kind
            held = Held(path, lock.lock_class, lock.mode, kind, coord.line, coord.column,
                        self.text(node))
            state = self.acquire(held, state) if action == "acquire" else self.release(held, state)
        return state

    # ---- conditions ---------------------------------------------------------

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

    def trylock_of(self, call, truth):
        """The lock a trylock call (or a trylock wrapper in view) holds where the
        call's result is ``truth``, or None."""
        if not (isinstance(call, c_ast.FuncCall) and isinstance(call.name, c_ast.ID)):
            return None
        arguments = call_arguments(call)
        coord = (call.coord.line, call.coord.column)
        kind = "try" if coord in self.retrying else "try_once"
        primitive = self.rules.primitives.get(call.name.name)
        if primitive is not None and primitive.op in ("try", "try_zero"):
            if truth != (primitive.op == "try"):
                return None
            return self.held_lock(primitive.lock, arguments, None, primitive, call,
                                  kind if primitive.op == "try" else None)
        summary = self.summaries.get(call.name.name)
        if summary is None or not summary.tries or not truth:
            return None
        lock = summary.tries[0]
        root = split_path(lock.instance)[0]
        index = summary.parameters.index(root)
        if index >= len(arguments):
            return None
        path = self.normalise(self.path_of(arguments[index]) + lock.instance[len(root):])
        return Held(path, lock.lock_class, lock.mode, kind, call.coord.line, call.coord.column,
                    self.text(call))

    def knowledge(self, condition):
        """Whether the path's facts decide ``condition`` (True, False or None), as a
        function of the state."""
        if isinstance(condition, c_ast.UnaryOp) and condition.op == "!":
            return partial(negated, self.knowledge(condition.expr))
        if isinstance(condition, c_ast.BinaryOp) and condition.op in ("&&", "||"):
            return partial(conjunction if condition.op == "&&" else disjunction,
                           self.knowledge(condition.left), self.knowledge(condition.right))
        key = self.fact_key(condition)
        return partial(fact_known, key) if key else nothing_known

    def assumption(self, condition, truth):
        """The state on the edge where ``condition`` is ``truth`` (None if impossible),
        as a function of the state before it."""
        while isinstance(condition, c_ast.UnaryOp) and condition.op == "!":
            condition, truth = condition.expr, not truth
        operator = condition.op if isinstance(condition, c_ast.BinaryOp) else None
        if operator == "&&" and truth or operator == "||" and not truth:
            assume = partial(both, self.assumption(condition.left, truth),
                             self.assumption(condition.right, truth))
        elif operator == "<" and is_zero(condition.right):
            # ret < 0: the error codes, the non-zero results of a lock that
            # returns 0 on success
            assume = self.assumption(condition.left, truth)
        elif operator in ("==", "!=") and (is_zero(condition.left) or is_zero(condition.right)):
            other = condition.right if is_zero(condition.left) else condition.left
            assume = self.assumption(other, truth if operator == "!=" else not truth)
        elif isinstance(condition, c_ast.Assignment) and condition.op == "=":
            assume = self.assumption(condition.lvalue, truth)
        elif isinstance(condition, c_ast.FuncCall) and isinstance(condition.name, c_ast.ID):
            lock = self.trylock_of(condition, truth)
            assume = partial(self.acquire, lock) if lock is not None else unchanged
        else:
            name = self.path_of(condition) if isinstance(condition, (c_ast.ID, c_ast.StructRef)) \
                else None
            assume = partial(self.assumed, condition, name, truth)
        if operator in ("==", "!=") and is_value(condition.right):
            # known first: the constant the variable was last assigned
            assume = partial(self.compared, self.text(condition.left),
                             value_text(condition.right), truth == (operator == "=="), assume)
        if operator in ("&&", "||"):
            # known first: the path's facts decide it
            assume = partial(decided, self.knowledge(condition), truth, assume)
        return assume

    def fact_key(self, condition):
        """The text the path's facts know a condition by; none ("") for a call's result."""
        return "" if self.has_call(condition) else self.text(condition)

    def compared(self, name, value, equal, otherwise, state):
        known = self.known_value(name, state)
        if known is not None:
            return state if (known == value) == equal else None
        return otherwise(state)

    def assumed(self, condition, name, truth, state):
        """A tested variable (``name``) or expression: the trylock result it holds is
        decided, and the path knows it."""
        if name is not None and state.pending:
            for variable, lock, when_zero in state.pending:
                if variable == name:
                    state = state.changed(pending=state.pending - {(variable, lock, when_zero)})
                    if truth != when_zero:
                        state = self.acquire(lock, state)
        # asked for here, where a state needs it, not where the step is made: a
        # condition too deep to print gives the analysis up only there (see run)
        key = self.fact_key(condition)
        if not key:
            return state
        if (key, not truth) in state.facts:
            return None
        if (key, truth) not in state.facts:
            state = state.changed(facts=state.facts | {(key, truth)})
        if not truth and name is not None:
            # no lock is held through a NULL pointer (one assumed held on entry
            # is not, on this path)
            entry = frozenset(h for h in state.held if h.kind == "entry"
                              and h.instance.startswith(name + "->"))
            if entry:
                state = state.changed(held=state.held - entry)
        return state


# The parts of a condition's step (see FunctionAnalysis.assumption).

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


def fact_known(key, state):
    if (key, True) in state.facts:
        return True
    if (key, False) in state.facts:
        return False
    return None


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


class CallSite:
    """A call of a named function, in all that does not depend on the state."""

    def __init__(self, node, analysis):
        self.node = node
        self.callee = node.name.name
        self.arguments = call_arguments(node)
        self.texts = tuple(analysis.text(argument) for argument in self.arguments)
        self.names = tuple(argument.name for argument in self.arguments
                           if isinstance(argument, c_ast.ID))
        # an iterator macro moves its cursors on: (name, the step assigning it)
        self.cursors = ()
        if is_iterator(self.callee):
            self.cursors = tuple((argument.name, analysis.assignment_steps(argument, None)[0])
                                 for argument in self.arguments
                                 if isinstance(argument, c_ast.ID))
        self.primitive = analysis.rules.primitives.get(self.callee)
        self.summary = analysis.summaries.get(self.callee)
        # the lock a primitive takes or drops here; a trylock's is taken where
        # its result is tested
        self.lock = None
        if self.primitive is not None and not taken_where_tested(self.primitive):
            self.lock = analysis.held_lock(self.primitive.lock, self.arguments, None,
                                           self.primitive, node)
        # the objects a function not in view is handed
        self.roots = set()
        if self.primitive is None and self.summary is None:
            self.roots = {split_path(analysis.path_of(argument))[0]
                          for argument in self.arguments}


def taken_where_tested(primitive):
    """Whether a primitive's lock is held only where its result is tested: a
    trylock's, or one the primitive returns."""
    return primitive.op in ("try", "try_zero") or "{return}" in primitive.lock


def calls_release(node, rules):
    """Whether an expression calls a release primitive."""
    if isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID):
        primitive = rules.primitives.get(node.name.name)
        if primitive is not None and primitive.op == "release":
            return True
    return any(calls_release(child, rules) for child in node)


def trylock_calls(condition, truth, rules):
    """(call, whether this edge is its success) for the trylocks a condition tests."""
    if condition is None:
        return []
    while isinstance(condition, c_ast.UnaryOp) and condition.op == "!":
        condition, truth = condition.expr, not truth
    if isinstance(condition, c_ast.BinaryOp) and condition.op in ("&&", "||"):
        return (trylock_calls(condition.left, truth, rules)
                + trylock_calls(condition.right, truth, rules))
    if isinstance(condition, c_ast.FuncCall) and isinstance(condition.name, c_ast.ID):
        primitive = rules.primitives.get(condition.name.name)
        if primitive is not None and primitive.op in ("try", "try_zero"):
            return [(condition, truth == (primitive.op == "try"))]
    return []


def unmarked(instance):
    for mark in (REASSIGNED, PREVIOUS_ELEMENT):
        instance = instance.removesuffix(mark)
    return instance


def remembered(cache, node, compute):
    """compute(node), once per AST node: texts and paths are asked for from several
    places (keyed by id(), the analysis keeps its AST alive)."""
    found = cache.get(id(node))
    if found is None:
        found = cache[id(node)] = compute(node)
    return found


def mentions(text, name):
    """Whether a condition's text names a variable or access path (not a field
    of the same name: p->name, p.name)."""
    return any(word_ends(text, name, ">."))


def word_ends(text, name, not_after=""):
    """Where the occurrences of ``name`` in ``text`` end, of those with no word
    character (nor one of ``not_after``) just before and none just after: a
    regex built for every name cost more to compile than to run."""
    start = text.find(name)
    while start >= 0:
        end = start + len(name)
        before = text[start - 1] if start else " "
        if not is_word(before) and before not in not_after and \
                (end == len(text) or not is_word(text[end])):
            yield end
        start = text.find(name, start + 1)


def is_word(character):
    """A character \\w matches."""
    return character.isalnum() or character == "_"


ENUMERATOR = re.compile(r"^[A-Z][A-Z0-9_]+$")


def is_value(node):
    """A constant or an enumerator-like name (M_PARTIAL)."""
    return isinstance(node, c_ast.Constant) or (
        isinstance(node, c_ast.ID) and ENUMERATOR.match(node.name) is not None)


def call_arguments(call):
    return call.args.exprs if call.args else []


def is_dereference(node):
    return (isinstance(node, c_ast.UnaryOp) and node.op == "*"
            and isinstance(node.expr, c_ast.ID))


def value_text(node):
    return node.value if isinstance(node, c_ast.Constant) else node.name


def is_zero(node):
    return (isinstance(node, c_ast.Constant) and node.value in FALSE_CONSTANTS) or (
        isinstance(node, c_ast.ID) and node.name == "NULL")


def contains_call(node):
    if isinstance(node, c_ast.FuncCall):
        return True
    return any(contains_call(child) for child in node)


def struct_name(type_node):
    """The struct a declaration's type names (through pointers and arrays), or None."""
    while isinstance(type_node, (c_ast.PtrDecl, c_ast.ArrayDecl, c_ast.TypeDecl)):
        type_node = type_node.type
    return type_node.name if isinstance(type_node, (c_ast.Struct, c_ast.Union)) else None


class Declarations:
    """One walk over a function for what the analysis knows of its names: the
    struct types of parameters and locals, the locals, and what each local is
    assigned (for aliases)."""

    def __init__(self, definition):
        self.types = {}         # variable -> struct name
        self.locals = set()     # names declared in the body
        self.assignments = {}   # name -> values assigned in the body
        self.walk(definition.decl, in_body=False)
        self.walk(definition.body, in_body=True)

    def walk(self, node, in_body):
        # a NodeVisitor's walk, without its dispatch and naming of children
        if isinstance(node, c_ast.Decl):
            struct = struct_name(node.type)
            if node.name and struct:
                self.types[node.name] = struct
            if node.name and in_body:
                self.locals.add(node.name)
                if node.init is not None:
                    self.assignments.setdefault(node.name, []).append(node.init)
        elif isinstance(node, c_ast.Assignment) and isinstance(node.lvalue, c_ast.ID):
            self.assignments.setdefault(node.lvalue.name, []).append(node.rvalue)
        for child in node:
            self.walk(child, in_body)


def parameter_names(definition):
    declaration = definition.decl.type
    while not isinstance(declaration, c_ast.FuncDecl) and hasattr(declaration, "type"):
        declaration = declaration.type
    parameters = getattr(declaration, "args", None)
    if parameters is None:
        return []
    return [p.name for p in parameters.params if isinstance(p, c_ast.Decl) and p.name]

