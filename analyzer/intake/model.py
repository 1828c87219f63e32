"""What intake hands to the rest of the pipeline.

Every line of a diff keeps the number of the input line it came from
(``mail_line``), so a finding can always be traced back to the mail.
"""

from dataclasses import dataclass, field
from functools import cached_property

from analyzer.intake.unidiff_text import clean_text, parse_patchset


@dataclass
class TextLine:
    """One line of a message body after MIME decoding, before unquoting."""
    number: int     # 1-based line in the input file
    text: str


@dataclass
class QuotedLine:
    """A body line split into its quote depth and what follows the quote marks."""
    number: int
    depth: int
    content: str    # text after the quote marks (and the one space after them)


@dataclass
class HunkLine:
    kind: str       # ' ' context, '+' added, '-' removed, '\\' no-newline marker
    text: str       # the line without its kind prefix
    mail_line: int


@dataclass
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    section: str            # the text after the second @@ (often not the function)
    header_line: int        # input line of the @@ header
    lines: list = field(default_factory=list)   # HunkLine, empty when skipped
    repaired: bool = False  # whitespace damage was undone using the @@ counts
    rejoined: bool = False  # reply text inside the hunk was stepped over
    status: str = "ok"
    reason: str | None = None
    unidiff: object = None  # the unidiff.Hunk of an ok hunk, once the patchset is parsed

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


@dataclass
class FileDiff:
    path: str | None        # tree-relative path, None for a hunk without file headers
    old_path: str | None
    header_line: int
    hunks: list = field(default_factory=list)


@dataclass
class Patch:
    source: str             # input name as given on the command line
    author: str | None
    subject: str | None
    quote_depth: int
    files: list = field(default_factory=list)
    index: int = 0

    @property
    def text(self):
        """The clean unified diff of the ok hunks, as given to unidiff."""
        return clean_text(self)

    @cached_property
    def patchset(self):
        """unidiff's PatchSet of ``text``; parsing it sets each ok hunk's ``unidiff``.

        Parsed when first asked for: the pipeline reads ``files``, and parsing
        every patch up front took a third of intake's time.
        """
        return parse_patchset(self)

    @property
    def mail_lines(self):
        first = min(f.header_line for f in self.files)
        last = max(h.mail_lines[1] for f in self.files for h in f.hunks) if any(
            f.hunks for f in self.files) else first
        return [first, last]

    def hunks(self):
        return [hunk for f in self.files for hunk in f.hunks]


@dataclass
class Skipped:
    """A region of the input that looks like a diff but could not be read as one."""
    source: str
    mail_lines: list
    reason: str


@dataclass
class Intake:
    patches: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
