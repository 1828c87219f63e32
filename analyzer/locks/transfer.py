"""The transfer functions: what control passing through a CFG node does to a state.

A node is visited once for every distinct state that reaches it, dozens of
times in a long function, so what it does is worked out on the first visit as
steps, functions of the state: texts, access paths and lock identities are
not computed again for every state.  Each step returns the state after it and
records the facts it finds (recording.py); the conditions on edges are in
conditions.py.
"""

import re
from functools import lru_cache, partial
from itertools import filterfalse

from pycparser import c_ast

from analyzer.cfront.kernel_c import ENTRY_MACROS, is_iterator, iterator_cursors
from analyzer.locks import state as states
from analyzer.locks.cfg import constant_truth, is_guard
from analyzer.locks.facts import Held, Mark, Origin
from analyzer.locks.identity import (call_arguments, is_enumerator, is_value, read_value, root_of,
                                     rooted_at, split_path, variants, word_ends)
from analyzer.locks.vocabulary import LOCKED_CALLBACK, TRYING_OPS, Kind, Mode, Op, \
    held_where_true

FALSE_CONSTANTS = {"0", "false", "NULL", "0UL", "0L"}
# a returned expression that is an error: -EBUSY, ERR_PTR(-ENOENT), ERR_CAST(page)
ERROR_RETURNS = ("-", "ERR_PTR(", "ERR_CAST(")
SIZEOF = re.compile(r"\bsizeof\s*\([^()]*\)")
ORDER_TEST = re.compile(r"^(\w+) [<>]=? (\w+)$")


