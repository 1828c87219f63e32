"""Mail mode: the functions a patch touches, from its hunks alone.

A hunk shows a window of a file.  Its lines are cut into pieces, one per
function (or struct) in view: a piece starts at a function header seen at
the outermost brace depth of the hunk, or at the hunk's start, where the
function is the one the ``@@`` context names when that context is a
function signature (it is often a label such as ``again:``, or the function
before the hunk; then the name is unknown).  Headless pieces of one function
in consecutive hunks (same ``@@`` context) are one function with an unseen gap.

Each function is then written as a window of its file, from the first line in
view, every line at its real distance from the others (cfront is told where the
window starts, so coordinates are file lines), wrapped so that pycparser
accepts it: a synthetic
signature when the header is not in view, ``if (1) {`` for blocks opened
before the window, ``}`` for blocks still open at its end.
"""

import re
from typing import NamedTuple

from analyzer.cfront.preprocess import blank_literals, remove_comments

# "static int foo(struct page *page," : specifiers, a name, parameters that
# declare (no ->, &, literals or assignments, as a call or a macro would have).
HEADER_START = re.compile(r"^\s*[A-Za-z_][\w\s\*]*?[\s\*]([A-Za-z_]\w*)\s*\([^;&=\"\'>-]*$")
STRUCT_START = re.compile(r"^\s*(?:typedef\s+)?(struct|union)\s+([A-Za-z_]\w*)\s*\{?\s*$")
LABEL = re.compile(r"^\s*[A-Za-z_]\w*\s*:(?!:)")
NOT_NAMES = {"if", "while", "for", "switch", "return", "sizeof", "else", "do", "case", "goto"}
STATEMENT_END = re.compile(r"[;{}]\s*$")
FRAGMENT = "__lockscan_fragment"
# The farthest apart two hunks of one function may be: more than the longest
# function of the kernel.  Hunks farther apart are read as different functions,
# so that absurd @@ numbers never make a window of that many lines.
MAX_GAP = 20000
FIELD = re.compile(r"^\s*([A-Za-z_][\w\s\*]*?[\s\*])([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*;")


class Segment(NamedTuple):
    """Lines of one function (or struct) from one hunk, in one image."""
    lines: list             # (line number, text)
    hunk: object


class Piece:
    __slots__ = ("kind", "name", "headed", "section", "changed", "hunks", "old", "new")

    def __init__(self, kind, name, headed, section, changed=False, hunks=None, old=None,
                 new=None):
        self.kind = kind            # "function" or "struct"
        self.name = name
        self.headed = headed        # the definition's header is in view
        self.section = section      # the @@ context of its hunk
        self.changed = changed      # the patch adds or removes a line in it
        self.hunks = [] if hunks is None else hunks
        self.old = [] if old is None else old       # Segments of the pre-image
        self.new = [] if new is None else new       # Segments of the post-image


def image_lines(hunk, side):
    """(line number, text) of a hunk's pre-image ("old") or post-image ("new"),
    and the indexes of the lines the patch changed."""
    number = hunk.old_start if side == "old" else hunk.new_start
    skip = "+" if side == "old" else "-"
    lines = []
    changed = set()
    for line in hunk.lines:
        if line.kind in (skip, "\\"):
            continue
        if line.kind != " ":
            changed.add(len(lines))
        lines.append((number, line.text))
        number += 1
    return lines, changed


def section_name(section):
    """(kind, name) the @@ context names, or (None, None) for a label or nothing."""
    if not section or LABEL.match(section):
        return None, None
    struct = STRUCT_START.match(section)
    if struct:
        return "struct", struct.group(2)
    header = re.match(r"^(?:[A-Za-z_][\w\s\*]*?[\s\*])?([A-Za-z_]\w*)\s*\(", section)
    if header and header.group(1) not in NOT_NAMES:
        return "function", header.group(1)
    return None, None


def split_at_headers(lines):
    """Cut image lines where a function or struct definition starts at the outer depth.

    Returns [(start index, kind, name)], the first entry always at index 0
    (kind and name None when the window starts inside something unseen).
    """
    cuts = [(0, None, None)]
    depth = 0
    lowest = 0
    code = [shape for shape in shapes(lines)]
    for index, text in enumerate(code):
        if depth == lowest:
            struct = STRUCT_START.match(text)
            header = HEADER_START.match(text)
            if struct and opens_block(code, index):
                cuts.append((index, "struct", struct.group(2)))
            elif header and header.group(1) not in NOT_NAMES and opens_block(code, index):
                cuts.append((index, "function", header.group(1)))
        depth += text.count("{") - text.count("}")
        lowest = min(lowest, depth)
    if len(cuts) > 1 and cuts[1][0] == 0:
        cuts.pop(0)
    return cuts


def opens_block(code, index):
    """Whether the header at ``index`` is followed by a ``{`` before any ``;``."""
    for text in code[index:index + 8]:
        for char in text:
            if char == "{":
                return True
            if char == ";":
                return False
    return False


