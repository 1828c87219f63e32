"""Finding the patches in the quoted lines of one message.

Each quote depth is read on its own, as if the other depths were not there:
a patch quoted three levels deep is a patch of its own, and reply text at a
shallower depth that cuts one of its hunks in two is stepped over.  Only an
``@@ -a,b +c,d @@`` header opens a hunk, so prose, lockdep reports, oops
dumps and ``---`` separators never become hunks; runs of ``+``/``-`` lines
with no header are reported as skipped rather than dropped.
"""

import re

from analyzer.intake.mail import author_name, decode_header
from analyzer.intake.model import FileDiff, Hunk, HunkLine, Patch, Skipped
from analyzer.intake.paths import header_name, tree_paths
from analyzer.intake.quotes import attribution
from analyzer.intake.repair import read_body, readings, step

HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$")
GIT_HEADER = re.compile(r"^diff --git (\"[^\"]+\"|\S+) (\"[^\"]+\"|\S+)\s*$")
# A line of code in a stray run: ends like a statement or a block, or is a
# comment or preprocessor line.  Not ")" or ",": changelog and review bullets
# ("- reword the comment (Hugh),") end that way as often as code does.
CODE_END = re.compile(r"[;{}]\s*$|^[+-]\s*(/\*|\*|#)")


def find_patches(source, message, quoted):
    """The patches and skipped regions of one message's QuotedLines."""
    patches, skipped = [], []
    for depth in sorted({line.depth for line in quoted}):
        scanner = DepthScanner(source, message, quoted, depth)
        scanner.scan()
        patches.extend(scanner.patches)
        skipped.extend(scanner.skipped)
    patches.sort(key=lambda patch: patch.mail_lines[0])
    skipped.sort(key=lambda item: item.mail_lines[0])
    return patches, skipped