class Transfer:
    """The steps of the nodes of one function."""

    def __init__(self, function, names, rules, summaries, out_parameters, recorder, widening,
                 retrying, end_in_view):
        self.function = function
        self.names = names
        self.rules = rules
        self.summaries = summaries
        self.out_parameters = out_parameters    # name -> positions of its out-parameters
        self.record = recorder
        self.widening = widening
        self.retrying = retrying    # coordinates of the trylocks retried after back-off
        self.end_in_view = end_in_view
        self.sites = {}         # id(call node) -> its CallSite
        self.mentioned = {}     # name -> a test of whether a fact names it

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
        text = self.names.text(returned) if returned is not None else None
        lock = self.trylock_of(returned, True)
        if lock is not None:
            self.record.returns_trylock(text, lock)
        value = None
        if returned is not None:
            if is_zero(returned):
                value = False
            elif isinstance(returned, c_ast.Constant) or is_true(returned):
                value = True
            else:
                value = states.fact_known(text, state)
        error = text is not None and (text.startswith(ERROR_RETURNS) or (
            states.known_value(state, text) or "").startswith("-")
            or states.fact_known(f"IS_ERR({text})", state) is True)
        if isinstance(returned, (c_ast.ID, c_ast.StructRef)):
            # the object returned, by the access path its locks are named through
            text = self.names.normalise(self.names.path_of(returned))
        self.record.exit(line, column, text, real, state, value, error)
        return state

    # ---- expressions ----------------------------------------------------------

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
        base = self.names.normalise(self.names.path_of(node.name))
        field = self.guarded_field(base, node.field.name)
        if field is None:
            return steps
        coord = node.coord
        access = (field, write, base, coord.line, coord.column, self.names.text(node),
                  root_of(base))
        return steps + (partial(self.accessed, access),)

    def accessed(self, access, state):
        self.record.access(access, state, access[6] in state.fresh)
        return state

    def guarded_field(self, base, name):
        """The guarded field "struct.name" names, where its rule set covers the file."""
        struct = self.names.struct_of(base)
        if struct is not None:
            key = f"{struct}.{name}"
            found = key if key in self.rules.guarded else None
            if found is None and (self.rules.learning or key in self.rules.learned):
                return key  # a member the tree's index counts, or believes guarded
        else:
            matches = [key for key in self.rules.guarded if key.endswith("." + name)]
            found = matches[0] if len(matches) == 1 else None
        return found if found and self.rules.guards_at(found, self.function.path) else None

    # ---- assignments ----------------------------------------------------------

    def assignment_steps(self, target, value):
        """The step of an assignment: what it teaches of flags, trylock results and
        fresh objects (the value's part of it is worked out here, once)."""
        if is_dereference(target) and is_dereference(value):
            # *new = *vma: a private copy until it is published
            return (partial(self.copied, target.expr.name),)
        if not isinstance(target, (c_ast.ID, c_ast.StructRef)) and not is_dereference(target):
            return ()
        name = self.names.path_of(target)
        value = read_value(value)
        if isinstance(value, c_ast.TernaryOp) and (is_zero(value.iftrue) or is_zero(value.iffalse)):
            # ok = c ? spin_trylock(&l) : 0: non-zero only where the call's result is
            value = value.iffalse if is_zero(value.iftrue) else value.iftrue
        known = set()           # what the path knows of name after it
        switch = None           # (lock, callee): an acquire_switch takes lock, drops callee's
        pending = set()         # trylock results name holds
        allocated = False
        negated = None          # b = !b1: the variable whose trylock results name negates
        flipped = False         # busy = !mutex_trylock(&l): the call's results, negated
        if isinstance(value, c_ast.UnaryOp) and value.op == "!" and \
                isinstance(value.expr, c_ast.FuncCall):
            value, flipped = value.expr, True
        if isinstance(value, c_ast.UnaryOp) and value.op == "!" and \
                isinstance(value.expr, c_ast.ID):
            negated = value.expr.name
        elif isinstance(value, c_ast.Constant) or (isinstance(value, c_ast.ID) and
                                                 value.name in ("true", "false", "NULL")):
            known = {(name, value_text(value) not in FALSE_CONSTANTS),
                     (f"{name} == {value_text(value)}", True)}
        elif isinstance(value, c_ast.ID) and is_enumerator(value.name):
            known = {(f"{name} == {value.name}", True)}
        elif isinstance(value, c_ast.UnaryOp) and value.op == "-" and is_value(value.expr):
            # err = -EBUSY: non-zero, and an error code
            known = {(name, True), (f"{name} == -{value_text(value.expr)}", True)}
        elif isinstance(value, (c_ast.ID, c_ast.StructRef)) and not is_value(value):
            # dentry->d_parent = target->d_parent: one object under two names, until
            # either is assigned again
            one, other = (self.names.normalise(self.names.path_of(side))
                          for side in (target, value))
            if one != other:
                known = {states.same_fact(one, other)}
        elif isinstance(value, c_ast.FuncCall) and isinstance(value.name, c_ast.ID):
            callee = value.name.name
            primitive = self.rules.primitives.get(callee)
            arguments = call_arguments(value)
            if primitive and primitive.op is Op.ACQUIRE_SWITCH:
                lock = self.names.held_lock(primitive.lock, arguments, name, primitive, value)
                if lock is not None:
                    switch = (lock, callee)
            elif primitive and taken_where_tested(primitive):
                lock = self.names.held_lock(primitive.lock, arguments, name, primitive, value,
                                            Origin.TRY_RETRIED if primitive.op is Op.TRY
                                            else None)
                if lock is not None:
                    pending.add((name, lock, not held_where_true(primitive.op), False))
            elif primitive and primitive.op is Op.ACQUIRE:
                # pte = pte_offset_map_lock(...): where pte is NULL, it took nothing
                lock = self.names.held_lock(primitive.lock, arguments, name, primitive, value)
                if lock is not None:
                    known = {states.taken_with_fact(lock.instance, name)}
            if callee in ENTRY_MACROS:
                # d = list_entry(p, struct dentry, d_child): an element of some list
                known = {states.member_fact(name, states.SOME_LIST)}
            elif primitive is None and isinstance(target, c_ast.ID):
                # p = d_ancestor(old_parent, target): a relation of two objects, which
                # a test of p may order their locks by
                objects = sorted({argument.name for argument in arguments
                                  if isinstance(argument, c_ast.ID) and not is_value(argument)})
                if len(objects) >= 2:
                    known = {states.relation_fact(name, callee, objects)}
            summary = self.summaries.get(callee)
            if summary is not None and summary.tries and summary.try_truth is False:
                # err = epoll_mutex_lock(...): held where err is 0.  (Not yet for a
                # wrapper held where it returns true: get_z3fold_header()'s loop then
                # leaves a false alarm the analysis does not yet explain.)
                lock = self.trylock_of(value, False)
                if lock is not None:
                    pending.add((name, lock, True, False))
            if summary is not None and summary.value is not None:
                # every exit of the callee returns this truth (compact_lock_irqsave's true)
                known = {(name, summary.value)}
            if summary is not None and summary.returns is not None:
                # root = anon_vma_lock_root(anon_vma): root names what the callee returned
                returned = self.names.argument_path(summary.returns, summary.parameters,
                                                    arguments)
                if returned is not None and returned != name:
                    known = known | {states.same_fact(name, returned)}
            for suffix, mark in summary.returns_locked if summary is not None else ():
                # held where the returned pointer is tested non-NULL
                path = name + suffix
                lock = Held(path, self.names.class_of(path), Mode.EXCLUSIVE, Kind.BLOCKING,
                            Origin.CALL, value.coord.line, value.coord.column,
                            self.names.text(value), mark=mark,
                            apart=self.names.arguments_paths(summary.returned_apart,
                                                             summary.parameters, arguments))
                pending.add((name, lock, False, False))
            allocated = callee in self.rules.allocators
        if flipped:
            # what the call's value says is said of its negation: only its locks,
            # held where the negation is zero if the call was not, and so on
            known, allocated = set(), False
            pending = {(variable, lock, not zero, kept) for variable, lock, zero, kept in pending}
        return (partial(self.assigned, name, frozenset(known), switch, frozenset(pending),
                        allocated, negated),)

    def copied(self, name, state):
        return state.changed(fresh=state.fresh | {name})

    def assigned(self, name, known, switch, pending_from_value, allocated, negated, state):
        """An assignment to ``name``: what the path knew of it is forgotten, what
        the value says is known."""
        if negated is not None and state.pending:
            # b = !b: where b was zero it is non-zero now, and the other way round
            pending_from_value = pending_from_value | frozenset(
                (name, lock, not zero, kept) for variable, lock, zero, kept in state.pending
                if variable == negated)
        state = states.renamed(states.kept_under_other_name(state, name), name, Mark.REASSIGNED)
        facts = state.facts
        mentioning = self.mentioning(name)
        if any(map(mentioning, facts)):
            # child = this_parent, this_parent = dentry: when this_parent is
            # assigned again, child and dentry still name one object
            facts = frozenset(filterfalse(mentioning, facts)) | states.still_same(facts, name)
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

    def mentioning(self, name):
        """Whether a fact (condition, truth) names ``name``."""
        found = self.mentioned.get(name)
        if found is None:
            found = self.mentioned[name] = lru_cache(maxsize=None)(lambda fact: mentions(fact[0], name))
        return found

    # ---- calls ----------------------------------------------------------------

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
        # comes to the call (see the fixpoint)
        site = self.sites.get(id(node))
        if site is None:
            site = self.sites[id(node)] = CallSite(node, self)
        for name, step in site.cursors:
            # an iterator macro moves its cursors on each time round
            state = step(states.renamed(state, name, Mark.PREVIOUS_ELEMENT))
        if site.members:
            state = state.changed(facts=state.facts | site.members)
        fresh = tuple(name for name in site.names if name in state.fresh) if state.fresh else ()
        self.record.call(site, state, fresh)
        if fresh:
            # passing an object to a function publishes it
            state = state.changed(fresh=state.fresh.difference(site.names))
        if site.primitive is not None:
            return self.primitive(site, state)
        if state.facts and site.names:
            # a callee handed a pointer may set what it points to (*locked = 0)
            state = states.forgotten_through(state, site.names, self.mentioning)
        if state.facts and site.addressed:
            # unshare_fd(flags, &copy) may set copy: what the path knew of it is
            # forgotten, unless the callee is in view and it is not one of its
            # out-parameters.  A flag's is kept: by the kernel's convention a
            # callee handed &locked sets it where it changes the lock
            out = self.out_parameters.get(site.callee)
            for position, name in site.addressed:
                if (out is None or position in out) and name not in self.names.flags:
                    state = states.forgotten(state, self.mentioning(name))
        if site.summary is not None:
            return self.apply_summary(site, state)
        # a function not in view that is handed an object may lock it again, and
        # may drop a lock the path holds (a fault handler dropping mmap_lock):
        # taking such a lock again is not shown to be a double acquisition
        return states.may_drop_unseen(state, site.roots, self.may_be_dropped)

    def may_be_dropped(self, lock):
        """Whether a function not in view may drop ``lock`` and take it again."""
        return not lock.uncertain and lock.lock_class and \
            self.rules.group(lock.lock_class) in self.rules.may_drop

    def primitive(self, site, state):
        primitive, lock = site.primitive, site.lock
        if lock is None:
            return state
        # a lock reached through a pointer, or a pointer to a lock (spin_lock(ptl)):
        # the pointer is not NULL on this path
        root, fields = split_path(lock.instance)
        if fields and "->" in lock.instance or not fields and (
                root in self.names.locals or root in self.names.parameters):
            state = state.changed(facts=state.facts - {(root, False)} | {(root, True)})
        if primitive.op is Op.ACQUIRE:
            if lock.kind is Kind.CONTEXT and states.held_as(state, lock.instance):
                # __acquire(&sk->sk_lock.slock) before its spin_unlock_bh(): the
                # function hands the context on, sparse's count says so
                return state
            if lock.kind is Kind.NESTED and lock.outer is None:
                lock = self.child_of_held(lock, state)
            if state.facts and (ordered_by_test(lock, state) or lock.kind is Kind.NESTED
                                and related_by_test(lock, state)):
                lock = lock._replace(ordered=True)
            return self.acquire(lock, state)
        if primitive.op is Op.ASSERT:
            return states.asserted(state, lock)
        if primitive.op is Op.RELEASE:
            also = [other for other in state.held if other.lock_class
                    and self.rules.group(other.lock_class) in primitive.also]
            for other in sorted(also, key=repr):
                state = self.release(other, state)
            return self.release(lock, state, primitive.checks_mode)
        if primitive.op is Op.DOWNGRADE:
            return states.downgraded(state, lock.instance)
        if primitive.op is Op.INIT:
            # the path goes on as if it held the lock still: the finding is the
            # initialization, not the release that follows it
            for held in sorted(states.held_as(state, lock.instance), key=repr)[:1]:
                self.record.init(lock, held)
        return state

    def child_of_held(self, lock, state):
        """A subclass-annotated acquisition of a child's lock under its parent's,
        the way trees are locked (a dentry's d_lock under its parent's): the
        parent's lock as the lock's outer one.  The child is the object the held
        lock's object is reached from by one field (dentry and
        dentry->d_parent), or an element of its list (list_for_each_entry)."""
        child, _, field = lock.instance.rpartition("->")
        if not child:
            return lock
        same = states.sames(state.facts) if state.facts else ()
        for held in state.held:
            if held.lock_class != lock.lock_class or held.mark is not Mark.NONE:
                continue
            # by any name the path knows for it: parent is dentry->d_parent
            for name in variants(held.instance, same):
                if not name.endswith("->" + field):
                    continue
                parent = name[:-len(field) - 2]
                through_field = parent.startswith(child + "->") and \
                    "->" not in parent[len(child) + 2:]
                if through_field or (child.isidentifier() and parent.isidentifier()
                                     and states.member_fact(child, parent) in state.facts) \
                        or states.member_fact(child, states.SOME_LIST) in state.facts:
                    return lock._replace(outer=held.instance, outer_class=held.lock_class)
        return lock

    def acquire(self, lock, state):
        self.record.acquire(apart_named(lock, state), state.held, self.parameter_truths(state))
        self.widening.taken(lock.instance, state.facts)
        return states.acquired(state, lock)

    def parameter_truths(self, state):
        """What the path knows of the function's parameters' truths: (name, truth)."""
        return frozenset(fact for fact in state.facts if fact[0] in self.names.parameters)

    def release(self, lock, state, checks_mode=False):
        after, matching, pending = states.released(state, lock.instance)
        # held in the other mode only, as a primitive took it: up_read() of what
        # down_write() took (an annotation's lock says no mode)
        mismatched = min(matching, key=repr) if checks_mode and matching and all(
            held.mode is not lock.mode and held.call.split("(")[0] in self.rules.primitives
            for held in matching) else None
        # "held" means taken in view; a lock held on entry was taken by the caller
        was_held = any(h.origin is not Origin.ENTRY for h in matching) or bool(pending)
        double = not matching and not pending and lock.instance in state.released \
            and lock.instance not in state.handed and not lock.read_section
        failed = not matching and not pending and bool(state.facts) \
            and states.failed_fact(lock.instance) in state.facts
        aliases = variants(lock.instance, states.sames(state.facts))[1:] \
            if not was_held and state.facts else ()
        self.record.release(lock, was_held, double, failed, aliases, mismatched)
        return after

    def trylock_failed(self, lock, state):
        """A trylock's failure edge: the path knows the lock is not held."""
        if lock is None or states.held_as(state, lock.instance):
            return state
        return state.changed(facts=state.facts | {states.failed_fact(lock.instance)})

    def guard_steps(self, node, acquire):
        """guard(class)(&lock), scoped_guard(class, &lock) and scoped_cond_guard(class,
        fail, &lock): the lock the class takes (rules' [guards]), held to the end of
        the scope."""
        if is_guard(node):
            class_arguments, lock_arguments = call_arguments(node.name), call_arguments(node)
        else:
            class_arguments = call_arguments(node)
            lock_arguments = class_arguments[2 if node.name.name == "scoped_cond_guard" else 1:]
        if not class_arguments or not isinstance(class_arguments[0], c_ast.ID):
            return ()
        guard = self.rules.guard(class_arguments[0].name)
        lock = guard.lock and self.names.held_lock(guard.lock, lock_arguments, None, guard, node,
                                                   Origin.SCOPED)
        if not lock:
            return ()
        if not acquire:
            return (partial(self.guard_released, lock.instance),)
        return (partial(self.acquire, lock),)

    def guard_released(self, path, state):
        return states.released(state, path)[0]

    def apply_summary(self, site, state):
        """A function in view that takes or drops locks of its parameters."""
        summary, node, arguments = site.summary, site.node, site.arguments
        coord = node.coord
        text = self.names.text(node)

        def at_call(lock, origin):
            path = self.names.argument_path(lock.instance, summary.parameters, arguments)
            if path is None:
                return None
            # an annotation names a lock without its class: the caller's types give it
            return Held(path, lock.lock_class or self.names.class_of(path), lock.mode,
                        lock.kind, origin, coord.line, coord.column, text, mark=lock.mark,
                        apart=self.names.arguments_paths(lock.apart, summary.parameters,
                                                         arguments))
        # in the callee's order: a hand-over-hand helper takes the next lock
        # before it drops the previous one, and that nesting shows at the call;
        # one that drops the caller's lock first takes others (or it again) after
        steps = sorted([(lock.line, lock.column, "acquire", lock) for lock in summary.acquires]
                       + [(lock.line, lock.column, "release", lock) for lock in summary.releases]
                       + [(lock.line, lock.column, "take", lock) for lock in summary.takes]
                       + [(lock.line, lock.column, "maybe", lock) for lock in summary.may_release],
                       key=lambda step: step[:2])
        for _, _, action, lock in steps:
            # a lock the helper takes while it drops another it was handed is a
            # hand-over-hand step: the helper itself reports that nesting
            origin = Origin.HANDOVER if action == "acquire" and summary.releases else lock.origin
            held = at_call(lock, origin)
            if held is None or contradicted(lock.when, summary.parameters, arguments):
                continue
            if action == "take":
                # taken and dropped inside the callee: an acquisition under what this
                # path holds, for the nesting and order checks, that leaves nothing held
                self.record.acquire(apart_named(held, state), state.held,
                                    self.parameter_truths(state))
            elif action == "acquire":
                state = self.acquire(held, state)
            elif action == "maybe":
                state = states.may_be_released(state, held)
            else:
                state = self.release(held, state)
        for lock, parameter, truth in summary.drops_where_set:
            state = self.dropped_where_set(at_call(lock, lock.origin), parameter, truth, site,
                                           state)
        return state

    def dropped_where_set(self, lock, parameter, truth, site, state):
        """A callee dropped ``lock`` where it set ``*parameter`` to ``truth``: with
        ``&flag`` passed, the path holds it where the flag is not that truth, as
        a trylock's result holds where its variable is true."""
        summary = site.summary
        argument = site.arguments[summary.parameters.index(parameter)] \
            if len(site.arguments) == len(summary.parameters) else None
        if lock is None or not (isinstance(argument, c_ast.UnaryOp) and argument.op == "&"
                                and isinstance(argument.expr, c_ast.ID)):
            return state
        flag = argument.expr.name
        held = states.held_as(state, lock.instance)
        if not held:
            return state
        mentioning = self.mentioning(flag)
        return state.changed(held=state.held - held,
                             facts=frozenset(filterfalse(mentioning, state.facts)),
                             pending=state.pending | {(flag, h, truth, True) for h in held})

    def put_object(self, call, truth):
        """The object whose locks a reference put's release callback dropped, where
        the put's result is ``truth`` (see LOCKED_CALLBACK), or None."""
        if not (truth and isinstance(call, c_ast.FuncCall) and isinstance(call.name, c_ast.ID)):
            return None
        primitive = self.rules.primitives.get(call.name.name)
        arguments = call_arguments(call)
        if primitive is None or primitive.op is not Op.PUT or len(arguments) < 2 or not (
                isinstance(arguments[1], c_ast.ID) and LOCKED_CALLBACK.search(arguments[1].name)):
            return None
        return root_of(self.names.normalise(self.names.path_of(arguments[0])))

    def object_released(self, root, state):
        """Every lock the path holds through ``root``, released."""
        for lock in sorted(state.held, key=repr):
            if lock.mark is Mark.NONE and rooted_at(lock.instance, root):
                state = self.release(lock, state)
        return state

    def dropped_where(self, call, truth):
        """The caller's locks a function in view dropped where its result is
        ``truth`` (non-zero: it returned an error code), as this path names them."""
        if not (truth and isinstance(call.name, c_ast.ID)):
            return ()
        summary = self.summaries.get(call.name.name)
        if summary is None or not summary.drops_on_error:
            return ()
        arguments = call_arguments(call)
        paths = (self.names.argument_path(lock.instance, summary.parameters, arguments)
                 for lock in summary.drops_on_error)
        return tuple(path for path in paths if path is not None)

    def dropped(self, paths, state):
        """The locks ``paths`` released (by a callee, for this path)."""
        for path in paths:
            state = states.released(state, path)[0]
        return state

    def failed_trylock_of(self, call, truth):
        """The lock a trylock primitive failed to take where its result is ``truth``
        (not a wrapper's found in its body: its false may mean other things; one
        declared __cond_acquires says what its false means), or None."""
        primitive = self.rules.primitives.get(call.name.name)
        if primitive is None or primitive.op not in TRYING_OPS:
            summary = self.summaries.get(call.name.name)
            if summary is None or not summary.tries \
                    or not summary.tries[0].call.startswith("__cond_acquires("):
                return None
        return self.trylock_of(call, not truth)

    def trylock_of(self, call, truth):
        """The lock a trylock call (or a trylock wrapper in view) holds where the
        call's result is ``truth``, or None."""
        if not (isinstance(call, c_ast.FuncCall) and isinstance(call.name, c_ast.ID)):
            return None
        arguments = call_arguments(call)
        coord = (call.coord.line, call.coord.column)
        origin = Origin.TRY_RETRIED if coord in self.retrying else Origin.TRY_ONCE
        primitive = self.rules.primitives.get(call.name.name)
        if primitive is not None and primitive.op in TRYING_OPS:
            if truth != held_where_true(primitive.op):
                return None
            return self.names.held_lock(primitive.lock, arguments, None, primitive, call,
                                        origin if primitive.op is Op.TRY else None)
        summary = self.summaries.get(call.name.name)
        if summary is None or not summary.tries or truth != summary.try_truth:
            return None
        lock = summary.tries[0]
        path = self.names.argument_path(lock.instance, summary.parameters, arguments)
        if path is None:
            return None
        return Held(path, lock.lock_class or self.names.class_of(path), lock.mode, lock.kind,
                    origin, call.coord.line, call.coord.column, self.names.text(call))


