"""Intake gives back the hunks of a valid patch, whatever the mail did to it.

A patch is generated (1-3 files, 1-3 hunks each, consistent @@ counts and
line numbers), rendered as text, then damaged the ways mailers and archives
damage patches: quoted at some depth in some style, context lines without
their leading space, indentation collapsed, empty context lines turned into
empty or quote-only lines, a quoted hunk cut by reply text, CRLF, or the whole
text sent as a quoted-printable MIME mail.  ``read_text`` must find the same
files, the same @@ numbers, the same kinds of lines and the same line texts
(modulo white space).

The line pool holds no line whose text starts with ``+``, ``-`` or ``>`` once
stripped: such a line, stripped of its indentation, reads two ways, and which
one is meant is a matter for the case files, not for a property.

A second property: no mix of mail, MIME and diff lines makes intake fail.
"""

import email.header
import email.utils
from dataclasses import dataclass

from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

from analyzer.intake import read_text
from analyzer.intake.mail import author_name, decode_header

CODE = [
    "struct anon_vma *anon_vma = page_anon_vma(page);",
    "unsigned long address = vma->vm_start;",
    "pgoff_t pgoff = page->index;",
    "if (!anon_vma)",
    "return -EFAULT;",
    "anon_vma_lock_write(anon_vma);",
    "anon_vma_unlock_write(anon_vma);",
    "spin_lock(&mm->page_table_lock);",
    "spin_unlock(&mm->page_table_lock);",
    "vma->vm_start = start;",
    "vma->vm_pgoff = pgoff;",
    "list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {",
    "if (address < vma->vm_start || address >= vma->vm_end)",
    "i_mmap_lock_write(mapping);",
    "i_mmap_unlock_write(mapping);",
    "/* the walker holds the root lock */",
    " * rmap walkers read vm_start under this lock",
    "#ifdef CONFIG_NUMA",
    "#endif",
    "}",
    "{",
    "goto out;",
    "out:",
    "ret = rmap_one(page, vma, address, arg);",
    "static int rmap_walk_anon(struct page *page, struct rmap_walk_control *rwc)",
    "mmap_assert_write_locked(mm);",
    "nr_pages = folio_nr_pages(folio) - 1;",
    "count += delta;",
]
PATHS = ["mm/rmap.c", "mm/mmap.c", "kernel/fork.c", "include/linux/rmap.h", "mm/ksm.c"]
REPLY = ["This takes the anon_vma lock twice when called from the walker.",
         "",
         "Why is it needed here at all?"]

# The text of one hunk line, indentation included; empty lines too.
line_text = st.one_of(
    st.tuples(st.integers(0, 3), st.sampled_from(CODE)).map(lambda t: "\t" * t[0] + t[1]),
    st.just(""))


@dataclass
class GeneratedHunk:
    old_start: int
    new_start: int
    lines: list     # (kind, text)

    @property
    def old_count(self):
        return sum(1 for kind, _ in self.lines if kind in " -")

    @property
    def new_count(self):
        return sum(1 for kind, _ in self.lines if kind in " +")

    def header(self):
        """The @@ numbers; an empty side names the line before, as diff writes it."""
        return (self.old_start - (self.old_count == 0), self.old_count,
                self.new_start - (self.new_count == 0), self.new_count)


@st.composite
def hunk_lines(draw):
    """Context, then one to three runs of changes separated by context."""
    lines = [(" ", draw(line_text)) for _ in range(draw(st.integers(0, 3)))]
    for run in range(draw(st.integers(1, 3))):
        if run:
            lines += [(" ", draw(line_text)) for _ in range(draw(st.integers(1, 3)))]
        removed = draw(st.integers(0, 3))
        added = draw(st.integers(0 if removed else 1, 3))
        lines += [("-", draw(line_text)) for _ in range(removed)]
        lines += [("+", draw(line_text)) for _ in range(added)]
    lines += [(" ", draw(line_text)) for _ in range(draw(st.integers(0, 3)))]
    return lines


@st.composite
def patches(draw):
    """[(path, [GeneratedHunk])], with line numbers that follow each other."""
    paths = draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=3, unique=True))
    files = []
    for path in paths:
        hunks = []
        old_line, shift = 1, 0
        for _ in range(draw(st.integers(1, 3))):
            old_line += draw(st.integers(1, 400))
            hunk = GeneratedHunk(old_line, old_line + shift, draw(hunk_lines()))
            hunks.append(hunk)
            old_line += hunk.old_count
            shift += hunk.new_count - hunk.old_count
        files.append((path, hunks))
    return files


