"""One test per front-end case: tests/cases/cfront/NAME.c, its expectations inside it.

A case is a small kernel-style C file; what the front end must make of it is
written in comments, so the file stays C and adding a case is adding a file.
Lines and columns are the real ones in the case file, counted from 1 (a tab is
one column), as pycparser reports them.

  /* expect: functions=a,b unparsed=b structs=s */
      once per file.  functions (required): the functions found, in file order;
      unparsed: those that must fail to parse (every other one must parse; none
      if the key is left out); structs: the struct definitions found, in order.
  /* function: NAME at LINE */
      the function NAME starts (its header's first character) on LINE.
  /* node: TYPE [NAME] at LINE:COL */
      some function's AST has a node of class TYPE at LINE:COL; NAME, when
      given, is what ``node_name`` says the node is called (the callee of a
      FuncCall, the name of an ID, Decl or Label, the field of a StructRef, the
      names of an IdentifierType, the value of a Constant, the op of an operator).
  /* branch: taken|skipped DIRECTIVE at LINE */
      the #if-family directive on LINE, as recorded in CFile.branches.
  /* annotation: FUNCTION KIND(ARGUMENT) at LINE */
      a lock annotation of FUNCTION kept as a fact (Function.annotations).
  /* error: FUNCTION at LINE:COL REASON */
      FUNCTION did not parse; its error is "FILE:LINE:COL: REASON".  Each
      unparsed function has one, and a function: marker (lockscan scan
      reports it at its first line).

A marker is a whole comment: ``/* ... */`` or ``// ...`` up to the end of the line.
"""

import json
import re
from pathlib import Path

import pytest
from pycparser import c_ast

from analyzer.cfront import parse_file
from conftest import ROOT, run_lockscan

CASES = Path(__file__).parent / "cases" / "cfront"
FILES = sorted(CASES.glob("*.c"))
MARKER = re.compile(r"/\*\s*(expect|function|node|branch|annotation|error):(.*?)\*/"
                    r"|//\s*(expect|function|node|branch|annotation|error):(.*)")
POSITION = re.compile(r"^(.*?)\s*\bat (\d+)(?::(\d+))?(?:\s+(.*))?$")


def markers(text):
    """[(kind, payload, line, column or None, rest)] and the expect: fields of a case."""
    found = []
    expect = {}
    for match in MARKER.finditer(text):
        kind = match.group(1) or match.group(3)
        body = " ".join((match.group(2) or match.group(4)).split())
        if kind == "expect":
            expect.update(field.split("=", 1) for field in body.split())
            continue
        position = POSITION.match(body)
        assert position, f"marker without 'at LINE[:COL]': {match.group(0)!r}"
        payload, line, column, rest = position.groups()
        found.append((kind, payload, int(line), column and int(column), rest or ""))
    return expect, found


def node_name(node):
    """What a node is called, for ``node:`` markers; None for unnamed kinds."""
    if isinstance(node, c_ast.FuncCall):
        return node.name.name if isinstance(node.name, c_ast.ID) else None
    if isinstance(node, c_ast.StructRef):
        return node.field.name
    if isinstance(node, c_ast.TypeDecl):
        return node.declname
    if isinstance(node, c_ast.IdentifierType):
        return " ".join(node.names)
    if isinstance(node, c_ast.Constant):
        return node.value
    if isinstance(node, (c_ast.BinaryOp, c_ast.UnaryOp, c_ast.Assignment)):
        return node.op
    if isinstance(node, c_ast.FuncDef):
        return node.decl.name
    name = getattr(node, "name", None)
    return name if isinstance(name, str) else None


def walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(child for _, child in current.children())


def names(text):
    return [name for name in text.split(",") if name]


@pytest.mark.parametrize("case", FILES, ids=[path.name for path in FILES])
def test_cfront_case(case):
    text = case.read_text()
    expect, found = markers(text)
    assert "functions" in expect, f"{case.name} has no /* expect: functions=... */"
    parsed = parse_file(str(case), text)
    functions = {function.name: function for function in parsed.functions}

    assert [f.name for f in parsed.functions] == names(expect["functions"])
    if "structs" in expect:
        assert [s.name for s in parsed.structs] == names(expect["structs"])
    unparsed = set(names(expect.get("unparsed", "")))
    for kind in ("error", "function"):
        marked = {payload for marker, payload, *_ in found if marker == kind}
        assert unparsed <= marked, f"unparsed functions without a {kind}: marker"
    for function in parsed.functions:
        if function.name in unparsed:
            assert function.ast is None, f"{function.name} parsed, but should not"
        else:
            assert function.ast is not None, f"{function.name}: {function.error}"

    nodes = [node for function in parsed.functions if function.ast is not None
             for node in walk(function.ast)]
    for kind, payload, line, column, rest in found:
        where = f"{case.name}:{line}: {kind}: {payload} {rest}".rstrip()
        if kind == "function":
            assert payload in functions, f"{where}: no function {payload}"
            assert functions[payload].line == line, f"{where}: starts on {functions[payload].line}"
        elif kind == "node":
            type_name, _, name = payload.partition(" ")
            same = [node for node in nodes if type(node).__name__ == type_name
                    and (not name or node_name(node) == name)]
            at = [f"{node.coord.line}:{node.coord.column}" for node in same if node.coord]
            assert f"{line}:{column}" in at, f"{where}: found at {at}"
        elif kind == "branch":
            taken, _, directive = payload.partition(" ")
            assert taken in ("taken", "skipped"), f"{where}: say taken or skipped"
            recorded = [(b.line, b.directive, b.taken) for b in parsed.branches]
            assert (line, directive, taken == "taken") in recorded, f"{where}: {recorded}"
        elif kind == "annotation":
            owner, _, annotation = payload.partition(" ")
            assert owner in functions, f"{where}: no function {owner}"
            kept = [(f"{a.kind}({a.argument})", a.line) for a in functions[owner].annotations]
            assert (annotation, line) in kept, f"{where}: {kept}"
        elif kind == "error":
            function = functions.get(payload)
            assert function is not None, f"{where}: no function {payload}"
            assert function.error, f"{where}: {payload} parsed"
            assert function.error == f"{case}:{line}:{column}: {rest}", f"{where}: {function.error}"


def test_scan_json_over_the_cases():
    """``lockscan scan DIR --format json``: the metrics of all cases, and each
    unparsed function where its case's markers say (its error: and function: markers)."""
    folder = CASES.relative_to(ROOT)
    expected = {"metrics": {"files": len(FILES), "lines": 0, "functions": 0,
                            "functionsParsed": 0}, "unparsed": []}
    for case in FILES:
        text = case.read_text()
        expect, found = markers(text)
        functions = names(expect["functions"])
        starts = {payload: line for kind, payload, line, _, _ in found if kind == "function"}
        expected["metrics"]["lines"] += len(text.splitlines())
        expected["metrics"]["functions"] += len(functions)
        expected["metrics"]["functionsParsed"] += len(functions) - len(
            names(expect.get("unparsed", "")))
        expected["unparsed"] += [{"path": str(folder / case.name), "line": starts[name],
                                  "function": name, "reason": reason}
                                 for kind, name, _, _, reason in found if kind == "error"]
    status, out, err = run_lockscan("scan", folder, "--format", "json")
    assert status in (0, 1), err    # findings are the lock cases' concern
    result = json.loads(out)
    assert {"metrics": result["metrics"], "unparsed": result["unparsed"]} == expected