class CallSite:
    """A call of a named function, in all that does not depend on the state."""

    def __init__(self, node, transfer):
        names = transfer.names
        self.node = node
        self.callee = node.name.name
        self.arguments = call_arguments(node)
        self.texts = tuple(names.text(argument) for argument in self.arguments)
        self.names = tuple(argument.name for argument in self.arguments
                           if isinstance(argument, c_ast.ID))
        # (position, name) of the arguments that are a variable's address: &copy
        self.addressed = tuple((position, argument.expr.name)
                               for position, argument in enumerate(self.arguments)
                               if isinstance(argument, c_ast.UnaryOp) and argument.op == "&"
                               and isinstance(argument.expr, c_ast.ID))
        # an iterator macro moves its cursors on: (name, the step assigning it);
        # one the rules do not know may move any name it is given
        self.cursors = ()
        if is_iterator(self.callee):
            positions = iterator_cursors().get(self.callee, range(len(self.arguments)))
            moved = [self.arguments[i] for i in positions if i < len(self.arguments)]
            self.cursors = tuple((argument.name, transfer.assignment_steps(argument, None)[0])
                                 for argument in moved if isinstance(argument, c_ast.ID))
        # list_for_each_entry(child, &parent->children, ...): the cursors are
        # elements of the object whose list they walk
        self.members = frozenset(
            states.member_fact(cursor, root_of(names.normalise(names.path_of(argument))))
            for cursor, _ in self.cursors for argument in self.arguments
            if isinstance(lock_operand_of(argument), c_ast.StructRef))
        self.primitive = transfer.rules.primitives.get(self.callee)
        self.summary = transfer.summaries.get(self.callee)
        # the lock a primitive takes or drops here; a trylock's is taken where
        # its result is tested
        self.lock = None
        if self.primitive is not None and not taken_where_tested(self.primitive):
            self.lock = names.held_lock(self.primitive.lock, self.arguments, None,
                                        self.primitive, node)
        # the objects a function not in view is handed
        self.roots = set()
        if self.primitive is None and self.summary is None:
            self.roots = {root_of(names.path_of(argument)) for argument in self.arguments}