def render(files, style):
    """The patch as text, the hunk lines marked: [(text, hunk id or None)]."""
    out = [("Take the anon_vma lock around the update.", None), ("", None),
           ("Signed-off-by: Test Author <test@example.org>", None), ("---", None), ("", None)]
    for path, hunks in files:
        if style == "git":
            out += [(f"diff --git a/{path} b/{path}", None),
                    ("index 1234567..89abcde 100644", None),
                    (f"--- a/{path}", None), (f"+++ b/{path}", None)]
        elif style == "quilt":
            out += [(f"Index: linux-6.1/{path}", None), ("=" * 67, None),
                    (f"--- linux-6.1.orig/{path}", None), (f"+++ linux-6.1/{path}", None)]
        else:
            out += [(f"--- {path}.orig\t2023-01-01 10:00:00.000000000 +0100", None),
                    (f"+++ {path}\t2023-01-01 10:05:00.000000000 +0100", None)]
        for hunk in hunks:
            out.append(("@@ -%d,%d +%d,%d @@ static int f(void)" % hunk.header(), None))
            out += [(kind + text, id(hunk)) for kind, text in hunk.lines]
    out += [("-- ", None), ("2.39.0", None)]
    return out


def collapse(text, to_none):
    """Leading white space of a diff line (after its kind) to one space or none."""
    kind, rest = (text[0], text[1:]) if text[:1] in ("+", "-") else ("", text)
    stripped = rest.lstrip(" \t")
    if stripped == rest:
        return text
    return kind + ("" if to_none else " ") + stripped


@st.composite
def damaged(draw, files):
    """The rendered patch with random damage; also the hunks a reply cuts."""
    lines = render(files, draw(st.sampled_from(["git", "quilt", "plain"])))
    strip_space = draw(st.booleans())
    collapsed = draw(st.sampled_from([None, "one", "none"]))
    empty_context = draw(st.booleans())
    damaged_lines = []
    for text, hunk in lines:
        if hunk is not None:
            if text[:1] == " " and (strip_space or collapsed or empty_context and not text.strip()):
                text = text[1:]
            if collapsed:
                text = collapse(text, collapsed == "none")
        damaged_lines.append((text, hunk))

    depth = draw(st.integers(0, 3))
    cut = None
    if depth:
        style = draw(st.sampled_from(["spaced", "compact", "bare"]))
        marks = {"spaced": "> " * depth, "compact": ">" * depth + " ",
                 "bare": ">" * depth}[style]
        bare_marks = marks.rstrip()
        quoted = []
        for text, hunk in damaged_lines:
            if text:
                quoted.append((marks + text, hunk))
            else:
                quoted.append((draw(st.sampled_from([bare_marks, bare_marks + " "])), hunk))
        damaged_lines = quoted
        cut = draw(st.booleans())
    texts = ["On Mon, Jan 4, 2021 at 10:00 AM Test Author <test@example.org> wrote:"] if depth \
        else []
    cut_hunks = set()
    if cut:
        # reply text, at a shallower depth, between two lines of one hunk
        places = [index for index in range(1, len(damaged_lines))
                  if damaged_lines[index][1] is not None
                  and damaged_lines[index][1] == damaged_lines[index - 1][1]]
        if places:
            place = draw(st.sampled_from(places))
            cut_hunks.add(damaged_lines[place][1])
            reply_depth = draw(st.integers(0, depth - 1))
            reply = [("> " * reply_depth + text).rstrip() for text in REPLY]
            damaged_lines[place:place] = [(text, None) for text in ["", *reply, ""]]
    texts += [text for text, _ in damaged_lines]
    text = "\n".join(texts) + "\n"

    wrap = draw(st.sampled_from([None, "crlf", "quoted-printable"]))
    if wrap == "crlf":
        text = text.replace("\n", "\r\n")
    elif wrap == "quoted-printable":
        text = ("From: Test Author <test@example.org>\nSubject: [PATCH] mm: test\n"
                "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
                "Content-Transfer-Encoding: quoted-printable\n\n" + quoted_printable(text))
    return text, cut_hunks


def quoted_printable(text):
    """As mailers write it: tabs as =09, "=" as =3D, soft line breaks at 76."""
    out = []
    for line in text.split("\n"):
        encoded = line.replace("=", "=3D").replace("\t", "=09")
        if encoded.endswith(" "):
            encoded = encoded[:-1] + "=20"
        while len(encoded) > 75:
            cut = 75
            while "=" in encoded[cut - 2:cut]:     # never split an =XX escape
                cut -= 1
            out.append(encoded[:cut] + "=")
            encoded = encoded[cut:]
        out.append(encoded)
    return "\n".join(out)


