"""What intake hands to the rest of the pipeline.

Every line of a diff keeps the number of the input line it came from
(``mail_line``), so a finding can always be traced back to the mail.
"""

from functools import cached_property
from typing import NamedTuple


class TextLine(NamedTuple):
    """One line of a message body after MIME decoding, before unquoting."""
    number: int     # 1-based line in the input file
    text: str


class QuotedLine(NamedTuple):
    """A body line split into its quote depth and what follows the quote marks."""
    number: int
    depth: int
    content: str    # text after the quote marks (and the one space after them)


class HunkLine(NamedTuple):
    kind: str       # ' ' context, '+' added, '-' removed, '\\' no-newline marker
    text: str       # the line without its kind prefix
    mail_line: int


class Hunk:
    __slots__ = ("old_start", "old_count", "new_start", "new_count", "section", "header_line",
                 "lines", "repaired", "rejoined", "status", "reason", "unidiff")

    def __init__(self, old_start, old_count, new_start, new_count, section, header_line,
                 lines=None, repaired=False, rejoined=False, status="ok", reason=None,
                 unidiff=None):
        self.old_start = old_start
        self.old_count = old_count
        self.new_start = new_start
        self.new_count = new_count
        self.section = section          # the text after the second @@ (often not the function)
        self.header_line = header_line  # input line of the @@ header
        self.lines = [] if lines is None else lines     # HunkLine, empty when skipped
        self.repaired = repaired        # whitespace damage was undone using the @@ counts
        self.rejoined = rejoined        # reply text inside the hunk was stepped over
        self.status = status
        self.reason = reason
        self.unidiff = unidiff  # the unidiff.Hunk of an ok hunk, once the patchset is parsed

    @property
    def added(self):
        return sum(1 for line in self.lines if line.kind == "+")

    @property
    def removed(self):
        return sum(1 for line in self.lines if line.kind == "-")

    @property
    def mail_lines(self):
        last = self.lines[-1].mail_line if self.lines else self.header_line
        return [self.header_line, last]

    def reversed(self):
        """The hunk that undoes this one."""
        swap = {"+": "-", "-": "+"}
        return Hunk(self.new_start, self.new_count, self.old_start, self.old_count, self.section,
                    self.header_line, [line._replace(kind=swap.get(line.kind, line.kind))
                                       for line in self.lines],
                    self.repaired, self.rejoined, self.status, self.reason, self.unidiff)


class FileDiff:
    __slots__ = ("path", "old_path", "header_line", "hunks")

    def __init__(self, path, old_path, header_line, hunks=None):
        self.path = path            # tree-relative path, None for a hunk without file headers
        self.old_path = old_path
        self.header_line = header_line
        self.hunks = [] if hunks is None else hunks


class Patch:
    # no __slots__: the cached patchset is kept in the instance's __dict__

    def __init__(self, source, author, subject, quote_depth, files=None, index=0):
        self.source = source        # input name as given on the command line
        self.author = author
        self.subject = subject
        self.quote_depth = quote_depth
        self.files = [] if files is None else files
        self.index = index

    @property
    def text(self):
        """The clean unified diff of the ok hunks, as given to unidiff."""
        from analyzer.intake.unidiff_text import clean_text
        return clean_text(self)

    @cached_property
    def patchset(self):
        """unidiff's PatchSet of ``text``; parsing it sets each ok hunk's ``unidiff``.

        Parsed when first asked for: the pipeline reads ``files``, and parsing
        every patch up front took a third of intake's time (and importing
        unidiff is a fiftieth of a check on one mail).
        """
        from analyzer.intake.unidiff_text import parse_patchset
        return parse_patchset(self)

    @property
    def mail_lines(self):
        first = min(f.header_line for f in self.files)
        last = max(h.mail_lines[1] for f in self.files for h in f.hunks) if any(
            f.hunks for f in self.files) else first
        return [first, last]

    def hunks(self):
        return [hunk for f in self.files for hunk in f.hunks]


class Skipped(NamedTuple):
    """A region of the input that looks like a diff but could not be read as one."""
    source: str
    mail_lines: list
    reason: str


class Intake:
    __slots__ = ("patches", "skipped")

    def __init__(self, patches=None, skipped=None):
        self.patches = [] if patches is None else patches
        self.skipped = [] if skipped is None else skipped
