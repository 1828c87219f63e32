"""Write analyzer/rules/iterators.toml from a kernel tree's iterator macros.

    python3 scripts/iterator_cursors.py /usr/src/linux > analyzer/rules/iterators.toml

An iterator macro (list_for_each_entry, for_each_vma, ...) moves some of its
arguments on each time round, its cursors, and leaves the others alone (the
list head, the container whose lock is held around the loop).  A cursor is a
parameter the macro's expansion assigns (``(pos) = ...``, ``pos++``) or hands
as a cursor to another iterator macro.  The macros of headers and of .c files
(kernel/workqueue.c's for_each_pool_worker) count; where two files define one
name differently, the cursors of every definition count.
"""

import os
import re
import sys

DEFINITION = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w*(?:for_each|foreach)\w*)\(([^)]*)\)(.*)$",
                        re.M)
NESTED = re.compile(r"\b(\w*(?:for_each|foreach)\w*)\s*\(")
# nested macro calls are followed this deep
DEPTH = 4


def definitions(tree):
    """name -> [(parameters, body)] of the iterator macros in the tree's C files."""
    found = {}
    for directory, subdirectories, names in os.walk(tree):
        subdirectories.sort()
        for name in sorted(names):
            if not name.endswith((".h", ".c")):
                continue
            with open(os.path.join(directory, name), errors="replace") as handle:
                text = handle.read().replace("\\\n", " ")
            for match in DEFINITION.finditer(text):
                parameters = [parameter.strip() for parameter in match.group(2).split(",")]
                found.setdefault(match.group(1), []).append((parameters, match.group(3)))
    return found


def arguments_at(body, opening):
    """The top-level arguments of the call whose parenthesis is at ``opening``."""
    depth, start, found = 0, opening + 1, []
    for index in range(opening, len(body)):
        char = body[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                found.append(body[start:index].strip())
                return found
        elif char == "," and depth == 1:
            found.append(body[start:index].strip())
            start = index + 1
    return found


def cursors(parameters, body, macros, depth=0):
    """Positions of the parameters the expansion moves on."""
    found = set()
    for index, parameter in enumerate(parameters):
        if not re.fullmatch(r"\w+", parameter):
            continue
        name = re.escape(parameter)
        if re.search(rf"\(?\s*\b{name}\b\s*\)?\s*=(?!=)", body) or \
                re.search(rf"(?:\+\+|--)\s*\(?\s*\b{name}\b|\b{name}\b\s*\)?\s*(?:\+\+|--)", body):
            found.add(index)
    if depth < DEPTH:
        for match in NESTED.finditer(body):
            arguments = [argument.strip("() \t") for argument in
                         arguments_at(body, match.end() - 1)]
            for inner_parameters, inner_body in macros.get(match.group(1), []):
                for position in cursors(inner_parameters, inner_body, macros, depth + 1):
                    if position < len(arguments) and arguments[position] in parameters:
                        found.add(parameters.index(arguments[position]))
    return found


def main(tree):
    macros = definitions(tree)
    print("# Iterator macros and the arguments they move on each time round (their")
    print("# cursors, counted from 0), from the C files of a kernel tree: written by")
    print("# scripts/iterator_cursors.py. A macro not listed moves every plain name it")
    print("# is given.")
    print()
    print("[cursors]")
    for name in sorted(macros):
        positions = set()
        for parameters, body in macros[name]:
            positions |= cursors(parameters, body, macros)
        if positions:
            print(f"{name} = [{', '.join(map(str, sorted(positions)))}]")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: iterator_cursors.py KERNEL_TREE")
    main(sys.argv[1])
