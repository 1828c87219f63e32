#!/usr/bin/env python3
"""Recall of nested same-class locks inserted into real code (issues 11 and 15).

Two features are measured, each on its own set of probes:

- ``declared``: functions of fs/, kernel/, net/core/ and drivers/base/ of
  linux-6.1.  A probe takes two locks of one class through the function's own
  names: two parameters or top-level locals of one struct type with a lock
  member (``a->lock``, ``b->lock``), or one such name and a member of the
  same struct type (``dev->lock``, ``dev->parent->lock``).  The class comes
  from the declarations: the parameters (in mail mode often only in the
  ``@@`` line), the struct definitions of the file and of its headers.
- ``context``: the same, with two parameters of the struct type that the
  first line of the function's header declares, and the lines inserted where
  the header is out of the hunk: in mail mode the ``@@`` line declares them.
- ``ifdef``: functions of mm/*.c that only a reading of an #if branch the
  configuration leaves out finds (CONFIG_HIGHMEM and the like).  A probe is a
  block declaring two ``struct probe_dev *`` and nesting their locks.

The lines go in after a random statement of the function's body (not a
``return``, ``break``, ``continue`` or ``goto``, with parentheses balanced);
the patch has 3 lines of context and git's function context (``*.c
diff=cpp``: the last line before the hunk that starts with a letter and is
no label, at most 80 characters).  A probe is found when the check reports a
new LOCK003 on its second acquisition.  Each probe is checked in tree mode
(the tree is its pre-image) and in mail mode, as a user runs it: without
``--all-files`` (``evaluate --all-files`` to check every path).

    bench/recall_probes.py generate [--count N] [--seed S] > probes.json
    bench/recall_probes.py evaluate probes.json

``generate`` needs this checkout's analyzer (cfront's every_branch, the header
structs); ``evaluate`` only ``read_text``, ``load_rules`` and ``review_patch``,
so that ``PYTHONPATH=/path/to/other/checkout bench/recall_probes.py evaluate``
measures another version on the same probes.
"""

import argparse
import difflib
import json
import os
import random
import re
import sys
import time
from pathlib import Path

TREE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lockscan" / \
    "linux-full-6.1"
AREAS = {"declared": ["fs", "kernel", "net/core", "drivers/base"],
         "context": ["fs", "kernel", "net/core", "drivers/base"], "ifdef": ["mm"]}
LOCK_CALLS = {"spinlock_t": ("spin_lock", "spin_unlock"),
              "raw_spinlock_t": ("raw_spin_lock", "raw_spin_unlock"),
              "struct mutex": ("mutex_lock", "mutex_unlock"),
              "rwlock_t": ("write_lock", "write_unlock"),
              "struct rw_semaphore": ("down_write", "up_write")}
# a statement after which code is unreachable, or the body of an if, else or loop
# written without braces (a statement inserted after it would be outside it)
JUMP = re.compile(r"^\s*(return|break|continue|goto|panic|BUG|if|else|for|while|do|case|default)\b")
FUNCNAME = re.compile(r"^[A-Za-z_$]")
LABEL = re.compile(r"^[A-Za-z_]\w*:\s*($|/[*/])")
TRAILING_COMMENT = re.compile(r"/\*.*?\*/\s*$")


def c_files(area):
    directory = TREE / area
    return sorted(str(path.relative_to(TREE)) for path in directory.glob("*.c"))


def boundaries(lines, function):
    """0-based indexes of the lines of a function's body after which a statement may go:
    the end of a statement outside parentheses (not in a ``for`` header), whose
    first line is no jump nor a call that does not return (what follows is unreachable)."""
    found = []
    depth = 0
    # from the line after the body's "{" (a header may go on over lines)
    body = next(index for index in range(function.line - 1, function.end_line)
                if "{" in lines[index]) + 1
    start = body        # the first line of the statement being read
    for index in range(body, function.end_line - 1):
        # a statement's end hides behind a comment after it: "return 0;	/* ... */"
        text = TRAILING_COMMENT.sub("", lines[index].split("//")[0]).rstrip()
        depth += text.count("(") - text.count(")")
        first = next((line for line in lines[start:index + 1] if line.strip() and not
                      line.lstrip().startswith(("/*", "*", "//", "#")) and not LABEL.match(line)),
                     "")
        if depth == 0 and text.endswith(";") and not JUMP.match(first) \
                and not text.lstrip().startswith(("*", "/*", "#")):
            found.append(index)
        if depth == 0 and text.endswith((";", "{", "}")):
            start = index + 1
    return found


