"""Stage 3: kernel C to pycparser ASTs, without headers or a build.

preprocess (comments, #if) -> kernel_c (GNU C and kernel macros rewritten)
-> split (functions, structs) -> typedefs (which names are types) -> parser.
Every coordinate in an AST is the line and column in the real file.
"""

import gc
from dataclasses import dataclass, field

from pycparser import c_parser

from analyzer.cfront.edits import Edits
from analyzer.cfront.kernel_c import rewrite_body, rewrite_file_level, rewrite_header
from analyzer.cfront.parser import KernelParser
from analyzer.cfront.preprocess import blank_literals, remove_comments, strip_directives
from analyzer.cfront.split import split_items
from analyzer.cfront.typedefs import infer_typedefs


@dataclass
class Function:
    name: str
    path: str
    line: int           # line of the header's first character
    end_line: int       # line of the closing brace
    ast: object = None  # pycparser c_ast.FuncDef, None when it did not parse
    error: str | None = None
    annotations: list = field(default_factory=list)


@dataclass
class Struct:
    name: str | None
    line: int
    end_line: int
    text: str           # the definition as the front end read it


@dataclass
class CFile:
    path: str
    lines: int
    functions: list = field(default_factory=list)
    structs: list = field(default_factory=list)
    branches: list = field(default_factory=list)     # preprocess.Branch


def parse_file(path, text, only_lines=None):
    """Parse the functions of a C file (those covering ``only_lines`` when given)."""
    code = remove_comments(text)
    code, branches = strip_directives(code)
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
    result = CFile(path, len(text.splitlines()), branches=branches)
    parser = KernelParser()
    # Edits shift offsets; items are found again in the final text.
    items = split_items(blank_literals(code))
    enabled = gc.isenabled()
    gc.disable()
    try:
        for item in items:
            line = line_at(starts, item.start)
            end_line = line_at(starts, item.end - 1)
            if only_lines is not None and not any(line <= n <= end_line for n in only_lines):
                continue
            if item.kind == "struct":
                result.structs.append(Struct(item.name, line, end_line, code[item.start:item.end]))
            elif item.kind == "function":
                function = Function(item.name, path, line, end_line, annotations=[
                    a for a in annotations if line <= a.line <= end_line])
                column = item.start - starts[line - 1]
                source = f'#line {line} "{path}"\n' + " " * column + code[item.start:item.end]
                try:
                    ast = parser.parse_with_types(source, path, typedefs)
                    function.ast = ast.ext[-1] if ast.ext else None
                    if columns or body_columns:
                        fix_columns(function.ast, (body_columns, columns))
                except c_parser.ParseError as error:
                    function.error = str(error)
                result.functions.append(function)
    finally:
        if enabled:
            gc.enable()
    return result


def line_starts(text):
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def line_at(starts, offset):
    import bisect
    return bisect.bisect_right(starts, offset)


def fix_columns(node, maps):
    """Map every coordinate of the AST back through the column maps, once each."""
    seen = set()
    stack = [node]
    while stack:
        current = stack.pop()
        coord = current.coord
        if coord is not None and id(coord) not in seen:
            seen.add(id(coord))
            for column_map in maps:
                coord.column = column_map.real_column(coord.line, coord.column)
        stack.extend(child for _, child in current.children())
