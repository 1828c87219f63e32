"""Stage 3: kernel C to pycparser ASTs, without headers or a build.

preprocess (comments, #if) -> kernel_c (GNU C and kernel macros rewritten)
-> split (functions, structs) -> typedefs (which names are types) -> parser.
Every coordinate in an AST is the line and column in the real file.
"""

import bisect
import gc
import re
from typing import NamedTuple

from pycparser import c_parser

from analyzer.cfront.edits import Edits
from analyzer.cfront.kernel_c import (Annotation, rewrite_body, rewrite_file_level,
                                      rewrite_header)
from analyzer.cfront.parser import KernelParser
from analyzer.cfront.preprocess import blank_literals, remove_comments, strip_directives
from analyzer.cfront.split import function_name, split_items
from analyzer.cfront.typedefs import infer_typedefs


ERROR_POSITION = re.compile(r"^(.*?):(\d+):(\d+):")

# a trylock macro, as the kernel writes them: #define foo_trylock(f) __cond_lock(&(f)->lock,
# _foo_trylock(f)) holds its first argument where the call is true
COND_LOCK_MACRO = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)\(([\w\s,]*)\)[ \t\\\n]*"
                             r"\(?[ \t]*__cond_lock[ \t]*\(([^,]+),", re.M)


class Function:
    __slots__ = ("name", "path", "line", "end_line", "ast", "error", "annotations", "branches",
                 "text", "declared")

    def __init__(self, name, path, line, end_line, ast=None, error=None, annotations=None,
                 branches=None, text=""):
        self.name = name
        self.path = path
        self.line = line            # line of the header's first character
        self.end_line = end_line    # line of the closing brace
        self.ast = ast              # pycparser c_ast.FuncDef, None when it did not parse
        self.error = error
        self.annotations = [] if annotations is None else annotations
        self.branches = [] if branches is None else branches    # the #if decisions inside it
        self.text = text            # the definition as parsed (after the kernel C rewrites)
        self.declared = {}          # name -> struct, declared out of the text parsed (@@ context)

    @property
    def chosen(self):
        """The branches this reading takes that the configuration does not, as a
        report says them ("#else at line 40 taken"), or ""."""
        return ", ".join(f"{b.directive} at line {b.line} taken"
                         for b in self.branches if b.taken and not b.configured)


class Struct(NamedTuple):
    name: str | None
    line: int
    end_line: int
    text: str           # the definition as the front end read it


class Prototype(NamedTuple):
    """A declaration of a function with lock annotations (``void a(void) __acquires(l);``)."""
    name: str
    parameters: tuple   # parameter names ("" for an unnamed one)
    annotations: tuple  # Annotation


class CFile:
    __slots__ = ("path", "lines", "functions", "structs", "branches", "variables", "dead",
                 "unread", "prototypes")

    def __init__(self, path, lines, functions=None, structs=None, branches=None):
        self.path = path
        self.lines = lines
        self.functions = [] if functions is None else functions
        self.structs = [] if structs is None else structs
        self.branches = [] if branches is None else branches   # preprocess.Branch
        self.variables = {}     # file-scope variable -> the struct it is (or points to)
        self.dead = []          # (wanted line, Branch): code constants rule out (#if 0), not read
        self.unread = []        # Branches every_branch would read next, past MAX_READINGS
        self.prototypes = {}    # name -> Prototype of a declaration with lock annotations


def parse_file(path, text, only_lines=None, first_line=1, every_branch=False):
    """Parse the functions of a C file (those covering ``only_lines`` when given).

    ``first_line`` is the line number of the text's first line (a window of a
    file, as extract builds from hunks): every line reported is a line of the file.
    With ``every_branch``, the functions are also read in the #if branches the
    configuration leaves out (to_read): a function there, or a branch
    inside a function, is one more Function, with the decisions it was read with.
    """
    offset = first_line - 1
    uncommented = remove_comments(text)
    code, branches = strip_directives(uncommented)
    result = CFile(path, len(text.splitlines()),
                   branches=[b.moved(offset) for b in branches])
    for match in COND_LOCK_MACRO.finditer(uncommented):
        # a call of the macro is a call of a __cond_acquires function
        name, parameters, lock = match.groups()
        line = uncommented.count("\n", 0, match.start()) + 1 + offset
        result.prototypes[name] = Prototype(name, tuple(p.strip() for p in parameters.split(",")), (
            Annotation("cond_acquires", re.sub(r"\((\w+)\)", r"\1", lock.strip()), line),))
    wanted = None if only_lines is None else sorted(only_lines)
    read_functions(result, code, branches, wanted, offset)
    if every_branch:
        read = {b.line for b in branches if b.taken}
        for _ in range(MAX_READINGS):
            unread = to_read(result, branches, read, wanted, offset)
            if not unread:
                break
            code, taken = strip_directives(uncommented, chosen=next_reading(branches, unread))
            read_functions(result, code, taken, wanted, offset)
            read.update(b.line for b in taken if b.taken)
        # branches beyond the last reading: said, not read
        result.unread = [b.moved(offset) for b in to_read(result, branches, read, wanted, offset)]
        # changed lines in code that is never compiled: said, not analyzed
        result.dead = [(line, branch.moved(offset)) for line in wanted or ()
                       for branch in branches
                       if branch.constant is False and branch.holds(line - offset)]
    return result