def declared_pairs(function, members, self_members):
    """[(first lock path, second lock path, lock type)] of one class, through the
    function's parameters and top-level locals."""
    from pycparser import c_ast

    from analyzer.locks.identity import struct_name
    names = {}
    declarations = [function.ast.decl]
    declarations += [item for item in function.ast.body.block_items or []
                     if isinstance(item, c_ast.Decl)]
    parameters = function.ast.decl.type.args.params if function.ast.decl.type.args else []
    for node in [*parameters, *declarations[1:]]:
        # a pointer to the struct (not to a pointer: fapp->lock is no C), not one
        # set to NULL: the analysis knows locking it cannot happen
        if isinstance(node, c_ast.Decl) and node.name and isinstance(node.type, c_ast.PtrDecl) \
                and not isinstance(node.type.type, c_ast.PtrDecl) \
                and not (isinstance(node.init, (c_ast.ID, c_ast.Constant))
                         and getattr(node.init, "name", getattr(node.init, "value", "")) in
                         ("NULL", "0")):
            struct = struct_name(node.type, {})
            if struct in members:
                names.setdefault(struct, []).append((node.name, node.coord.line))
    pairs = []
    for struct, variables in names.items():
        for member, kind in members[struct]:
            if len(variables) >= 2:
                pairs.append((f"{variables[0][0]}->{member}", f"{variables[1][0]}->{member}",
                              kind, max(variables[0][1], variables[1][1])))
            for pointer in self_members.get(struct, []):
                pairs.append((f"{variables[0][0]}->{member}",
                              f"{variables[0][0]}->{pointer}->{member}", kind, variables[0][1]))
    return pairs


def lock_members(structs):
    """struct -> [(member, lock type)], struct -> [members pointing to the same struct]."""
    members, self_members = {}, {}
    for name, fields, _ in structs:
        for kind, field, _ in fields:
            if kind in LOCK_CALLS:
                members.setdefault(name, []).append((field, kind))
            if re.fullmatch(rf"struct\s+{re.escape(name)}\s*\*", kind):
                self_members.setdefault(name, []).append(field)
    return members, self_members


def generate(count, seed):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from analyzer.cfront import parse_file
    from analyzer.cfront.declarations import struct_types
    from analyzer.extract.headers import in_view
    from analyzer.locks.identity import root_of
    from analyzer.extract.tree import tree_file

    random.seed(seed)
    probes = []
    for feature, areas in AREAS.items():
        candidates = []
        for area in areas:
            for path in c_files(area):
                lines = tree_file(str(TREE), path)
                parsed = parse_file(path, "\n".join(lines), every_branch=feature == "ifdef")
                functions = [f for f in parsed.functions if f.ast is not None]
                if feature == "ifdef":
                    configured = {(f.name, f.line) for f in functions if not f.chosen}
                    functions = [f for f in functions if f.chosen
                                 and (f.name, f.line) not in configured]
                    for function in functions:
                        candidates.append((path, lines, function, None))
                    continue
                members, self_members = lock_members(in_view(str(TREE), path, lines)[0])
                for function in functions:
                    for pair in declared_pairs(function, members, self_members):
                        if feature == "context":
                            # two parameters the @@ line declares, the header out of the hunk
                            header = struct_types(lines[function.line - 1])
                            if not all(root_of(lock) in header for lock in pair[:2]) or \
                                    pair[1].count("->") > 1:
                                continue
                            pair = pair[:3] + (function.line + 4,)
                        candidates.append((path, lines, function, pair))
        random.shuffle(candidates)
        made = 0
        for path, lines, function, pair in candidates:
            if made >= count:
                break
            places = boundaries(lines, function)
            if pair is not None:
                places = [index for index in places if index + 1 > pair[3]]
            if not places:
                continue
            probes.append(probe(feature, path, lines, function, pair, random.choice(places)))
            made += 1
    return probes