def contradicted(truths, parameters, arguments):
    """Whether a call's constant arguments contradict the truths (parameter,
    truth) of the callee's parameters: table_unlink(t, false) does not take what
    table_unlink() takes under if (lock)."""
    if len(arguments) != len(parameters):
        return False
    return any(constant_truth(arguments[parameters.index(parameter)]) is (not truth)
               for parameter, truth in truths)


def apart_named(lock, state):
    """``lock``, with the caller's locks a callee dropped before it took it by
    every name the path knows for them (dentry->d_parent->d_lock is parent->d_lock)."""
    if not lock.apart or not state.facts:
        return lock
    same = states.sames(state.facts)
    return lock._replace(apart=tuple(dict.fromkeys(
        name for path in lock.apart for name in variants(path, same))))


def roots_of_class(lock, state):
    """(the object of ``lock``, the other objects whose locks of its class are held)."""
    root = root_of(lock.instance)
    return root, {root_of(held.instance) for held in state.held
                  if held.lock_class == lock.lock_class and root_of(held.instance) != root}


def ordered_by_test(lock, state):
    """Whether the path tested an order (<, >) between the object of ``lock`` and
    that of a held lock of its class: two objects locked lower address first."""
    root, others = roots_of_class(lock, state)
    for key, _ in state.facts:
        match = ORDER_TEST.match(key)
        if match and {match.group(1), match.group(2)} in ({root, other} for other in others):
            return True
    return False


