"""Top-level items of a C file: function definitions, struct definitions, the rest.

Works on the shape text (comments, directives and literal contents blanked),
where every brace is a real one: a ``{`` at file scope after a header ending
in ``)`` opens a function body, which ends at the matching ``}``; anything
else ends at the next ``;`` at file scope.
"""

import re
from typing import NamedTuple

BRACE_OR_SEMICOLON = re.compile(r"[{};]")
SPACE = re.compile(r"\s*")      # \s is what str.isspace() calls space
# compiled where first used (re.compile keeps it): most input has no struct in view
STRUCT_HEADER = r"^\s*(?:typedef\s+)?(struct|union)\s+([A-Za-z_]\w*)?\s*$"
NOT_FUNCTION_NAMES = {"__attribute__", "typeof", "__typeof__", "sizeof"}


class Item(NamedTuple):
    kind: str           # "function", "struct" or "other"
    name: str | None
    start: int          # offset of the item's first character
    body: int           # offset of its "{", -1 when it has none
    end: int            # offset just after its last character


def split_items(shape):
    items = []
    depth = 0
    start = 0
    body = -1
    for match in BRACE_OR_SEMICOLON.finditer(shape):
        char, position = match.group(0), match.start()
        if char == "{":
            if depth == 0:
                body = position
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
            if depth == 0 and body >= 0:
                found = function_name(shape[start:body])
                if found:
                    name, offset = found
                    items.append(Item("function", name, skip_space(shape, start + offset), body,
                                      position + 1))
                    start, body = position + 1, -1
        elif depth == 0:
            items.append(other_item(shape, skip_space(shape, start), body, position + 1))
            start, body = position + 1, -1
    return items


def skip_space(text, position):
    return SPACE.match(text, position).end()


def function_name(header):
    """(name, offset where the definition starts) for a function header, else None.

    The last ``name(`` at parenthesis depth 0 is the declarator; what comes
    before an earlier ``)`` at depth 0 is a macro invocation written without
    a semicolon (``subsys_initcall(f)``), not part of the definition.
    """
    text = header.rstrip()
    if not text.endswith(")") or "=" in text.split("(", 1)[0]:
        return None
    depth = 0
    found = None
    last_close = 0
    for match in re.finditer(r"[()]|[A-Za-z_]\w*", text):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth == 0:
                last_close = match.end()
        elif depth == 0 and token not in NOT_FUNCTION_NAMES:
            if text[match.end():].lstrip().startswith("("):
                found = (token, last_close)
    return found


def other_item(shape, start, body, end):
    if body >= 0:
        header = re.compile(STRUCT_HEADER).match(shape[start:body])
        if header:
            return Item("struct", header.group(2), start, body, end)
    return Item("other", None, start, body, end)