def probe(feature, path, lines, function, pair, after):
    """A probe: the patch inserting the lock pair after line index ``after``."""
    indent = re.match(r"\s*", lines[after]).group(0) or "\t"
    if pair is None:
        inserted = [indent + "{", indent + "\tstruct probe_dev *probe_a = probe_get(0), "
                    "*probe_b = probe_get(1);",
                    indent + "\tspin_lock(&probe_a->lock);", indent + "\tspin_lock(&probe_b->lock);",
                    indent + "\tspin_unlock(&probe_b->lock);",
                    indent + "\tspin_unlock(&probe_a->lock);", indent + "}"]
        second = after + 1 + 4
    else:
        first, other, kind, _ = pair
        lock, unlock = LOCK_CALLS[kind]
        inserted = [f"{indent}{lock}(&{first});", f"{indent}{lock}(&{other});",
                    f"{indent}{unlock}(&{other});", f"{indent}{unlock}(&{first});"]
        second = after + 1 + 2
    post = lines[:after + 1] + inserted + lines[after + 1:]
    return {"feature": feature, "path": path, "function": function.name,
            "pair": pair and pair[:3], "line": second, "patch": patch_text(path, lines, post)}


def patch_text(path, before, after):
    """A git-style diff of one file, 3 lines of context, git's cpp function context."""
    out = [f"diff --git a/{path} b/{path}", f"--- a/{path}", f"+++ b/{path}"]
    for line in difflib.unified_diff(before, after, lineterm="", n=3):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            start = int(re.match(r"@@ -(\d+)", line).group(1))
            context = next((text for text in reversed(before[:start - 1])
                            if FUNCNAME.match(text) and not LABEL.match(text)), "")
            line = line + (" " + context.rstrip()[:80] if context else "")
        out.append(line)
    return "\n".join(out) + "\n"


def evaluate(probes, all_files=False):
    from analyzer.intake import read_text
    from analyzer.locks.rules import load_rules
    from analyzer.review import review_patch

    rules = load_rules((), all_files=all_files)
    results = {}
    misses = []
    started = time.time()
    for item in probes:
        patch = read_text("probe.patch", item["patch"]).patches[0]
        for mode, tree in (("tree", str(TREE)), ("mail", None)):
            review = review_patch(patch, rules, tree, all_files=all_files)
            found = any(f.rule == "LOCK003" and f.state == "new" and f.line == item["line"]
                        for f in review.findings)
            counts = results.setdefault((item["feature"], mode), [0, 0])
            counts[0] += found
            counts[1] += 1
            if not found:
                misses.append((item["feature"], mode, item["path"], item["function"],
                               item["line"], item["pair"]))
    for (feature, mode), (found, total) in sorted(results.items()):
        print(f"{feature:9} {mode:5} {found:4}/{total:<4} {100 * found / total:5.1f}%")
    print(f"({time.time() - started:.1f}s)")
    for miss in misses:
        print("missed:", *miss)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate")
    make.add_argument("--count", type=int, default=60, help="probes per feature")
    make.add_argument("--seed", type=int, default=1)
    check = commands.add_parser("evaluate")
    check.add_argument("probes")
    check.add_argument("--all-files", action="store_true",
                       help="check every path, not only those a rule set covers")
    arguments = parser.parse_args()
    if arguments.command == "generate":
        json.dump(generate(arguments.count, arguments.seed), sys.stdout, indent=0)
    else:
        evaluate(json.loads(Path(arguments.probes).read_text()), arguments.all_files)


if __name__ == "__main__":
    main()
