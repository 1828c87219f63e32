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
accepts it and so that nothing is concluded from code out of view (see
virtual_file): a synthetic signature when the header is not in view, an
unknown condition, ``switch`` or initializer for each block opened before the
window, closers for the blocks (and ``#if`` groups) still open at its end, and
gotos from the entry and from every gap to the labels in view.  Partial
statements at a window's edges are left out, and said so (``lockscan patches``).
"""

import re
from typing import NamedTuple

from analyzer.cfront.preprocess import blank, blank_literals, remove_comments

# "static int foo(struct page *page," : specifiers, a name, parameters that
# declare (no ->, &, literals or assignments, as a call or a macro would have).
HEADER_START = re.compile(r"^\s*[A-Za-z_][\w\s\*]*?[\s\*]([A-Za-z_]\w*)\s*\([^;&=\"\'>-]*$")
# The kernel's other header style: the type on a line of its own, then the name
# at the start of a line.
TYPE_LINE = re.compile(r"^[A-Za-z_][\w\s\*]*$")
NAME_FIRST = re.compile(r"^([A-Za-z_]\w*)\s*\([^;&=\"\'>-]*$")
# a system call's definition at the outer depth, whatever the @@ context says
# (often the struct before it): cfront makes it a function and names it (sys_old_mmap)
SYSCALL_HEADER = re.compile(r"^(COMPAT_)?SYSCALL_DEFINE\d\s*\(\s*(\w+)")
STRUCT_START = re.compile(r"^\s*(?:typedef\s+)?(struct|union)\s+([A-Za-z_]\w*)\s*\{?\s*$")
LABEL = re.compile(r"^\s*[A-Za-z_]\w*\s*:(?!:)")
NOT_NAMES = {"if", "while", "for", "switch", "return", "sizeof", "else", "do", "case", "goto"}
STATEMENT_END = re.compile(r"[;{}]\s*$")
FRAGMENT = "__lockscan_fragment"
# Conditions and labels standing for code out of view (a number follows).
UNSEEN = "__lockscan_unseen"
CASE_LABEL = re.compile(r"^\s*(?:case\b|default\s*:)")
GOTO_LABEL = re.compile(r"^\s*([A-Za-z_]\w*)\s*:(?![:=])")
# "= {", "= (struct foo){": the brace opens an initializer, closed by "};"
INITIALIZER = re.compile(r"=\s*(?:\([^()]*\))?$")
DIRECTIVE = re.compile(r"^\s*#\s*(\w+)")
JUMP = re.compile(r"^\s*(?:return|goto|break|continue)\b")
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
            syscall = SYSCALL_HEADER.match(text)
            header = HEADER_START.match(text)
            start = index
            if header is None and (index == 0 or TYPE_LINE.match(code[index - 1])):
                # "static __be32" on one line (or out of view), the name at the
                # start of the next
                header, start = NAME_FIRST.match(text), max(index - 1, 0)
                if header and header.group(1).isupper():
                    header = None   # SYSCALL_DEFINE3(...): cfront names it
            if struct and opens_block(code, index):
                cuts.append((index, "struct", struct.group(2)))
            elif syscall and opens_block(code, index):
                cuts.append((index, "function", syscall_name(syscall)))
            elif header and header.group(1) not in NOT_NAMES and opens_block(code, index):
                cuts.append((start, "function", header.group(1)))
        depth += text.count("{") - text.count("}")
        lowest = min(lowest, depth)
    if len(cuts) > 1 and cuts[1][0] == 0:
        cuts.pop(0)
    return cuts


def syscall_name(header):
    """The name cfront gives a SYSCALL_DEFINEn(name, ...) function: sys_name."""
    return ("compat_sys_" if header.group(1) else "sys_") + header.group(2)


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
    return code_of(lines)[0]


def code_of(lines):
    """(line texts with comments and literals blanked, whether the lines start
    inside a block comment, whether they end inside one)."""
    text = "\n".join(line for _, line in lines)
    close = text.find("*/")
    starts_inside = close >= 0 and text.find("/*") not in range(0, close)
    if starts_inside:
        text = blank(text[:close + 2]) + text[close + 2:]
    code = blank_literals(remove_comments(text))
    # what remains of a comment opener is one the lines do not close
    open_at = code.find("/*")
    if open_at >= 0:
        code = code[:open_at] + blank(code[open_at:])
    return code.split("\n"), starts_inside, open_at >= 0


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


def whole_statements(lines, keep_start, drop_first):
    """The lines without the partial statements a window cuts: at its end (an
    ``if (...)`` whose body is out of view, a call whose arguments go on) and,
    unless ``keep_start``, at its start (lines that close a parenthesis opened
    out of view).  With ``drop_first``, the first statement goes too, whatever it is.
    Returns (lines kept, [(first line, last line, why)] of the code left out)."""
    code = shapes(lines)
    ends = statement_ends(code)
    if not ends:
        return lines, []    # comments only, or one statement it cannot tell complete
    start, why = 0, None
    if drop_first and len(ends) > 1:
        start, why = ends[0] + 1, "the hunk's first statement, left out for the rest to parse"
    elif not keep_start and not starts_in_header(code):
        start, why = continuation_end(code, ends), "the end of a statement begun before the hunk"
    left_out = []
    for first, last, reason in ((0, start, why),
                                (ends[-1] + 1, len(lines), "a statement the hunk cuts")):
        numbers = [lines[index][0] for index in range(first, last)
                   if code[index].strip() and not DIRECTIVE.match(code[index])]
        if numbers:
            left_out.append((numbers[0], numbers[-1], reason))
    return lines[start:ends[-1] + 1], left_out


def continuation_end(code, ends):
    """Where the statement the lines begin inside ends (0 when they begin with one)."""
    depth = 0
    for index, text in enumerate(code):
        depth += text.count("(") - text.count(")")
        if depth < 0:
            return next((end + 1 for end in ends if end >= index), 0)
        if index in ends:
            return 0
    return 0


def statement_ends(code):
    """Indexes of the lines that end a statement: with ``;``, ``{`` or ``}``
    outside any parenthesis they open (``for (i = 0;`` ends none)."""
    ends = []
    depth = lowest = 0
    for index, text in enumerate(code):
        depth += text.count("(") - text.count(")")
        lowest = min(lowest, depth)
        if depth == lowest and STATEMENT_END.search(text):
            ends.append(index)
    return ends


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


class Window(NamedTuple):
    """How the lines of one segment sit in the code around them, which they do not show."""
    code: list              # the lines' code (comments and literals blanked)
    starts_in_comment: bool
    ends_in_comment: bool
    starts_in_header: bool  # inside a function header: its parameters, then the body's {
    unseen: list            # each block opened before the window that it closes, innermost
    #                         first: "body" (the function's) for a } at the start of a
    #                         line, "switch" when case labels stand in it, "initializer"
    #                         when "};" closes it, "member" (of one) for "},", else "block"
    around: str | None      # "switch" or "initializer": the unseen block the window ends
    #                         in, when it is one (else the function's body or a block)
    still_open: list        # each block opened in the window and not closed, innermost
    #                         first: "do", "initializer", "member" (of one) or "block"
    labels: list            # goto labels
    open_conditionals: int  # #if groups opened in the window and not closed


def window_of(lines, indented):
    """The Window of a segment's lines; ``indented``: their indentation is the
    author's (not a hunk repaired from whitespace damage), so a ``}`` at the start
    of a line is the end of a function."""
    code, starts_in_comment, ends_in_comment = code_of(lines)
    opened = []
    unseen = []
    in_switch = False       # case labels stand directly in the unseen block the window is in
    labels = []
    before = ""             # the code before the current character, on this line or the last
    for text in code:
        if not opened and CASE_LABEL.match(text):
            in_switch = True
        label = GOTO_LABEL.match(text)
        if label and label.group(1) != "default":
            labels.append(label.group(1))
        for position, char in enumerate(text):
            if char == "{":
                ahead = (text[:position].strip() or before).rstrip()
                if opened and opened[-1] in ("initializer", "member"):
                    opened.append("member")
                elif re.search(r"\bdo$", ahead):
                    opened.append("do")
                elif INITIALIZER.search(ahead):
                    opened.append("initializer")
                else:
                    opened.append("block")
            elif char == "}":
                if opened:
                    opened.pop()
                else:
                    after = text[position + 1:].lstrip()
                    unseen.append("body" if indented and position == 0 and "body" not in unseen
                                  else "switch" if in_switch
                                  else "member" if after.startswith(",")
                                  else "initializer" if after.startswith(";") else "block")
                    in_switch = False
        before = text.strip() or before
    around = "switch" if in_switch else "initializer" if unseen[-1:] == ["member"] else None
    return Window(code, starts_in_comment, ends_in_comment, starts_in_header(code), unseen,
                  around, opened[::-1], labels, open_conditionals(code))


def open_conditionals(code):
    """How many #if groups the lines open and do not close."""
    depth = 0
    for text in code:
        directive = DIRECTIVE.match(text)
        if directive and directive.group(1) in ("if", "ifdef", "ifndef"):
            depth += 1
        elif directive and directive.group(1) == "endif" and depth:
            depth -= 1
    return depth


def starts_in_header(code):
    """Whether the lines begin inside a function header: they close a parenthesis
    they did not open before a lone ``{`` at the start of a line, kernel style."""
    depth = 0
    for text in code:
        if text.rstrip() == "{":
            return depth < 0
        depth += text.count("(") - text.count(")")
        if "{" in text or ";" in text:
            return False
    return False


def leading_guard(window, unseen):
    """What makes the window's first statement conditional when it may be the body
    of an ``if``, ``else`` or loop out of view: code after a jump there is reached."""
    lines = [index for index, text in enumerate(window.code)
             if text.strip() and not text.lstrip().startswith("#")]
    if not lines:
        return ""
    first = window.code[lines[0]]
    if re.match(r"\s*else\b", first):
        return f"if ({unseen()}) ; "
    if JUMP.match(first):
        return f"if ({unseen()}) "
    ends = statement_ends(window.code)
    following = [index for index in lines if ends and index > ends[0]]
    if following and re.match(r"\s*else\b", window.code[following[0]]):
        return f"if ({unseen()}) "
    return ""


# What stands for a block opened out of view, by its kind (Window.unseen), and
# what closes one opened in view and left open (Window.still_open); %s is a
# condition of code out of view.
OPENERS = {"switch": "switch (%s) { default: ", "initializer": "int %s[] = { ", "member": "{ ",
           "block": "if (%s) { "}
CLOSERS = {"switch": " }", "do": " } while (%s);", "initializer": " };", "member": " }",
           "block": " }"}


def virtual_file(piece, side, trim=False):
    """Text of the piece's lines in their real order and spacing, wrapped to parse,
    and the file line number of its first line.

    What the lines do not show is unknown, never assumed: a block opened before
    a window is entered on a condition the code does not know (so what follows
    its closing brace is reached, whatever it ended with), as a ``switch`` when
    case labels stand in it; a first statement that may be the body of an ``if``
    out of view is conditional; a goto label, and the code after a gap between
    two hunks, are reached from the entry as well as from the code before them.

    The partial statements a window cuts are left out, and with ``trim`` the
    first statement of each window after a header too.
    Returns (text, name in the text, first line, [(first line, last line, why)] of
    the code left out) or None when the side has no lines.
    """
    # a header in view is kept whole: only the end of its window is trimmed
    segments, left_out = [], []
    for number, segment in enumerate(getattr(piece, side)):
        header = piece.headed and number == 0
        kept, cut = whole_statements(segment.lines, header, trim and not header)
        left_out += cut
        if kept:
            segments.append(Segment(kept, segment.hunk))
    if not segments:
        return None
    numbers = iter(range(1, 1 << 30))

    def unseen():
        """A condition of code out of view: a name of its own, which nothing correlates."""
        return f"{UNSEEN}{next(numbers)}"

    windows = [window_of(segment.lines, not segment.hunk.repaired) for segment in segments]
    headed = piece.headed or windows[0].starts_in_header
    whole = piece.headed and len(getattr(piece, side)) == 1 and end_in_view(piece, side)
    labels = [label for window in windows for label in window.labels]
    gaps = [f"{UNSEEN}_gap{index}" for index in range(1, len(segments))]

    def gotos(targets):
        return [f"if ({unseen()}) goto {label}; " for label in targets]
    entry_row = None
    body_open = True    # the function's body is open after the first window
    rows = {}
    for index, (segment, window) in enumerate(zip(segments, windows)):
        first = segment.lines[0][0]
        prefix = ""
        if index == 0 and piece.headed and NAME_FIRST.match(window.code[0]) \
                and not SYSCALL_HEADER.match(window.code[0]):
            prefix = "int "     # the header's type is out of view
        if index == 0 and not piece.headed:
            prefix = f"void {FRAGMENT}(" + ("" if window.starts_in_header else "void) { ")
        if index == 0 and headed:
            # from the entry: after the opening brace of the body
            entry_row = next((number for (number, _), text in zip(segment.lines, window.code)
                              if "{" in text), None)
            entry = gotos([] if whole else labels + gaps)
        elif index == 0:
            prefix += "".join(gotos(labels + gaps))
        else:
            # a gap: code out of view, which may jump to any label
            prefix += f"{gaps[index - 1]}: ; " + "".join(gotos(labels))
        # the function's body is open already: it is never skipped
        if "body" in window.unseen:
            body_open = False
        levels = ([window.around] if window.around else []) + \
            [level for level in window.unseen[::-1] if level != "body"]
        prefix += "".join(OPENERS[level].replace("%s", unseen()) for level in levels)
        if not (index == 0 and headed):
            prefix += leading_guard(window, unseen)
        if window.starts_in_comment:
            prefix += "/* "
        rows.setdefault(max(first - 1, 1), []).append(prefix)
        for number, text in segment.lines:
            rows.setdefault(number, []).append(text)
        still_open = window.still_open
        if index == 0 and headed:
            # the body stays open for the windows after a gap, to the last one
            body_open, still_open = bool(still_open), still_open[:-1]
        closing = "*/" if window.ends_in_comment else ""
        closing += "".join(CLOSERS[kind].replace("%s", unseen()) for kind in still_open)
        if window.around:
            closing += CLOSERS[window.around]
        if index == len(segments) - 1 and body_open:
            closing += " }"
        # an #if group left open would leave out what closes the window
        after = segment.lines[-1][0] + 1
        for row in range(after, after + window.open_conditionals):
            rows.setdefault(row, []).insert(0, "#endif")
        rows.setdefault(after + window.open_conditionals, []).insert(0, closing)
    if entry_row is not None:
        rows[entry_row].extend(entry)
    first, last = min(rows), max(rows)
    text = "\n".join(" ".join(rows.get(number, [])) for number in range(first, last + 1))
    return text, piece.name if piece.headed else FRAGMENT, first, left_out
