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
from functools import lru_cache
from dataclasses import replace
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


def code(node):
    """The expression as C text, spaces collapsed."""
    return " ".join(GENERATOR.visit(node).split())


PATH_STEP = re.compile(r"->|\.")


def lock_path(node):
    """A lock expression as an access path: &vma->anon_vma->lock -> vma->anon_vma->lock."""
    while True:
        if isinstance(node, c_ast.UnaryOp) and node.op == "&":
            node = node.expr
        elif isinstance(node, c_ast.Cast):
            node = node.expr
        else:
            break
    return code(node).replace(" ", "").replace("(", "").replace(")", "")


@lru_cache(maxsize=8192)
def split_path(path):
    """``vma->anon_vma->lock`` -> ("vma", ("anon_vma", "lock"))."""
    parts = PATH_STEP.split(path)
    return parts[0], tuple(parts[1:])


class FunctionAnalysis:
    """Runs the dataflow over one function and collects its facts."""

    def __init__(self, function, path, rules, summaries, whole, end_in_view, entry=()):
        self.function = function
        self.rules = rules
        self.summaries = summaries
        self.entry = entry      # (instance, line) released in view without being taken
        self.whole = whole
        self.end_in_view = end_in_view
        definition = function.ast
        names = Declarations(definition)
        self.types = names.types
        self.locals = names.locals
        self.parameters = parameter_names(definition)
        self.aliases = local_aliases(names.assignments, self.parameters)
        self.facts = FunctionFacts(function.name, path, whole, tuple(self.parameters),
                                   annotations=list(function.annotations))
        self.conditions = {}    # lock instance -> conditions known where it was taken
        self.texts = {}         # id(AST node) -> its C text; nodes are visited once per state
        self.paths = {}         # id(AST node) -> its access path
        self.calls_in = {}      # id(condition node) -> whether it calls a function

    def text(self, node):
        # ID nodes are not remembered: the analysis makes short-lived ones
        # (declarations read as assignments) whose id() a later node may reuse
        return node.name if isinstance(node, c_ast.ID) else remembered(self.texts, node, code)

    def has_call(self, node):
        return remembered(self.calls_in, node, contains_call)

    def path_of(self, node):
        return node.name if isinstance(node, c_ast.ID) else remembered(self.paths, node,
                                                                        lock_path)

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
        cfg = build_cfg(self.function.ast.body)
        self.retrying = self.trylocks_retried(cfg)
        seen = {}
        work = deque([(cfg.entry, self.initial_state())])
        steps = 0
        while work:
            node, state = work.popleft()
            states = seen.setdefault(node.index, set())
            if state in states:
                continue
            if len(states) >= STATES_PER_NODE:
                state = self.widened(state)
                if state in states:
                    continue
            if len(states) >= HARD_STATES_PER_NODE:
                return self.give_up("too many lock states")
            states.add(state)
            steps += 1
            if steps > BUDGET:
                return self.give_up(f"more than {BUDGET} steps")
            state = self.transfer(node, state)
            if state is None:
                continue
            for target, condition, truth in node.edges:
                cases = [state] if condition is None else self.cases(condition, truth, state)
                work.extend((target, following) for following in cases)
        return self.facts.in_order()

    def trylocks_retried(self, cfg):
        """Coordinates of the trylocks whose failure path backs off and tries again."""
        found = set()

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
        keep = set()
        for lock in state.held:
            keep |= self.conditions.get(lock.instance, set())
        roots = {split_path(lock.instance)[0] for lock in state.held}
        facts = frozenset(fact for fact in state.facts if fact[0] in keep
                          or any(mentions(fact[0], root) for root in roots))
        return state._replace(facts=facts)

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

    def transfer(self, node, state):
        for event, item in node.events:
            if event == "eval":
                state = self.evaluate(item, state)
            elif event == "return":
                if item.expr is not None:
                    state = self.evaluate(item.expr, state)
                self.exit(state, item.coord.line, item.coord.column, item.expr, True)
            elif event == "end":
                self.exit(state, self.function.end_line, 1, None, self.end_in_view)
            elif event == "scoped_acquire":
                state = self.guard(item, state, acquire=True)
            elif event == "scoped_release":
                state = self.guard(item, state, acquire=False)
        return state

    def exit(self, state, line, column, returned, real):
        lock = self.trylock_of(returned, True)
        if lock is not None:
            # "return spin_trylock(&p->lock);": a trylock wrapper
            self.facts.returns_try[self.text(returned)] = lock
        value = None
        if returned is not None:
            if is_zero(returned):
                value = False
            elif isinstance(returned, c_ast.Constant):
                value = True
            else:
                text = self.text(returned)
                value = True if (text, True) in state.facts else (
                    False if (text, False) in state.facts else None)
        text = self.text(returned) if returned is not None else None
        error = text is not None and (text.startswith("-") or (
            self.known_value(text, state) or "").startswith("-"))
        self.facts.exits.add(Exit(line, column, held_tuple(state), text, real,
                                  state.released, value, error))

    # ---- expressions --------------------------------------------------------

    def evaluate(self, node, state):
        """The state after evaluating ``node`` for its effects, facts recorded."""
        if node is None:
            return state
        kind = type(node).__name__
        if kind == "Assignment":
            state = self.evaluate(node.rvalue, state)
            if node.op != "=":
                state = self.access(node.lvalue, state, write=False)
            state = self.access(node.lvalue, state, write=True)
            return self.assigned(node.lvalue, node.rvalue if node.op == "=" else None, state)
        if kind == "Decl":
            if node.init is not None and not isinstance(node.init, c_ast.InitList):
                state = self.evaluate(node.init, state)
                return self.assigned(c_ast.ID(node.name), node.init, state)
            return self.evaluate(node.init, state) if node.init is not None else state
        if kind == "DeclList":
            for declaration in node.decls:
                state = self.evaluate(declaration, state)
            return state
        if kind == "UnaryOp":
            if node.op == "sizeof":
                return state
            if node.op == "&":
                return self.access(node.expr, state, write=False, address=True)
            if node.op in ("++", "--", "p++", "p--"):
                state = self.access(node.expr, state, write=False)
                state = self.access(node.expr, state, write=True)
                return self.assigned(node.expr, None, state)
            return self.evaluate(node.expr, state)
        if kind == "StructRef" or kind == "ArrayRef":
            return self.access(node, state, write=False)
        if kind == "FuncCall":
            return self.call(node, state)
        if kind == "Typename":
            return state
        for _, child in node.children():
            state = self.evaluate(child, state)
        return state

    def access(self, node, state, write, address=False):
        """Evaluate an lvalue or a member access, recording guarded-field accesses."""
        if isinstance(node, c_ast.ArrayRef):
            state = self.evaluate(node.subscript, state)
            return self.access(node.name, state, write, address)
        if not isinstance(node, c_ast.StructRef):
            return self.evaluate(node, state) if not isinstance(node, c_ast.ID) else state
        state = self.evaluate(node.name, state)
        if address:
            return state
        base = self.normalise(self.path_of(node.name))
        field = self.guarded_field(base, node.field.name)
        if field is not None:
            root, _ = split_path(base)
            coord = node.coord
            self.facts.accesses.add(Access(field, write, base, coord.line, coord.column,
                                           self.text(node), held_tuple(state),
                                           root in state.fresh, self.released_classes(state)))
        return state

    def released_classes(self, state):
        return tuple(sorted(filter(None, (self.class_of(i) for i in state.released))))

    def guarded_field(self, base, name):
        struct = self.struct_of(base)
        if struct is not None:
            key = f"{struct}.{name}"
            return key if key in self.rules.guarded else None
        matches = [key for key in self.rules.guarded if key.endswith("." + name)]
        return matches[0] if len(matches) == 1 else None

    def assigned(self, target, value, state):
        """What an assignment teaches: flags, trylock results, fresh objects."""
        if is_dereference(target) and is_dereference(value):
            # *new = *vma: a private copy until it is published
            return state._replace(fresh=state.fresh | {target.expr.name})
        name = self.path_of(target) if isinstance(target, (c_ast.ID, c_ast.StructRef)) else None
        if name is None:
            return state
        state = self.renamed(name, state)
        facts = frozenset(fact for fact in state.facts if not mentions(fact[0], name))
        pending = frozenset(item for item in state.pending if item[0] != name)
        fresh = state.fresh - {name}
        if isinstance(value, c_ast.Constant) or (isinstance(value, c_ast.ID) and
                                                 value.name in ("true", "false", "NULL")):
            facts |= {(name, value_text(value) not in FALSE_CONSTANTS),
                      (f"{name} == {value_text(value)}", True)}
        elif isinstance(value, c_ast.ID) and ENUMERATOR.match(value.name):
            facts |= {(f"{name} == {value.name}", True)}
        elif isinstance(value, c_ast.UnaryOp) and value.op == "-" and is_value(value.expr):
            # err = -EBUSY: non-zero, and an error code
            facts |= {(name, True), (f"{name} == -{value_text(value.expr)}", True)}
        elif isinstance(value, c_ast.FuncCall) and isinstance(value.name, c_ast.ID):
            callee = value.name.name
            primitive = self.rules.primitives.get(callee)
            arguments = value.args.exprs if value.args else []
            if primitive and primitive.op == "acquire_switch":
                lock = self.held_lock(primitive.lock, arguments, name, primitive, value)
                if lock is not None:
                    previous = frozenset(h for h in state.held if h.call.startswith(callee + "("))
                    state = self.acquire(lock, state._replace(held=state.held - previous))
                    facts = frozenset(fact for fact in state.facts
                                      if not mentions(fact[0], name)) | {(name, True)}
            elif primitive and (primitive.op in ("try", "try_zero") or "{return}" in primitive.lock):
                lock = self.held_lock(primitive.lock, arguments, name, primitive, value,
                                      "try" if primitive.op == "try" else None)
                if lock is not None:
                    pending |= {(name, lock, primitive.op == "try_zero")}
            summary = self.summaries.get(callee)
            for suffix in summary.returns_locked if summary is not None else ():
                # held where the returned pointer is tested non-NULL
                path = name + suffix
                lock = Held(path, self.class_of(path), "exclusive", "blocking",
                            value.coord.line, value.coord.column, self.text(value))
                pending |= {(name, lock, False)}
            if callee in self.rules.allocators:
                fresh |= {name}
        return state._replace(facts=facts, pending=pending, fresh=fresh)

    def renamed(self, name, state, mark=REASSIGNED):
        """A variable gets a new value: the locks named through it are other locks now.

        Held ones stay held under a marked name (so taking "the same" lock again
        is taking another instance); released ones are forgotten. An iterator
        moving on marks them as the previous element's (surely another object).
        """
        def rooted(instance):
            # a marked instance already names another object than the variable's
            return unmarked(instance) == instance and (
                instance == name or instance.startswith((name + "->", name + ".")))
        if not any(rooted(h.instance) for h in state.held) and not any(
                rooted(i) for i in state.released):
            return state
        # one mark, not one per time round a loop: states stay finite
        held = frozenset(replace(h, instance=unmarked(h.instance) + mark)
                         if rooted(h.instance) else h for h in state.held)
        released = frozenset(i for i in state.released if not rooted(i))
        return state._replace(held=held, released=released)

    def call(self, node, state):
        if isinstance(node.name, c_ast.ID) and node.name.name in self.rules.write_first \
                and node.args is not None and node.args.exprs:
            # WRITE_ONCE(vma->vm_end, end): a write of its first argument
            target, *rest = node.args.exprs
            for argument in rest:
                state = self.evaluate(argument, state)
            return self.access(target, state, write=True)
        if node.args is not None:
            state = self.evaluate(node.args, state)
        if is_guard(node):
            return self.guard(node, state, acquire=True)
        if not isinstance(node.name, c_ast.ID):
            return self.evaluate(node.name, state)
        callee = node.name.name
        arguments = node.args.exprs if node.args else []
        if is_iterator(callee):
            # an iterator macro moves its cursors on each time round
            for argument in arguments:
                if isinstance(argument, c_ast.ID):
                    state = self.renamed(argument.name, state, PREVIOUS_ELEMENT)
                    state = self.assigned(argument, None, state)
        coord = node.coord
        self.facts.calls.add(Call(callee, tuple(self.text(a) for a in arguments), coord.line,
                                  coord.column, held_tuple(state), self.released_classes(state),
                                  tuple(a.name for a in arguments if isinstance(a, c_ast.ID)
                                        and a.name in state.fresh)))
        # passing an object to a function publishes it
        state = state._replace(fresh=state.fresh - {a.name for a in arguments
                                                    if isinstance(a, c_ast.ID)})
        primitive = self.rules.primitives.get(callee)
        if primitive is not None:
            return self.primitive(primitive, node, arguments, state)
        summary = self.summaries.get(callee)
        if summary is not None:
            return self.apply_summary(summary, node, arguments, state)
        # a function not in view that is handed an object may lock it again:
        # what this path released through that object is no longer known released
        roots = {split_path(self.path_of(a))[0] for a in arguments}
        released = frozenset(i for i in state.released if split_path(i)[0] not in roots)
        # and it may drop a lock the path holds (a fault handler dropping mmap_lock):
        # taking such a lock again is not shown to be a double acquisition
        held = frozenset(replace(h, uncertain=True) if not h.uncertain and h.lock_class
                         and self.rules.group(h.lock_class) in self.rules.may_drop else h
                         for h in state.held)
        return state._replace(released=released, held=held)

    def primitive(self, primitive, node, arguments, state):
        if primitive.op in ("try", "try_zero") or "{return}" in primitive.lock:
            return state        # decided where its result is tested
        lock = self.held_lock(primitive.lock, arguments, None, primitive, node)
        if lock is None:
            return state
        # a lock reached through a pointer: the pointer is not NULL on this path
        root, fields = split_path(lock.instance)
        if fields and "->" in lock.instance:
            state = state._replace(facts=state.facts - {(root, False)} | {(root, True)})
        if primitive.op == "acquire":
            return self.acquire(lock, state)
        if primitive.op == "assert":
            if any(h.instance == lock.instance for h in state.held):
                return state
            # held by the caller: like a lock held on entry
            return state._replace(held=state.held | {replace(lock, kind="entry")})
        if primitive.op == "release":
            for other in sorted(state.held, key=repr):
                if other.lock_class and self.rules.group(other.lock_class) in primitive.also:
                    state = self.release(other, state)
            return self.release(lock, state)
        if primitive.op == "downgrade":
            held = frozenset(replace(h, mode="shared") if h.instance == lock.instance else h
                             for h in state.held)
            return state._replace(held=held)
        return state

    def acquire(self, lock, state):
        self.facts.acquires.add(Acquire(lock, held_tuple(state)))
        self.conditions.setdefault(lock.instance, set()).update(key for key, _ in state.facts)
        return state._replace(held=state.held | {lock}, released=state.released - {lock.instance},
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
        return state._replace(held=state.held - matching, pending=state.pending - pending,
                              released=state.released | {lock.instance})

    def guard(self, node, state, acquire):
        """guard(class)(&lock) and scoped_guard(class, &lock): held to the end of the scope."""
        if is_guard(node):
            arguments = node.args.exprs if node.args else []
            lock_node = arguments[0] if arguments else None
        else:
            arguments = node.args.exprs if node.args else []
            lock_node = arguments[1] if len(arguments) > 1 else None
        if lock_node is None:
            return state
        path = self.normalise(self.path_of(lock_node))
        coord = node.coord
        lock = Held(path, self.class_of(path), "exclusive", "scoped", coord.line, coord.column,
                    self.text(node))
        if acquire:
            return self.acquire(lock, state)
        matching = frozenset(h for h in state.held if h.instance == path)
        return state._replace(held=state.held - matching, released=state.released | {path})

    def apply_summary(self, summary, node, arguments, state):
        """A function in view that takes or drops locks of its parameters."""
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
                self.facts.acquires.add(Acquire(taken, held_tuple(state)))
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

    def cases(self, condition, truth, state):
        """The states on an edge: one, none (impossible), or two when a compound
        condition with a trylock is false, which happens two ways (the trylock
        failed, or it succeeded and the other test was false)."""
        inner, inner_truth = condition, truth
        while isinstance(inner, c_ast.UnaryOp) and inner.op == "!":
            inner, inner_truth = inner.expr, not inner_truth
        if isinstance(inner, c_ast.BinaryOp) and self.has_call(inner) and (
                inner.op == "&&" and not inner_truth or inner.op == "||" and inner_truth):
            # a && b false: !a, or a && !b (|| the same with the values swapped)
            first = inner.op == "&&"
            found = []
            left_failed = self.assume(inner.left, not first, state)
            if left_failed is not None:
                found.append(left_failed)
            left_held = self.assume(inner.left, first, state)
            if left_held is not None:
                right = self.assume(inner.right, not first, left_held)
                if right is not None:
                    found.append(right)
            return found
        following = self.assume(condition, truth, state)
        return [] if following is None else [following]

    def trylock_of(self, call, truth):
        """The lock a trylock call (or a trylock wrapper in view) holds where the
        call's result is ``truth``, or None."""
        if not (isinstance(call, c_ast.FuncCall) and isinstance(call.name, c_ast.ID)):
            return None
        arguments = call.args.exprs if call.args else []
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

    def known(self, condition, state):
        """Whether the path's facts decide ``condition``: True, False or None."""
        if isinstance(condition, c_ast.UnaryOp) and condition.op == "!":
            value = self.known(condition.expr, state)
            return None if value is None else not value
        if isinstance(condition, c_ast.BinaryOp) and condition.op in ("&&", "||"):
            left, right = self.known(condition.left, state), self.known(condition.right, state)
            if condition.op == "&&":
                return False if False in (left, right) else (True if left and right else None)
            return True if True in (left, right) else (False if left is False and
                                                       right is False else None)
        if self.has_call(condition):
            return None
        key = self.text(condition)
        if (key, True) in state.facts:
            return True
        if (key, False) in state.facts:
            return False
        return None

    def assume(self, condition, truth, state):
        """The state on the edge where ``condition`` is ``truth``, or None if impossible."""
        while isinstance(condition, c_ast.UnaryOp) and condition.op == "!":
            condition, truth = condition.expr, not truth
        if isinstance(condition, c_ast.BinaryOp) and condition.op in ("&&", "||"):
            decided = self.known(condition, state)
            if decided is not None:
                return state if decided == truth else None
        if isinstance(condition, c_ast.BinaryOp):
            if condition.op == "&&" and truth or condition.op == "||" and not truth:
                state = self.assume(condition.left, truth, state)
                return None if state is None else self.assume(condition.right, truth, state)
            if condition.op in ("==", "!=") and is_value(condition.right):
                known = self.known_value(self.text(condition.left), state)
                if known is not None:
                    equal = known == value_text(condition.right)
                    return state if equal == (truth == (condition.op == "==")) else None
            if condition.op == "<" and is_zero(condition.right):
                # ret < 0: the error codes, the non-zero results of a lock that
                # returns 0 on success
                return self.assume(condition.left, truth, state)
            zero = [side for side in (condition.left, condition.right) if is_zero(side)]
            if condition.op in ("==", "!=") and zero:
                other = condition.right if zero[0] is condition.left else condition.left
                return self.assume(other, truth if condition.op == "!=" else not truth, state)
        if isinstance(condition, c_ast.Assignment) and condition.op == "=":
            return self.assume(condition.lvalue, truth, state)
        if isinstance(condition, c_ast.FuncCall) and isinstance(condition.name, c_ast.ID):
            lock = self.trylock_of(condition, truth)
            return self.acquire(lock, state) if lock is not None else state
        name = self.path_of(condition) if isinstance(condition, (c_ast.ID, c_ast.StructRef)) \
            else None
        if name is not None:
            for variable, lock, when_zero in state.pending:
                if variable == name:
                    state = state._replace(pending=state.pending - {(variable, lock, when_zero)})
                    if truth != when_zero:
                        state = self.acquire(lock, state)
        if self.has_call(condition):
            return state
        key = self.text(condition)
        if (key, not truth) in state.facts:
            return None
        state = state._replace(facts=state.facts | {(key, truth)})
        if not truth and name is not None:
            # no lock is held through a NULL pointer (one assumed held on entry
            # is not, on this path)
            entry = frozenset(h for h in state.held if h.kind == "entry"
                              and h.instance.startswith(name + "->"))
            state = state._replace(held=state.held - entry)
        return state


def calls_release(node, rules):
    """Whether an expression calls a release primitive."""
    if isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID):
        primitive = rules.primitives.get(node.name.name)
        if primitive is not None and primitive.op == "release":
            return True
    return any(calls_release(child, rules) for _, child in node.children())


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