def words(text):
    return " ".join(text.split())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_patch_reads_back(data):
    files = data.draw(patches())
    text, cut_hunks = data.draw(damaged(files))
    found = read_text("<generated>", text)

    assert found.skipped == []
    assert len(found.patches) == 1
    patch = found.patches[0]
    assert [(file.path, file.old_path) for file in patch.files] == \
        [(path, path) for path, _ in files]
    for (path, hunks), file in zip(files, patch.files):
        assert len(file.hunks) == len(hunks), path
        for want, got in zip(hunks, file.hunks):
            assert got.status == "ok", got.reason
            assert (got.old_start, got.old_count, got.new_start, got.new_count) == want.header()
            assert [(line.kind, words(line.text)) for line in got.lines] == \
                [(kind, words(text)) for kind, text in want.lines]
            assert got.rejoined == (id(want) in cut_hunks)
    # the clean text unidiff parsed holds every hunk
    assert sum(len(file) for file in patch.patchset) == sum(len(h) for _, h in files)


# Lines of mails, MIME parts and diffs, whole and broken, for a mix no mail has.
FRAGMENTS = [
    "From 8d2a4f6c1e3b5a7d9f0b2c4e6a8c0e2f4a6b8d0f Mon Sep 17 00:00:00 2001",
    "From: Test Author <test@example.org>", "From: =?utf-8?b?!!?=", "Subject: [PATCH] mm: x",
    " continued", "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b"',
    "Content-Type: multipart/mixed; boundary=", "Content-Type: text/plain; charset=bogus",
    "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable",
    'Content-Disposition: attachment; filename="x.patch"', "--b", "--b--", "Zm9vCg==", "a=",
    "=3D", "", ">", "> ", "On Mon, Jan 4, 2021 at 10:00 AM A <a@b> wrote:", "* A <a@b> [x]:",
    "diff --git a/mm/rmap.c b/mm/rmap.c", "Index: mm/rmap.c", "=" * 67, "--- a/mm/rmap.c",
    "+++ b/mm/rmap.c", "--- /dev/null", "+++ /dev/null", "@@ -1,2 +1,2 @@", "@@ -0,0 +0,0 @@",
    "@@ -3 +3 @@ f", "@@ -1,0 +1,1 @@", " \tfoo;", "\tfoo;", "+\tbar;", "-\tbaz;", "+", "-",
    "--nr;", "> +\tbar;", ">>  \tfoo;", "> > -\tbaz;", "\\ No newline at end of file", "-- ", "--",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
@example(["@@ -0,0 +0,0 @@", "@@ -0,0 +0,0 @@"])     # a hunk of no lines
@example(["From: Test Author <test@example.org>", "Content-Transfer-Encoding: base64"])
def test_any_mix_of_mail_and_diff_lines_is_read(lines):
    """No input makes intake fail: every hunk is ok or skipped with a reason, and
    unidiff reads the clean text of every patch."""
    for text in ("\n".join(lines), "\r\n".join(lines)):
        for patch in read_text("<generated>", text).patches:
            for hunk in patch.hunks():
                assert (hunk.status, hunk.reason is None) in (("ok", True), ("skipped", False))
            assert sum(len(file) for file in patch.patchset) == \
                sum(1 for hunk in patch.hunks() if hunk.status == "ok")


NAME_TEXT = st.text(st.sampled_from('ab Z.\'"\\-_,;:@()<>é'), max_size=12)


@settings(max_examples=400, deadline=None)
@given(NAME_TEXT, st.sampled_from(["<a@b.c>", "<x.y@example.org>", "<>", "<a b@c>", ""]),
       st.booleans())
@example("Mel  Gorman", "<mel@csn.ul.ie>", False)
@example('Kim, "Minchan"', "<a@b.c>", True)
@example("", "<a@b.c>", False)
@example("Mel Gorman", "", False)
def test_the_usual_from_header_reads_as_parseaddr_reads_it(name, address, quoted):
    """author_name reads Name <address> itself; where it does, email.utils agrees."""
    if quoted:
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    value = f"{name} {address}".strip()
    assume(value)
    expected_name, expected_address = email.utils.parseaddr(value)
    expected = expected_name or (expected_address if "@" in expected_address else value)
    assert author_name(value) == expected


@given(st.text(st.sampled_from("ab =?\t"), max_size=12))
def test_plain_headers_decode_as_the_email_package_decodes_them(value):
    assume("=?" not in value)
    assert decode_header(value) == str(email.header.make_header(
        email.header.decode_header(value))).strip()
