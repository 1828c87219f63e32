#!/usr/bin/env python3
"""Mail mode against tree mode on random probes of Linux 6.1 (issue 11, point 6).

A probe is a nested acquisition of two locks of one class (two inodes'
i_lock or i_rwsem, two dentries' d_lock, two superblocks' s_umount)
inserted into a function of the tree at random statement boundaries:

- ``block``: one compound statement at one boundary, declarations and both
  acquisitions in it;
- ``split``: the declarations and the first acquisition at one boundary, the
  second acquisition and both releases at a later boundary of the same block,
  with the function's own code in between (two hunks when they are far apart).

The patch is what ``git diff`` makes of it (3 lines of context, the hunk
header from git's cpp function context, ``*.c diff=cpp`` as the kernel's own
.gitattributes says), in a scratch repository.  lockscan reads it as
``lockscan check PATCH`` does (mail mode) and as ``lockscan check --tree TREE
PATCH`` does (tree mode), and the two must agree on the lines in view: the
findings on the inserted lines whose notes are all in view.  The script prints
the agreement rate, each mode's recall (the second acquisition reported as
LOCK003), and the disagreements.

A probe whose function tree mode cannot analyze (the insertion made it
something else than C, or the front end cannot read it) has no reference: it
is counted apart and listed, never in the rates.

    bench/differential [--seed N] [--count N] [--folders mm,kernel,...] [--keep DIR]

The anchors (the rates a change must not lower) are in bench/results.md, and a
small seeded run is a test (tests/test_differential.py).
"""

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from common import TREE, find_functions, git

from analyzer.cfront.preprocess import blank_literals, remove_comments

FOLDERS = ("mm", "kernel", "fs", "net", "drivers")
CONTEXT = 3
# The farthest the second boundary of a split probe may be from the first.
SPLIT_REACH = 40
# (pointer type, acquire, release, lock member): locks of the VFS's structs,
# which every file may take.
LOCKS = [("struct inode", "spin_lock", "spin_unlock", "i_lock"),
         ("struct inode", "down_write", "up_write", "i_rwsem"),
         ("struct dentry", "spin_lock", "spin_unlock", "d_lock"),
         ("struct super_block", "down_read", "up_read", "s_umount")]
JUMP = re.compile(r"^\s*(?:return\b|goto\b|break\s*;|continue\s*;)")
LABEL = re.compile(r"^\s*(?:[A-Za-z_]\w*|case\b.*|default)\s*:\s*$")


class Probe(NamedTuple):
    number: int
    path: str               # tree-relative
    function: str
    kind: str               # block | split
    lines: list             # the file's post-image lines
    first: int              # line of the first acquisition (1-based, post-image)
    second: int             # line of the second one: the expected LOCK003
    inserted: frozenset     # post-image lines the probe added


class Outcome(NamedTuple):
    probe: Probe
    patch: str
    mail: frozenset         # (rule, level, line) of the findings compared
    tree: frozenset
    mail_found: bool
    tree_found: bool
    mail_reasons: tuple     # why mail mode did not analyze a function, if it did not
    tree_reasons: tuple

    @property
    def agrees(self):
        return self.mail == self.tree and self.mail_found == self.tree_found


def code_shapes(lines):
    """The lines with comments and literals blanked (the line structure kept)."""
    return blank_literals(remove_comments("\n".join(lines))).split("\n")


def boundaries(lines, shapes, start, end):
    """Indexes ``i`` in the body of the function whose braces are at ``start``
    and ``end`` before which a statement may be inserted and is reached:
    the code line before ends a statement (or is a label), the line itself is
    no continuation (``else``, ``while`` of a do), and no jump, switch head or
    initializer comes just before.  Returns [(i, brace depth at i)]."""
    found = []
    depth = 0
    previous = start        # the last code line before i
    for i in range(start + 1, end + 1):
        code = shapes[i - 1].strip()
        if i - 1 > start and code and not code.startswith("#") and not in_directive(lines, i - 1):
            previous = i - 1
        depth += shapes[i - 1].count("{") - shapes[i - 1].count("}")
        if in_directive(lines, i) or not shapes[i].strip() \
                and lines[i].strip():
            continue    # inside a directive, or inside a comment
        last = shapes[previous].strip()
        following = shapes[i].strip()
        if not (last.endswith((";", "{", "}")) or LABEL.match(last)) \
                or re.match(r"(?:else|while)\b", following) \
                or re.search(r"=\s*\{$|\bswitch\b.*\{$", last) \
                or jumps(statement_lines(lines, shapes, previous)):
            continue
        found.append((i, depth))
    return found


def in_directive(lines, i):
    """Whether line ``i`` is a preprocessor line or continues one."""
    return lines[i].lstrip().startswith("#") or i > 0 and lines[i - 1].endswith("\\")