def shapes(lines):
    """Line texts with comments and literals blanked, across the whole window."""
    text = "\n".join(line for _, line in lines)
    close = text.find("*/")
    if close >= 0 and text.find("/*") not in range(0, close):
        # the window starts inside a comment
        text = re.sub(r"[^\n]", " ", text[:close + 2]) + text[close + 2:]
    return blank_literals(remove_comments(text)).split("\n")


def pieces_of_file(file):
    """The function and struct pieces a file's ok hunks show."""
    pieces = []
    previous = None     # the piece that the previous hunk ended in
    for hunk in file.hunks:
        if hunk.status != "ok":
            continue
        kind, name = section_name(hunk.section)
        in_hunk = {}    # (kind, name) of a header in view, or None for the headless start
        for side in ("old", "new"):
            lines, changed = image_lines(hunk, side)
            cuts = split_at_headers(lines)
            for number, (start, cut_kind, cut_name) in enumerate(cuts):
                end = cuts[number + 1][0] if number + 1 < len(cuts) else len(lines)
                key = (cut_kind, cut_name) if cut_kind else None
                piece = in_hunk.get(key)
                if piece is None and key is None and continues(previous, hunk, name):
                    piece = previous
                if piece is None:
                    piece = Piece(cut_kind or kind or "function", cut_name if cut_kind else name,
                                  cut_kind is not None, hunk.section)
                    pieces.append(piece)
                in_hunk[key] = piece
                getattr(piece, side).append(Segment(lines[start:end], hunk))
                piece.changed = piece.changed or any(start <= i < end for i in changed)
                if hunk not in piece.hunks:
                    piece.hunks.append(hunk)
                if side == "new" and number == len(cuts) - 1:
                    previous = piece
    return pieces


def continues(previous, hunk, name):
    """Whether a hunk that starts inside something unseen is inside ``previous``:
    the same @@ context, or a context naming the function ``previous`` is."""
    if previous is None or not (near(previous.old, hunk.old_start)
                                and near(previous.new, hunk.new_start)):
        return False
    return previous.section == hunk.section or (name is not None and previous.name == name)


def near(segments, start):
    """Whether a hunk starting at line ``start`` is at most MAX_GAP lines after
    the last of ``segments`` (or there is none)."""
    last = max((segment.lines[-1][0] for segment in segments if segment.lines), default=None)
    return last is None or 0 <= start - last <= MAX_GAP


def struct_fields(piece, side):
    """(type text, field name, line) of the members a struct piece shows."""
    return fields_in_lines([line for segment in getattr(piece, side) for line in segment.lines])


def fields_in_lines(lines):
    """(type text, field name, line) of the member declarations among (line, text) pairs."""
    fields = []
    for number, text in lines:
        match = FIELD.match(text)
        if match and not text.strip().startswith("return"):
            fields.append((" ".join(match.group(1).split()), match.group(2), number))
    return fields


def whole_statements(lines, both_ends):
    """The lines without a partial statement at their end (an ``if (...)`` whose
    body the window cuts) and, with ``both_ends``, at their start too (a
    continuation line)."""
    code = shapes(lines)
    ends = [index for index, text in enumerate(code) if STATEMENT_END.search(text)]
    if not ends:
        return []
    start = ends[0] + 1 if both_ends and len(ends) > 1 else 0
    return lines[start:ends[-1] + 1]


def end_in_view(piece, side):
    """Whether the closing brace of a function whose header is in view is in view too."""
    if not piece.headed:
        return False
    lines = [line for segment in getattr(piece, side) for line in segment.lines]
    code = shapes(lines)
    depth = 0
    for text in code:
        depth += text.count("{") - text.count("}")
        if depth == 0 and "}" in text:
            return True
    return False


def virtual_file(piece, side, trim=0):
    """Text of the piece's lines in their real order and spacing, wrapped to parse,
    and the file line number of its first line.

    With ``trim`` 1, a partial statement at the end of each window is left out;
    with 2, at its start as well.
    Returns (text, name in the text, first line) or None when the side has no lines.
    """
    segments = [Segment(whole_statements(segment.lines, trim == 2)
                        if trim and not (piece.headed and number == 0) else segment.lines,
                        segment.hunk)
                for number, segment in enumerate(getattr(piece, side))]
    segments = [segment for segment in segments if segment.lines]
    if not segments:
        return None
    rows = {}
    for index, segment in enumerate(segments):
        code = shapes(segment.lines)
        depth = lowest = 0
        for text in code:
            depth += text.count("{") - text.count("}")
            lowest = min(lowest, depth)
        first = segment.lines[0][0]
        prefix = ""
        if index == 0 and not piece.headed:
            prefix = f"void {FRAGMENT}(void) {{ "
        prefix += "if (1) { " * -lowest
        rows.setdefault(max(first - 1, 1), []).append(prefix)
        for number, text in segment.lines:
            rows.setdefault(number, []).append(text)
        closing = depth - lowest
        if index == len(segments) - 1:
            closing += 0 if piece.headed else 1
        rows.setdefault(segment.lines[-1][0] + 1, []).insert(0, " }" * closing)
    first, last = min(rows), max(rows)
    text = "\n".join(" ".join(rows.get(number, [])) for number in range(first, last + 1))
    return text, piece.name if piece.headed else FRAGMENT, first