def read_functions(result, code, branches, wanted, offset):
    """Add to ``result`` the functions (and structs, file-scope variables) of one
    reading of the file: ``code`` with the directives and the branches not taken
    blanked, as ``branches`` decided.  A function already read with the same text
    (from another reading) is not read again."""
    shape = blank_literals(code)
    edits = Edits(code)
    annotations = []
    rewrite_file_level(code, shape, edits, annotations)
    code, columns = edits.apply()
    shape = blank_literals(code)
    items = split_items(shape)
    functions = [item for item in items if item.kind == "function"]
    typedefs = infer_typedefs(shape, [shape[f.start:f.body] for f in functions])
    edits = Edits(code)
    for item in functions:
        rewrite_header(shape, item.start, item.body, edits)
        rewrite_body(code, shape, item.body, item.end, edits, typedefs)
    code, body_columns = edits.apply()
    starts = line_starts(code)
    path = result.path
    parser = KernelParser()
    # Edits shift offsets; items are found again in the final text.
    shape = blank_literals(code)
    items = split_items(shape)
    declared = prototype_annotations(items, shape, starts, annotations)
    for name, (parameters, found) in declared.items():
        result.prototypes.setdefault(name, Prototype(name, parameters, tuple(
            a._replace(line=a.line + offset) for a in found)))
    known = {(f.name, f.line, f.text) for f in result.functions}
    structs = {(s.name, s.line) for s in result.structs}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for item in items:
            line = line_at(starts, item.start)        # in the text; + offset in the file
            end_line = line_at(starts, item.end - 1)
            if wanted is not None and not covers(wanted, line + offset, end_line + offset):
                continue
            if item.kind == "other":
                for match in STRUCT_VARIABLES.finditer(shape, item.start, item.end):
                    for declarator in match.group(2).split(","):
                        name = DECLARATOR.match(declarator)
                        if name:
                            result.variables[name.group(1)] = match.group(1)
            if item.kind == "struct" and (item.name, line + offset) not in structs:
                result.structs.append(Struct(item.name, line + offset, end_line + offset,
                                             code[item.start:item.end]))
            elif item.kind == "function":
                if (item.name, line + offset, code[item.start:item.end]) in known:
                    continue
                own = [a for a in annotations if line <= a.line <= end_line]
                function = Function(item.name, path, line + offset, end_line + offset, annotations=[
                    a._replace(line=a.line + offset)
                    for a in own + declared.get(item.name, ((), []))[1]],
                    branches=[b.moved(offset) for b in branches
                              if line <= b.line <= end_line
                              or (b.holds(line) and not b.configured)])
                column = item.start - starts[line - 1]
                function.text = code[item.start:item.end]
                source = f'#line {line + offset} "{path}"\n' + " " * column + function.text
                try:
                    ast = parser.parse_with_types(source, path, typedefs)
                    function.ast = ast.ext[-1] if ast.ext else None
                    # only functions with a line whose columns changed need mapping
                    maps = [m for m in (body_columns, columns)
                            if any(n in m.lines for n in range(line, end_line + 1))]
                    if maps:
                        fix_columns(function.ast, maps, offset)
                except c_parser.ParseError as error:
                    function.error = real_position(str(error), (body_columns, columns), offset)
                except RecursionError:
                    # pycparser descends once per nesting level: hundreds of nested
                    # blocks end it; this function only is not parsed
                    function.ast = None
                    function.error = (f"{path}:{line + offset}:{column + 1}: "
                                      f"nested too deeply to parse")
                if function.error and function.chosen:
                    function.error += f" (read with {function.chosen})"
                result.functions.append(function)
    finally:
        if enabled:
            gc.enable()


# At most this many readings of a file in other branches than the configuration's:
# a group of branches takes one reading per branch, groups side by side share them.
MAX_READINGS = 8