def statement_lines(lines, shapes, index):
    """The code lines of the statement ending at line ``index``, first to last."""
    found = [shapes[index].strip()]
    index -= 1
    while index > 0:
        text = shapes[index].strip()
        if text and not in_directive(lines, index):
            if text.endswith((";", "{", "}", ":")):
                break
            found.insert(0, text)
        index -= 1
    return found


def jumps(statement):
    """Whether code after the statement (its lines) may be unreachable: it is a
    jump, or an ``else`` whose body is one (the ``if`` may jump too)."""
    return bool(JUMP.match(statement[0])) or statement[0].startswith("else") \
        and any(JUMP.match(text) for text in statement)


def lock_pair(rng):
    """(declaration, acquire, release, member) of the two objects a probe locks."""
    pointer, acquire, release, member = rng.choice(LOCKS)
    return f"{pointer} *probe_a = NULL, *probe_b = NULL;", acquire, release, member


def make_probe(rng, number, path, lines):
    """A probe in one function of ``lines``, or None when the file has no place for one."""
    functions = find_functions(lines)
    if not functions:
        return None
    name, start, end = rng.choice(functions)
    shapes = code_shapes(lines)
    places = boundaries(lines, shapes, start, end)
    if not places:
        return None
    declaration, acquire, release, member = lock_pair(rng)
    take_a, take_b = (f"{acquire}(&probe_{x}->{member});" for x in "ab")
    drop_a, drop_b = (f"{release}(&probe_{x}->{member});" for x in "ab")
    at, depth = rng.choice(places)
    indent = "\t" * max(depth, 1)
    later = [i for i, d in places
             if at < i <= at + SPLIT_REACH and d == depth and same_block(shapes, at, i)]
    after_label = LABEL.match(shapes[previous_code(shapes, at)].strip())
    if later and not after_label and rng.random() < 0.5:
        second_at = rng.choice(later)
        first = [indent + declaration, indent + take_a]
        second = [indent + take_b, indent + drop_b, indent + drop_a]
        result = (lines[:at] + first + lines[at:second_at] + second + lines[second_at:])
        first_line = at + 2
        second_line = second_at + len(first) + 1
        inserted = {at + 1, at + 2} | set(range(second_line, second_line + len(second)))
        kind = "split"
    else:
        block = ["{", "\t" + declaration, "\t" + take_a, "\t" + take_b, "\t" + drop_b,
                 "\t" + drop_a, "}"]
        result = lines[:at] + [indent + text for text in block] + lines[at:]
        first_line, second_line = at + 3, at + 4
        inserted = set(range(at + 1, at + 1 + len(block)))
        kind = "block"
    return Probe(number, path, name, kind, result, first_line, second_line, frozenset(inserted))


def same_block(shapes, at, later):
    """Whether no brace between lines ``at`` and ``later`` closes the block ``at`` is in."""
    depth = 0
    for text in shapes[at:later]:
        for char in text:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                return False
    return depth == 0


def previous_code(shapes, index):
    index -= 1
    while index > 0 and not shapes[index].strip():
        index -= 1
    return index


def c_files(tree, folder):
    return sorted(path for path in (tree / folder).rglob("*.c")
                  if not any(part.startswith(".") for part in path.relative_to(tree).parts))


def probes(tree, folders, seed, count):
    """``count`` probes, folders taken in turn, files and places chosen by ``seed``."""
    rng = random.Random(seed)
    files = {folder: c_files(tree, folder) for folder in folders}
    number = 0
    while number < count:
        folder = folders[number % len(folders)]
        path = rng.choice(files[folder])
        lines = path.read_text(encoding="utf-8", errors="surrogateescape").split("\n")
        probe = make_probe(rng, number, str(path.relative_to(tree)), lines)
        if probe is not None:
            number += 1
            yield probe


class ScratchRepository:
    """A git repository where ``git diff`` makes each probe's patch."""

    def __init__(self, directory, tree):
        self.directory = Path(directory)
        self.tree = tree
        git(self.directory, "init", "-q", "-b", "master")
        (self.directory / ".gitattributes").write_text("*.c diff=cpp\n*.h diff=cpp\n")

    def patch(self, probe):
        file = self.directory / probe.path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes((self.tree / probe.path).read_bytes())
        git(self.directory, "add", "--", probe.path)
        file.write_text("\n".join(probe.lines), encoding="utf-8", errors="surrogateescape")
        with tempfile.TemporaryFile() as output:
            git(self.directory, "diff", f"-U{CONTEXT}", "--no-color", "--", probe.path,
                stdout=output)
            output.seek(0)
            return output.read().decode("utf-8", errors="replace")


def lines_in_view(patch):
    """The post-image lines the hunks of a patch show."""
    return {number for file in patch.files for hunk in file.hunks
            for number in range(hunk.new_start, hunk.new_start + hunk.new_count)}