def related_by_test(lock, state):
    """Whether the path tested a relation the code computed of the object of
    ``lock`` and that of a held lock of its class (p = d_ancestor(a, b); if (p)
    ...): the branch taken chose which of the two to lock first."""
    root, others = roots_of_class(lock, state)
    for key, _ in state.facts:
        relation = states.relation_of(key)
        if relation is not None and states.fact_known(relation[0], state) is not None \
                and any({root, other} <= relation[1] for other in others):
            return True
    return False


def lock_operand_of(node):
    return node.expr if isinstance(node, c_ast.UnaryOp) and node.op == "&" else node


def taken_where_tested(primitive):
    """Whether a primitive's lock is held only where its result is tested: a
    trylock's, or one the primitive returns."""
    return primitive.op in TRYING_OPS or "{return}" in primitive.lock


def mentions(text, name):
    """Whether a condition's text names a variable or access path (not a field
    of the same name: p->name, p.name; nor its size, sizeof(name), which no
    assignment changes)."""
    if "sizeof" in text:
        text = SIZEOF.sub("", text)
    return any(word_ends(text, name, ">."))


def is_dereference(node):
    """``*name``: what a pointer variable points to (*new, an out-parameter *locked)."""
    return (isinstance(node, c_ast.UnaryOp) and node.op == "*"
            and isinstance(node.expr, c_ast.ID))


def value_text(node):
    return node.value if isinstance(node, c_ast.Constant) else node.name


def is_zero(node):
    return (isinstance(node, c_ast.Constant) and node.value in FALSE_CONSTANTS) or (
        isinstance(node, c_ast.ID) and node.name in ("NULL", "false"))


def is_true(node):
    return isinstance(node, c_ast.ID) and node.name == "true"