def held_tuple(state):
    return tuple(sorted(state.held, key=lambda h: (h.line, h.column, h.instance)))


def unmarked(instance):
    for mark in (REASSIGNED, PREVIOUS_ELEMENT):
        instance = instance.removesuffix(mark)
    return instance


def remembered(cache, node, compute):
    """compute(node), once per AST node: a node is evaluated once per state that
    reaches it (keyed by id(), the analysis keeps its AST alive)."""
    found = cache.get(id(node))
    if found is None:
        found = cache[id(node)] = compute(node)
    return found


def mentions(text, name):
    """Whether a condition's text names a variable or access path."""
    return name in text and mention_pattern(name).search(text) is not None


@lru_cache(maxsize=4096)
def mention_pattern(name):
    return re.compile(r"(?<![\w>.])" + re.escape(name) + r"(?!\w)")


ENUMERATOR = re.compile(r"^[A-Z][A-Z0-9_]+$")


def is_value(node):
    """A constant or an enumerator-like name (M_PARTIAL)."""
    return isinstance(node, c_ast.Constant) or (
        isinstance(node, c_ast.ID) and ENUMERATOR.match(node.name) is not None)


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
    return any(contains_call(child) for _, child in node.children())


def struct_name(type_node):
    """The struct a declaration's type names (through pointers and arrays), or None."""
    while isinstance(type_node, (c_ast.PtrDecl, c_ast.ArrayDecl, c_ast.TypeDecl)):
        type_node = type_node.type
    return type_node.name if isinstance(type_node, (c_ast.Struct, c_ast.Union)) else None