def compared(review, probe, view):
    """(findings compared, whether the probe's LOCK003 is among them, reasons for
    functions not analyzed) of one mode's review."""
    findings = set()
    found = False
    for finding in review.findings:
        if finding.state != "new" or finding.line not in probe.inserted:
            continue
        if finding.rule == "LOCK003" and finding.line == probe.second:
            found = True
        if all(line in view for line, _, _ in finding.related):
            findings.add((finding.rule, finding.level, finding.line))
    reasons = tuple(f"{function}: {reason}" for _, _, function, reason in review.not_analyzed)
    return frozenset(findings), found, reasons


def run_probe(probe, patch_text, rules, tree):
    from analyzer.intake import read_text
    from analyzer.review import review_patch
    patches = read_text(f"probe {probe.number}", patch_text).patches
    if len(patches) != 1:
        raise SystemExit(f"probe {probe.number}: git diff gave {len(patches)} patches")
    patch = patches[0]
    view = lines_in_view(patch)
    mail = compared(review_patch(patch, rules), probe, view)
    in_tree = compared(review_patch(patch, rules, str(tree)), probe, view)
    return Outcome(probe, patch_text, mail[0], in_tree[0], mail[1], in_tree[1], mail[2],
                   in_tree[2])


def differential(tree, folders, seed, count):
    """The Outcome of every probe."""
    from analyzer.locks.rules import load_rules
    rules = load_rules()
    with tempfile.TemporaryDirectory(prefix="lockscan-differential-") as directory:
        repository = ScratchRepository(directory, tree)
        return [run_probe(probe, repository.patch(probe), rules, tree)
                for probe in probes(tree, folders, seed, count)]


class Rates(NamedTuple):
    probes: int             # with a reference (tree mode analyzed the function)
    unreadable: int         # without one
    agreement: float
    mail_recall: float
    tree_recall: float


def rates(outcomes):
    measured = [outcome for outcome in outcomes if not outcome.tree_reasons]
    total = len(measured) or 1
    return Rates(len(measured), len(outcomes) - len(measured),
                 sum(outcome.agrees for outcome in measured) / total,
                 sum(outcome.mail_found for outcome in measured) / total,
                 sum(outcome.tree_found for outcome in measured) / total)


def describe(outcome):
    probe = outcome.probe
    said = []
    for mode, found, findings, reasons in (
            ("mail", outcome.mail_found, outcome.mail, outcome.mail_reasons),
            ("tree", outcome.tree_found, outcome.tree, outcome.tree_reasons)):
        shown = ", ".join(f"{rule} {level} @{line}" for rule, level, line in sorted(findings))
        said.append(f"{mode}: {'found' if found else 'MISSED'} [{shown}]"
                    + (f" not analyzed: {'; '.join(reasons)}" if reasons else ""))
    return (f"#{probe.number} {probe.kind} {probe.path}:{probe.second} {probe.function}(): "
            + " | ".join(said))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--folders", default=",".join(FOLDERS))
    parser.add_argument("--tree", type=Path, default=TREE)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the patch of every disagreement to DIR")
    arguments = parser.parse_args()
    folders = tuple(arguments.folders.split(","))
    outcomes = differential(arguments.tree, folders, arguments.seed, arguments.count)
    measured = rates(outcomes)
    print(f"seed {arguments.seed}, {len(outcomes)} probes over {', '.join(folders)}: "
          f"{measured.probes} with a reference, {measured.unreadable} that tree mode "
          f"cannot analyze")
    print(f"agreement {measured.agreement:.1%}, mail recall {measured.mail_recall:.1%}, "
          f"tree recall {measured.tree_recall:.1%}")
    for folder in folders:
        part = rates([o for o in outcomes if o.probe.path.startswith(folder + "/")])
        print(f"  {folder}: {part.probes} probes, agreement {part.agreement:.1%}, "
              f"mail {part.mail_recall:.1%}, tree {part.tree_recall:.1%}")
    measured_outcomes = [outcome for outcome in outcomes if not outcome.tree_reasons]
    groups = [("mail mode misses", lambda o: o.tree_found and not o.mail_found),
              ("tree mode misses", lambda o: o.mail_found and not o.tree_found),
              ("both miss (the place may be unreachable)",
               lambda o: not o.mail_found and not o.tree_found),
              ("other findings differ", lambda o: o.mail_found == o.tree_found and not o.agrees)]
    for title, belongs in groups:
        members = [outcome for outcome in measured_outcomes if belongs(outcome)]
        print(f"\n{title} ({len(members)}):")
        for outcome in members:
            print("  " + describe(outcome))
    unreadable = [outcome for outcome in outcomes if outcome.tree_reasons]
    print(f"\nwithout a reference ({len(unreadable)}):")
    for outcome in unreadable:
        print("  " + describe(outcome))
    if arguments.keep:
        arguments.keep.mkdir(parents=True, exist_ok=True)
        for outcome in [o for o in outcomes if not o.agrees or not o.mail_found]:
            (arguments.keep / f"{outcome.probe.number:04}.patch").write_text(outcome.patch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
