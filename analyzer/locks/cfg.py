"""Control-flow graph of a function body, built from the pycparser AST.

A node holds events, evaluated in order:
  ("eval", expr)            an expression or declaration, for its effects;
  ("return", node)          a return, before the edge to the exit;
  ("end", body)             control reaching the closing brace;
  ("scoped_acquire", call)  entering scoped_guard(...) { };
  ("scoped_release", call)  leaving scoped_guard's block, or the block of a guard().
Edges carry what is known on them: (target, condition, truth) or
(target, None, None).  Loops (iterator macros are While loops after cfront),
switch with fall-through, break/continue, goto and labels are all edges.

As C defines it: a constant condition (``while (1)``, ``do { } while (0)``,
``if (!1)``, ``IS_ENABLED(CONFIG_...)`` of an option the assumed configuration
turns on) has only the edge it takes, and a call of a no-return function
(``BUG()``, ``panic()``) ends its path.
"""

from pycparser import c_ast

from analyzer.cfront.preprocess import configuration


class Node:
    __slots__ = ("index", "events", "edges")

    def __init__(self, index):
        self.index = index
        self.events = []
        self.edges = []

    def link(self, target, condition=None, truth=None):
        self.edges.append((target, condition, truth))


class CFG:
    def __init__(self):
        self.nodes = []
        self.entry = self.new()
        self.exit = self.new()

    def new(self):
        node = Node(len(self.nodes))
        self.nodes.append(node)
        return node


def build_cfg(body, noreturn=frozenset()):
    """The CFG of a function body (a c_ast.Compound); calls of the functions
    ``noreturn`` do not come back."""
    builder = Builder(noreturn)
    end = builder.statement(body, builder.cfg.entry, None, None)
    if end is not None:
        end.events.append(("end", body))
        end.link(builder.cfg.exit)
    for node, label in builder.gotos:
        target = builder.labels.get(label)
        node.link(target if target is not None else builder.cfg.exit)
    return builder.cfg