def to_read(result, branches, read, wanted, offset):
    """The branches not yet ``read`` that a reading should take: those that hold a
    wanted line or lie inside a function found (every branch when ``wanted`` is
    None), and that constants (#if 0) do not rule out."""
    spans = [(f.line - offset, f.end_line - offset) for f in result.functions]
    return [branch for branch in branches if branch.line not in read
            and reachable(branch, branches)
            and (wanted is None or any(branch.holds(line - offset) for line in wanted)
                 or any(first <= branch.line <= last for first, last in spans))]


def next_reading(branches, unread):
    """The decisions (group line -> branch line, in the text's lines) of one more
    reading, taking as many of the branches ``unread`` as go together."""
    chosen = {}
    for branch in unread:
        path = {b.group: b.line for b in branches if b.holds(branch.line)}
        path[branch.group] = branch.line
        if all(chosen.get(group, line) == line for group, line in path.items()):
            chosen.update(path)
    return chosen


def reachable(branch, branches):
    """Whether some choice of branches takes ``branch``: neither it nor a branch
    around it is ruled out by constants (#if 0)."""
    return not any(b.constant is False and (b is branch or b.holds(branch.line))
                   for b in branches)


# static struct foo_state a, b = { ... };  struct foo *current_foo;
STRUCT_VARIABLES = re.compile(r"(?:^|;)\s*(?:static\s+)?(?:const\s+)?struct\s+(\w+)\s+"
                              r"([*\s\w,\[\]]*\w[\s\]]*)(?=[=;,])", re.M)
DECLARATOR = re.compile(r"^[\s*]*(\w+)")


def covers(wanted, first, last):
    """Whether the sorted line numbers ``wanted`` hold one from ``first`` to ``last``."""
    index = bisect.bisect_left(wanted, first)
    return index < len(wanted) and wanted[index] <= last


def line_starts(text):
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def line_at(starts, offset):
    return bisect.bisect_right(starts, offset)


def prototype_annotations(items, shape, starts, annotations):
    """Annotations written on a prototype (``void f(x) __acquires(l);``), by function
    name, with its parameter names: they hold for the definition that comes later,
    and for the calls of a function whose definition is not in view."""
    declared = {}
    for item in items:
        if item.kind != "other":
            continue
        first, last = line_at(starts, item.start), line_at(starts, item.end - 1)
        found = [a for a in annotations if first <= a.line <= last]
        header = shape[item.start:item.end - 1]
        named = function_name(header) if found else None
        if named:
            entry = declared.setdefault(named[0], (parameter_names(header, named[0]), []))
            entry[1].extend(found)
    return declared


def parameter_names(header, name):
    """The parameter names of the declarator of ``name`` in a prototype: the last
    identifier of each parameter; "" for an unnamed one (``struct foo *``)."""
    found = list(re.finditer(rf"\b{re.escape(name)}\s*\(", header))
    if not found:
        return ()
    text = header[found[-1].end():header.rfind(")")]
    names = []
    for parameter in split_arguments(text):
        words = re.findall(r"[A-Za-z_]\w*", parameter.split("[")[0])
        unnamed = len(words) < 2 or parameter.rstrip().endswith("*") \
            or words[-1] in TYPE_WORDS or words[-2] in ("struct", "union", "enum")
        names.append("" if unnamed else words[-1])
    return tuple(names)


def split_arguments(text):
    """``text`` cut at the commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for position, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:position])
            start = position + 1
    parts.append(text[start:])
    return [part for part in parts if part.strip()]


# words that end a parameter without naming it: "struct foo *" has none
TYPE_WORDS = {"void", "int", "char", "long", "short", "unsigned", "signed", "bool", "const"}


def real_position(message, maps, offset):
    """A parse error's "path:line:col: reason" with the column of the real file
    (the maps are by line of the text, ``offset`` lines before the file's)."""
    found = ERROR_POSITION.match(message)
    if not found:
        return message
    line, column = int(found.group(2)), int(found.group(3))
    for column_map in maps:
        column = column_map.real_column(line - offset, column)
    return f"{found.group(1)}:{line}:{column}:{message[found.end():]}"


def fix_columns(node, maps, offset):
    """Map every coordinate of the AST back through the column maps, once each."""
    seen = set()
    stack = [node]
    while stack:
        current = stack.pop()
        coord = current.coord
        if coord is not None and id(coord) not in seen:
            seen.add(id(coord))
            for column_map in maps:
                coord.column = column_map.real_column(coord.line - offset, coord.column)
        stack.extend(child for _, child in current.children())
