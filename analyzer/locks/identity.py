"""Lock identity: which lock an expression names, as lockdep names locks.

A lock has an instance, the access path that reaches it (vma->anon_vma->lock,
local aliases followed), and a class, the struct member it lives in
(anon_vma.lock), found from the declared types of the function's names and the
rules' pointer types.  LockNames answers these questions for one function.
"""

import re
from functools import lru_cache

from pycparser import c_ast, c_generator

from analyzer.cfront.kernel_c import VALUE_READS
from analyzer.locks.facts import Held, Mark, Origin

GENERATOR = c_generator.CGenerator()
PATH_STEP = re.compile(r"->|\.")
TEMPLATE_ARGUMENT = re.compile(r"\{(\w+)\}")
ENUMERATOR = re.compile(r"^[A-Z][A-Z0-9_]+$")


def code(node):
    """The expression as C text, spaces collapsed."""
    return " ".join(GENERATOR.visit(node).split())


def lock_operand(node):
    """The expression under the &, the casts and the value reads of a lock expression."""
    while True:
        if isinstance(node, c_ast.UnaryOp) and node.op == "&":
            node = node.expr
        elif isinstance(node, c_ast.Cast):
            node = node.expr
        elif is_value_read(node):
            node = node.args.exprs[0]
        else:
            return node


def read_value(node):
    """The expression a value read (READ_ONCE(x), rcu_dereference(x)) reads, or the node."""
    while is_value_read(node):
        node = node.args.exprs[0]
    return node


def is_value_read(node):
    return isinstance(node, c_ast.FuncCall) and isinstance(node.name, c_ast.ID) \
        and node.name.name in VALUE_READS and node.args is not None and bool(node.args.exprs)


def as_path(text):
    """C text as an access path: spaces and parentheses dropped."""
    return text.replace(" ", "").replace("(", "").replace(")", "")


@lru_cache(maxsize=8192)
def split_path(path):
    """``vma->anon_vma->lock`` -> ("vma", ("anon_vma", "lock"))."""
    parts = PATH_STEP.split(path)
    return parts[0], tuple(parts[1:])


def root_of(path):
    return split_path(path)[0]


def rooted_at(path, root):
    """Whether an access path is ``root`` or reaches through it: vma->anon_vma at vma."""
    return path == root or path.startswith((root + "->", root + "."))


@lru_cache(maxsize=8192)
def variants(instance, same):
    """The names ``instance`` has where the path knows each pair (x, y) of
    ``same`` names one object: with anon_vma == root, anon_vma->lock is
    root->lock too.  One substitution per name, so a pair (a, a->root) does
    not grow a->root->root->..."""
    found = [instance]
    for pair in same:
        for one, other in (pair, pair[::-1]):
            if rooted_at(instance, one):
                found.append(other + instance[len(one):])
    return tuple(dict.fromkeys(found))


def chained_variants(instance, same, rounds=3):
    """``variants`` through chains of the pairs, a few substitutions deep: with
    a == b and b == c, a->lock is c->lock too."""
    found = {instance: None}
    frontier = [instance]
    for _ in range(rounds):
        frontier = [name for path in frontier for name in variants(path, same)[1:]
                    if name not in found]
        if not frontier:
            break
        found.update(dict.fromkeys(frontier))
    return tuple(found)


def keys_at_exit(exit, lock):
    """The keys of a lock held at an exit: its own, and those of the other names
    the path knows for it (``variants``)."""
    if not exit.same or lock.mark is not Mark.NONE:
        return (lock.key,)
    return tuple((name, lock.mark) for name in variants(lock.instance, exit.same))


def held_at_exit(exit, accepted=None):
    """key -> Held of the locks held at an exit (those ``accepted`` takes), each
    also under the other names the path knows for it, renamed."""
    found = {}
    for lock in exit.held:
        if accepted is None or accepted(lock):
            found[lock.key] = lock
            for key in keys_at_exit(exit, lock)[1:]:
                found.setdefault(key, lock._replace(instance=key[0]))
    return found


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


def call_arguments(call):
    return call.args.exprs if call.args else []


def remembered(cache, node, compute):
    """compute(node), once per AST node: texts and paths are asked for from several
    places (keyed by id(), the analysis keeps its AST alive)."""
    found = cache.get(id(node))
    if found is None:
        found = cache[id(node)] = compute(node)
    return found