class Builder:
    def __init__(self, noreturn):
        self.cfg = CFG()
        self.labels = {}
        self.gotos = []
        self.noreturn = noreturn

    def statement(self, node, current, breaks, continues):
        """Add ``node`` after ``current``; return where control goes on (None: nowhere)."""
        if current is None:
            current = self.cfg.new()    # unreachable unless a label makes it so
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is not None:
            return method(node, current, breaks, continues)
        current.events.append(("eval", node))
        if isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID) \
                and node.name.name in self.noreturn:
            return None
        return current

    def branch(self, current, target, cond, truth):
        """The edge to ``target`` where ``cond`` is ``truth``, if it can be taken.
        A branch hint is only a hint: the edge knows the condition it wraps
        (likely(!old) is !old); a comma expression's value is its last part's."""
        if constant_truth(cond) in (None, truth):
            current.link(target, unwrapped(cond), truth)

    def visit_Compound(self, node, current, breaks, continues):
        guards = []
        for item in node.block_items or []:
            current = self.statement(item, current, breaks, continues)
            if is_guard(item):
                guards.append(item)
        # guard(spinlock)(&l) holds l to the end of its block
        if current is not None:
            for guard in reversed(guards):
                current.events.append(("scoped_release", guard))
        return current

    def visit_Assignment(self, node, current, breaks, continues):
        # pte = (mm == &init_mm) ? pte_offset_kernel(...) : pte_offset_map_lock(...):
        # a call in an arm of the value runs on that arm's path only
        ternary = assigned_value(node)
        if not (isinstance(ternary, c_ast.TernaryOp) and any(
                isinstance(arm, c_ast.FuncCall) for arm in (ternary.iftrue, ternary.iffalse))):
            current.events.append(("eval", node))
            return current
        split = c_ast.If(ternary.cond, assigning(node, ternary.iftrue),
                         assigning(node, ternary.iffalse), node.coord)
        return self.visit_If(split, current, breaks, continues)

    def visit_EmptyStatement(self, node, current, breaks, continues):
        return current

    def visit_If(self, node, current, breaks, continues):
        current.events.append(("eval", node.cond))
        then_node, else_node, join = self.cfg.new(), self.cfg.new(), self.cfg.new()
        self.branch(current, then_node, node.cond, True)
        self.branch(current, else_node, node.cond, False)
        scoped = is_call(node.cond, "scoped_guard", "scoped_cond_guard")
        if scoped:
            then_node.events.append(("scoped_acquire", node.cond))
        then_end = self.statement(node.iftrue, then_node, breaks, continues)
        if scoped and then_end is not None:
            then_end.events.append(("scoped_release", node.cond))
        else_end = (self.statement(node.iffalse, else_node, breaks, continues)
                    if node.iffalse is not None else else_node)
        for end in (then_end, else_end):
            if end is not None:
                end.link(join)
        return join

    def loop(self, current, cond, body, step, breaks_first):
        head, body_node, after = self.cfg.new(), self.cfg.new(), self.cfg.new()
        continue_target = self.cfg.new() if step is not None else head
        if breaks_first:
            current.link(body_node)
        else:
            current.link(head)
        if cond is not None:
            head.events.append(("eval", cond))
            self.branch(head, body_node, cond, True)
            self.branch(head, after, cond, False)
        else:
            head.link(body_node)
        end = self.statement(body, body_node, after, continue_target)
        if end is not None:
            end.link(continue_target)
        if step is not None:
            continue_target.events.append(("eval", step))
            continue_target.link(head)
        return after

    def visit_While(self, node, current, breaks, continues):
        return self.loop(current, node.cond, node.stmt, None, False)

    def visit_DoWhile(self, node, current, breaks, continues):
        return self.loop(current, node.cond, node.stmt, None, True)

    def visit_For(self, node, current, breaks, continues):
        if node.init is not None:
            current.events.append(("eval", node.init))
        return self.loop(current, node.cond, node.stmt, node.next, False)

    def visit_Switch(self, node, current, breaks, continues):
        current.events.append(("eval", node.cond))
        after = self.cfg.new()
        previous = None     # end of the case before, for fall-through
        has_default = False
        items = node.stmt.block_items if isinstance(node.stmt, c_ast.Compound) else [node.stmt]
        for item in items or []:
            if isinstance(item, (c_ast.Case, c_ast.Default)):
                has_default = has_default or isinstance(item, c_ast.Default)
                entry = self.cfg.new()
                current.link(entry)
                if previous is not None:
                    previous.link(entry)
                previous = entry
                for statement in item.stmts or []:
                    previous = self.statement(statement, previous, after, continues)
            elif previous is not None:
                previous = self.statement(item, previous, after, continues)
        if previous is not None:
            previous.link(after)
        if not has_default:
            current.link(after)
        return after

    def visit_Break(self, node, current, breaks, continues):
        if breaks is not None:
            current.link(breaks)
        return None

    def visit_Continue(self, node, current, breaks, continues):
        if continues is not None:
            current.link(continues)
        return None

    def visit_Return(self, node, current, breaks, continues):
        current.events.append(("return", node))
        current.link(self.cfg.exit)
        return None

    def visit_Goto(self, node, current, breaks, continues):
        self.gotos.append((current, node.name))
        return None

    def visit_Label(self, node, current, breaks, continues):
        target = self.cfg.new()
        self.labels[node.name] = target
        current.link(target)
        return self.statement(node.stmt, target, breaks, continues)

    def visit_Case(self, node, current, breaks, continues):
        # a case label outside a switch body's top level (Duff's device): read on
        for statement in node.stmts or []:
            current = self.statement(statement, current, breaks, continues)
        return current

    visit_Default = visit_Case