class Declarations(c_ast.NodeVisitor):
    """One walk over a function for what the analysis knows of its names: the
    struct types of parameters and locals, the locals, and what each local is
    assigned (for aliases)."""

    def __init__(self, definition):
        self.types = {}         # variable -> struct name
        self.locals = set()     # names declared in the body
        self.assignments = {}   # name -> values assigned in the body
        self.in_body = False
        self.visit(definition.decl)
        self.in_body = True
        self.visit(definition.body)

    def visit_Decl(self, node):
        struct = struct_name(node.type)
        if node.name and struct:
            self.types[node.name] = struct
        if node.name and self.in_body:
            self.locals.add(node.name)
            if node.init is not None:
                self.assignments.setdefault(node.name, []).append(node.init)
        self.generic_visit(node)

    def visit_Assignment(self, node):
        if isinstance(node.lvalue, c_ast.ID):
            self.assignments.setdefault(node.lvalue.name, []).append(node.rvalue)
        self.generic_visit(node)


def parameter_names(definition):
    declaration = definition.decl.type
    while not isinstance(declaration, c_ast.FuncDecl) and hasattr(declaration, "type"):
        declaration = declaration.type
    parameters = getattr(declaration, "args", None)
    if parameters is None:
        return []
    return [p.name for p in parameters.params if isinstance(p, c_ast.Decl) and p.name]


def local_aliases(assignments, parameters):
    """Locals assigned exactly once from another access path: tmp = vma->anon_vma,
    ptl = &mm->page_table_lock."""
    aliases = {}
    for name, values in assignments.items():
        value = values[0] if len(values) == 1 else None
        if isinstance(value, c_ast.UnaryOp) and value.op == "&" and isinstance(
                value.expr, c_ast.StructRef):
            value = value.expr      # ptl = &mm->page_table_lock names that lock
        if value is not None and name not in parameters and isinstance(value, c_ast.StructRef):
            aliases[name] = lock_path(value)
    return aliases