class LockNames:
    """The names of one function: their types, local aliases, and the locks
    expressions name through them."""

    def __init__(self, function, parameters, rules, path):
        self.rules = rules
        self.parameters = parameters
        self.path = path        # the file's, for the rule sets' conventions that hold there
        declarations = Declarations(function.ast, rules.typedefs)
        # variable -> struct name: the declarations parsed, then those out of the
        # text parsed (a fragment's @@ context)
        self.types = {**function.declared, **declarations.types}
        self.locals = declarations.locals
        self.texts = {}         # id(AST node) -> its C text
        self.paths = {}         # id(AST node) -> its access path
        self.aliases = self.local_aliases(declarations.assignments, declarations.moved)
        # locals only ever set to constants, not NULL (locked = true ... locked =
        # false): what a path knows of them ties a lock to its unlock, and has few values
        self.flags = frozenset(name for name, values in declarations.assignments.items()
                               if name in self.locals and name not in declarations.stepped
                               and all(is_flag_value(read_value(value)) for value in values))
        # the declared type of a local stands for the path it aliases: with
        # struct inode *inode = path->dentry->d_inode, that path is an inode
        self.path_types = {alias: self.types[name] for name, alias in self.aliases.items()
                           if name in self.types and not alias.startswith("&")}

    def text(self, node):
        # ID nodes are not remembered: the analysis makes short-lived ones
        # (declarations read as assignments) whose id() a later node may reuse
        return node.name if isinstance(node, c_ast.ID) else remembered(self.texts, node, code)

    def path_of(self, node):
        """A lock expression as an access path: &vma->anon_vma->lock -> vma->anon_vma->lock."""
        return node.name if isinstance(node, c_ast.ID) else remembered(
            self.paths, node, lambda node: as_path(self.text(lock_operand(node))))

    def local_aliases(self, assignments, moved):
        """Locals assigned exactly once from another access path: tmp = vma->anon_vma,
        ptl = &mm->page_table_lock, cxt = &global_context (cxt->lock is global_context.lock).
        Not one from a field the function assigns (``moved``): old_parent =
        dentry->d_parent names the old parent after dentry->d_parent is moved on."""
        aliases = {}
        for name, values in assignments.items():
            value = read_value(values[0]) if len(values) == 1 else None
            if isinstance(value, c_ast.UnaryOp) and value.op == "&" and isinstance(
                    value.expr, c_ast.ID) and name not in self.parameters:
                aliases[name] = "&" + value.expr.name
                continue
            if isinstance(value, c_ast.UnaryOp) and value.op == "&" and isinstance(
                    value.expr, c_ast.StructRef):
                value = value.expr      # ptl = &mm->page_table_lock names that lock
            if value is not None and name not in self.parameters and isinstance(
                    value, c_ast.StructRef):
                path = self.path_of(value)
                if not any(rooted_at(path, field) for field in moved):
                    aliases[name] = path
        return aliases

    def normalise(self, path):
        """Follow local aliases at the root: tmp->lock with tmp = vma->anon_vma."""
        for _ in range(4):
            root = root_of(path)
            alias = self.aliases.get(root)
            if alias is None:
                break
            if alias.startswith("&"):
                # a pointer to a variable: p->x is that variable's x
                rest = path[len(root):]
                path = alias[1:] + ("." + rest[2:] if rest.startswith("->") else rest)
                continue
            path = alias + path[len(root):]
        return path

    def struct_of(self, path):
        """The struct type an access path points to, or None."""
        root, fields = split_path(path)
        struct = self.types.get(root) or self.rules.name_type(root, self.path)
        reached = root
        for step, name in zip(PATH_STEP.findall(path), fields):
            reached += step + name
            struct = self.rules.field_type(struct, name) if struct else \
                self.rules.field_type("?", name)
            struct = struct or self.path_types.get(reached)
            if struct is None:
                return None
        return struct

    def class_of(self, path, override=None, call=""):
        """The class of the lock ``path`` names (where the primitive ``call`` takes it)."""
        if override:
            return override
        root, fields = split_path(path)
        if not fields:
            return root if root not in self.types and root not in self.parameters else None
        struct = self.struct_of(root + "".join("->" + f for f in fields[:-1])) \
            or self.rules.owner(fields[-1], call)
        return f"{struct}.{fields[-1]}" if struct else None

    def argument_path(self, path, parameters, arguments):
        """A callee's path rooted at one of its ``parameters``, as the caller names
        it through the call's ``arguments``; a global's path as it is; None for a
        parameter the call does not pass."""
        root = root_of(path)
        if root not in parameters:
            return path
        index = parameters.index(root)
        if index >= len(arguments):
            return None
        argument, rest = arguments[index], path[len(root):]
        if isinstance(argument, c_ast.UnaryOp) and argument.op == "&" and rest.startswith("->"):
            # handed &x: the callee's w->mu is the caller's x.mu
            rest = "." + rest[2:]
        return self.normalise(self.path_of(argument) + rest)

    def arguments_paths(self, paths, parameters, arguments):
        """The callee's ``paths`` as the caller names them (argument_path), those it can."""
        if not paths:
            return ()
        found = (self.argument_path(path, parameters, arguments) for path in paths)
        return tuple(path for path in found if path is not None)

    def held_lock(self, template, arguments, result, primitive, node, origin=None):
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
            path = self.normalise(TEMPLATE_ARGUMENT.sub(argument, template))
        except LookupError:
            return None
        outer = None
        if primitive.outer:
            try:
                outer = self.normalise(TEMPLATE_ARGUMENT.sub(argument, primitive.outer))
            except LookupError:
                outer = None
        if origin is None:
            origin = Origin.PERSISTENT if primitive.hold else Origin.CALL
        coord = node.coord
        return Held(path, self.class_of(path, primitive.lock_class, primitive.name), primitive.mode,
                    primitive.kind, origin, coord.line, coord.column, self.text(node), outer,
                    self.class_of(outer) if outer else None)