def constant_truth(expr):
    """True or False for a condition whose value C fixes (1, 0x0, !0, 1 && 0,
    IS_ENABLED(CONFIG_X) of an option the assumed configuration turns on, stdbool's
    true and false), None for any other."""
    if isinstance(expr, c_ast.ID) and expr.name in ("true", "false"):
        return expr.name == "true"
    if isinstance(expr, c_ast.Constant) and expr.type in ("int", "unsigned int", "long int",
                                                         "unsigned long int", "long long int",
                                                         "unsigned long long int"):
        digits = expr.value.rstrip("uUlL").lower()
        if digits.startswith(("0x", "0b")):
            return int(digits, 0) != 0
        return int(digits, 8 if digits.startswith("0") else 10) != 0     # 010 is C's octal
    if isinstance(expr, c_ast.UnaryOp) and expr.op == "!":
        inner = constant_truth(expr.expr)
        return None if inner is None else not inner
    if isinstance(expr, c_ast.BinaryOp) and expr.op in ("&&", "||"):
        left, right = constant_truth(expr.left), constant_truth(expr.right)
        decides = expr.op == "||"   # the value that decides either side alone
        if decides in (left, right):
            return decides
        return None if None in (left, right) else not decides
    if is_call(expr, "IS_ENABLED", "IS_BUILTIN") and len(expr.args.exprs) == 1 \
            and isinstance(expr.args.exprs[0], c_ast.ID):
        # an option the configuration leaves off decides nothing: its block is the
        # code of the builds that turn it on, read as an #if branch they take is
        # (cfront's every_branch); a lock bug there is one in those builds
        return True if expr.args.exprs[0].name in configuration() else None
    if is_call(expr, "likely", "unlikely") and len(expr.args.exprs) == 1:
        return constant_truth(expr.args.exprs[0])
    return None


def assigned_value(node):
    """The value a chain of plain assignments (a = b = value) assigns."""
    while isinstance(node, c_ast.Assignment) and node.op == "=":
        node = node.rvalue
    return node


def assigning(node, value):
    """The chain of plain assignments ``node`` with ``value`` for the value it assigns."""
    if not (isinstance(node, c_ast.Assignment) and node.op == "="):
        return value
    return c_ast.Assignment("=", node.lvalue, assigning(node.rvalue, value), node.coord)


def unwrapped(cond):
    """The condition a branch hint or a comma expression stands for: likely(!old)
    is !old, a comma expression's value is its last part's."""
    while isinstance(cond, c_ast.ExprList) and cond.exprs or \
            is_call(cond, "likely", "unlikely") and len(cond.args.exprs) == 1:
        cond = cond.exprs[-1] if isinstance(cond, c_ast.ExprList) else cond.args.exprs[0]
    return cond


def ternary_tested(cond):
    """(test, same) for a ?: whose arms C fixes to opposite truths, which stands
    for its test: ``c ? 1 : 0`` is c (same), ``c ? 0 : 1`` is !c; else None."""
    if not isinstance(cond, c_ast.TernaryOp):
        return None
    iftrue, iffalse = constant_truth(cond.iftrue), constant_truth(cond.iffalse)
    if iftrue is None or iffalse is None or iftrue == iffalse:
        return None
    return cond.cond, iftrue


def is_guard(node):
    """``guard(class)(&lock)``: a call of what guard(class) returns."""
    return isinstance(node, c_ast.FuncCall) and is_call(node.name, "guard")


def is_call(node, *names):
    return (isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID)
            and node.name.name in names)


def retried(node, failure_targets, releases):
    """Whether control that leaves ``node`` for ``failure_targets`` (a failed
    trylock) drops a lock (``releases(n)`` says where) and comes back to
    ``node``: back-off and retry, not a skip to the next element."""
    seen = set()
    stack = [(target, releases(target)) for target in failure_targets]
    while stack:
        current, backed_off = stack.pop()
        if current is node:
            if backed_off:
                return True
            continue
        if (current.index, backed_off) in seen:
            continue
        seen.add((current.index, backed_off))
        stack.extend((target, backed_off or releases(target))
                     for target, _, _ in current.edges)
    return False