class DepthScanner:
    """Reads the lines of one quote depth into patches."""

    def __init__(self, source, message, quoted, depth):
        self.source = source
        self.message = message
        self.quoted = quoted
        self.depth = depth
        self.patches = []
        self.skipped = []
        self.patch = None
        self.file = None
        self.named_by_git = None   # a file opened by "diff --git" awaiting its ---/+++
        self.hunk_end = None    # position right after the last hunk read
        self.in_body_author = None
        self.in_body_subject = None

    def at_depth(self, position):
        return position < len(self.quoted) and self.quoted[position].depth == self.depth

    def content(self, position):
        return self.quoted[position].content if self.at_depth(position) else None

    def scan(self):
        position = 0
        while position < len(self.quoted):
            if not self.at_depth(position):
                position += 1
                continue
            position = self.scan_line(position)

    def scan_line(self, position):
        """Handle the line at ``position``; return where to go on."""
        text = self.content(position)
        if text.startswith("From: ") or text.startswith("Subject: "):
            self.close_patch()
            value, position = self.unfolded(position)
            if text.startswith("From: "):
                self.in_body_author = author_name(value[6:])
            else:
                self.in_body_subject = decode_header(value[9:])
            return position
        git = GIT_HEADER.match(text)
        if git:
            self.open_file(position, header_name(git.group(1)), header_name(git.group(2)))
            self.named_by_git = self.file
            return position + 1
        following = self.content(position + 1)
        if text.startswith("--- ") and following is not None and following.startswith("+++ "):
            old, new = header_name(text[4:]), header_name(following[4:])
            if self.file is not None and self.named_by_git is self.file and not self.file.hunks:
                # the ---/+++ names of a git diff say the same, except for /dev/null
                self.file.path, self.file.old_path = tree_paths(old, new)
                self.named_by_git = None
            else:
                self.open_file(position, old, new)
            return position + 2
        header = HUNK_HEADER.match(text)
        if header:
            return self.read_hunk(position, header)
        if text[:1] in ("+", "-"):
            return self.stray_run(position)
        return position + 1

    def unfolded(self, position):
        """A header line in the body joined with the lines it is folded onto
        (a long Subject: goes on in lines that start with white space), and
        the position after them."""
        text = self.content(position)
        position += 1
        following = self.content(position)
        while following and following[:1] in (" ", "\t") and following.strip():
            text += " " + following.strip()
            position += 1
            following = self.content(position)
        return text, position

    def ensure_patch(self, position):
        if self.patch is not None:
            return
        author = self.in_body_author
        if author is None and self.depth > 0:
            author = attribution(self.quoted, position)
        if author is None and self.depth == 0:
            author = self.message.author
        self.patch = Patch(self.source, author, self.in_body_subject or self.message.subject,
                           self.depth)
        self.patches.append(self.patch)

    def close_patch(self):
        if self.patch is not None:
            self.patch = None
            self.file = None
            self.in_body_author = None
            self.in_body_subject = None

    def open_file(self, position, old, new):
        self.ensure_patch(position)
        path, old_path = tree_paths(old, new)
        self.file = FileDiff(path, old_path, self.quoted[position].number)
        self.patch.files.append(self.file)

    def read_hunk(self, position, header):
        old_start, old_count = int(header.group(1)), count(header.group(2))
        new_start, new_count = int(header.group(3)), count(header.group(4))
        if self.file is None:
            self.open_file(position, None, None)
        hunk = Hunk(old_start, old_count, new_start, new_count, header.group(5).strip(),
                    self.quoted[position].number)
        self.file.hunks.append(hunk)
        if old_count == new_count == 0:
            # no diff writes such a header, and unidiff cannot read the hunk
            hunk.status = "skipped"
            hunk.reason = "the @@ header announces no lines"
            return position + 1
        body = self.body_lines(position + 1, old_count + new_count + 2)
        chosen = read_body([self.quoted[p].content for p in body], old_count, new_count)
        if chosen is None:
            hunk.status = "skipped"
            hunk.reason = self.mismatch(body, old_count, new_count)
            intact = [p for p in body if self.quoted[p].content[:1] in (" ", "+", "-", "\\")]
            return (intact[-1] if intact else position) + 1
        used = body[:len(chosen)]
        for place, reading in zip(used, chosen):
            hunk.lines.append(HunkLine(reading.kind, reading.text, self.quoted[place].number))
        hunk.repaired = any(reading.damaged for reading in chosen)
        hunk.rejoined = bool(used) and used[-1] - position != len(used)
        self.hunk_end = (used[-1] if used else position) + 1
        return self.hunk_end

    def body_lines(self, position, limit):
        """Positions of the lines that may belong to a hunk body starting at ``position``.

        Shallower lines (reply text) are stepped over; a deeper line, the next
        header or the end of the message ends the body.
        """
        body = []
        while position < len(self.quoted) and len(body) < limit:
            line = self.quoted[position]
            if line.depth < self.depth:
                position += 1
                continue
            if line.depth > self.depth or self.starts_section(position):
                break
            body.append(position)
            position += 1
        return body

    def starts_section(self, position):
        # called for every body line (at this depth): the cheap tests go first
        text = self.quoted[position].content
        if text.startswith("@@"):
            return bool(HUNK_HEADER.match(text))
        if text.startswith("diff --git "):
            return bool(GIT_HEADER.match(text))
        if text.startswith("--- "):
            return (self.content(position + 1) or "").startswith("+++ ")
        if text.startswith("Index: "):
            return (self.content(position + 1) or "").startswith("====")
        return False

    def mismatch(self, body, old_count, new_count):
        old = new = 0
        for place in body:
            old_step, new_step = step(readings(self.quoted[place].content)[0])
            old, new = old + old_step, new + new_step
        return (f"hunk body does not match its header: @@ announces {old_count} old and "
                f"{new_count} new lines, the text holds {old} and {new}")

    def stray_run(self, position):
        """Report a run of +/- lines outside any hunk; return the position after it."""
        run = []
        while self.at_depth(position):
            text = self.content(position)
            if text[:1] not in ("+", "-") or text.startswith(("---", "+++", "->")):
                break
            run.append(position)
            position += 1
        # Two code-like lines, or one right after a hunk whose counts were met
        # before it: either way diff lines that no hunk holds.
        code = any(CODE_END.search(self.content(p)) for p in run)
        signature = run and self.content(run[0]).rstrip() == "--"
        if run and not signature and (len(run) >= 2 and code or run[0] == self.hunk_end):
            lines = [self.quoted[run[0]].number, self.quoted[run[-1]].number]
            self.skipped.append(Skipped(self.source, lines,
                                        f"{len(run)} lines that read as diff lines but have "
                                        f"no @@ hunk header above them"))
        return max(position, run[-1] + 1 if run else position + 1)


def count(text):
    return 1 if text is None else int(text)