def is_enumerator(name):
    """An enumerator-like name: M_PARTIAL, VM_FAULT_RETRY."""
    return ENUMERATOR.match(name) is not None


def is_value(node):
    """A constant or an enumerator-like name (M_PARTIAL)."""
    return isinstance(node, c_ast.Constant) or (
        isinstance(node, c_ast.ID) and is_enumerator(node.name))


def is_flag_value(node):
    """A value a flag is set to: a constant, true or false (not NULL: a pointer's)."""
    if isinstance(node, c_ast.ID) and node.name == "NULL":
        return False
    return is_value(node) or (isinstance(node, c_ast.ID) and node.name in ("true", "false"))


def struct_name(type_node, typedefs):
    """The struct a declaration's type names (through pointers, arrays and the
    ``typedefs`` of struct types: wait_queue_head_t), or None."""
    while isinstance(type_node, (c_ast.PtrDecl, c_ast.ArrayDecl, c_ast.TypeDecl)):
        type_node = type_node.type
    if isinstance(type_node, c_ast.IdentifierType) and len(type_node.names) == 1:
        return typedefs.get(type_node.names[0])
    return type_node.name if isinstance(type_node, (c_ast.Struct, c_ast.Union)) else None


class Declarations:
    """One walk over a function for what the analysis knows of its names: the
    struct types of parameters and locals, the locals, and what each local is
    assigned (for aliases and flags)."""

    def __init__(self, definition, typedefs):
        self.typedefs = typedefs    # typedef name -> the struct it names
        self.types = {}         # variable -> struct name
        self.locals = set()     # names declared in the body
        self.assignments = {}   # name -> values assigned in the body
        self.moved = set()      # fields assigned in the body: dentry->d_parent
        self.stepped = set()    # names counted up or down: i++, n += size
        self.written_through = set()    # pointers the body assigns through: *new_fdp = fd
        self.read_through = set()       # pointers the body reads through: if (*locked)
        self.walk(definition.decl, in_body=False)
        self.walk(definition.body, in_body=True)

    def walk(self, node, in_body):
        # a NodeVisitor's walk, without its dispatch and naming of children
        if isinstance(node, c_ast.Decl):
            struct = struct_name(node.type, self.typedefs)
            if node.name and struct:
                self.types[node.name] = struct
            if node.name and in_body:
                self.locals.add(node.name)
                if node.init is not None:
                    self.assignments.setdefault(node.name, []).append(node.init)
        elif isinstance(node, c_ast.Assignment) and isinstance(node.lvalue, c_ast.ID):
            self.assignments.setdefault(node.lvalue.name, []).append(node.rvalue)
            if node.op != "=":
                self.stepped.add(node.lvalue.name)
        elif isinstance(node, c_ast.UnaryOp) and node.op in ("++", "--", "p++", "p--") \
                and isinstance(node.expr, c_ast.ID):
            self.stepped.add(node.expr.name)
        elif isinstance(node, c_ast.Assignment) and isinstance(node.lvalue, c_ast.StructRef):
            self.moved.add(as_path(code(node.lvalue)))
        elif isinstance(node, c_ast.Assignment) and isinstance(node.lvalue, c_ast.UnaryOp) \
                and node.lvalue.op == "*" and isinstance(node.lvalue.expr, c_ast.ID):
            self.written_through.add(node.lvalue.expr.name)
            if node.op == "=":
                self.walk(node.rvalue, in_body)
                return
        elif isinstance(node, c_ast.UnaryOp) and node.op == "*" \
                and isinstance(node.expr, c_ast.ID):
            self.read_through.add(node.expr.name)
        for child in node:
            self.walk(child, in_body)


def out_parameters(definition, typedefs):
    """The positions of the parameters a function assigns through (``*p = x``)
    and never reads through: a caller's ``&x`` there comes back with a new value.
    One it reads too is state the caller keeps, which the function updates
    (``if (*locked) { unlock; *locked = false; }``).  None for a function
    nested too deeply to read: any of them may be."""
    try:
        declarations = Declarations(definition, typedefs)
    except RecursionError:
        return None
    out = declarations.written_through - declarations.read_through
    return frozenset(index for index, name in enumerate(parameter_names(definition))
                     if name in out)


def parameter_names(definition):
    declaration = definition.decl.type
    while not isinstance(declaration, c_ast.FuncDecl) and hasattr(declaration, "type"):
        declaration = declaration.type
    parameters = getattr(declaration, "args", None)
    if parameters is None:
        return []
    return [p.name for p in parameters.params if isinstance(p, c_ast.Decl) and p.name]
