"""Text for reviewers, b4's one-line form, -o, and the exit status."""

import json
import re
import subprocess
import sys

import pytest

from analyzer.config import NO_CONFIG
from analyzer.intake import read_inputs
from analyzer.locks.rules import load_rules
from analyzer.report.results import Summary, patch_section, write_report
from analyzer.report.text import TextReport
from analyzer.review import review_patch
from conftest import (REFERENCE_MAIL, ROOT, commit_nesting_series, needs_reference_mail,
                      run_lockscan)

EXAMPLE_MAIL = ROOT / "fixtures" / "example-mail.txt"
B4_LINE = re.compile(r"^[\w./-]+:\d+: (ERROR|WARNING): .+ \[LOCK\d{3}\]$")

RMAP_BEFORE = """\
struct anon_vma {
\tspinlock_t lock;
};

static void walk_two(struct anon_vma *anon_vma, struct anon_vma *other)
{
\tspin_lock(&anon_vma->lock);
\tother->count++;
\tspin_unlock(&anon_vma->lock);
}
"""
# the commit b4 checks: a second anon_vma lock taken under the first (line 8)
RMAP_AFTER = RMAP_BEFORE.replace("\tother->count++;\n",
                                 "\tspin_lock(&other->lock);\n\tother->count++;\n"
                                 "\tspin_unlock(&other->lock);\n")


@needs_reference_mail
def test_reference_mail_text():
    status, out, err = run_lockscan("check", REFERENCE_MAIL)
    assert (status, err) == (1, "")
    lines = out.splitlines()
    [first] = [i for i, line in enumerate(lines) if line.startswith("mm/rmap.c:1367:")]
    assert re.match(r"^mm/rmap\.c:1367:\d+: error: .* \[LOCK003\] \(introduced by the patch\)$",
                    lines[first])
    assert lines[first + 1].endswith("|  spin_lock(&tmp_anon_vma->lock);")
    assert lines[first + 2].endswith("|  ^")
    assert lines[first + 3] == "  mm/rmap.c:1359:1: note: spin_lock(&anon_vma->lock)"
    assert "Possible unsafe locking scenario:" in out and "*** DEADLOCK ***" in out
    assert "\033[" not in out       # not a terminal: no colour
    assert lines[0].startswith("patch 1: KAMEZAWA Hiroyuki: ")
    assert lines[-1] == "total: 1 new (1 error), 0 kept, 9 fixed (9 note)"


@needs_reference_mail
@pytest.mark.parametrize("options, listed", [
    ((), {"introduced by the patch": 1}),
    (("--show-kept",), {"introduced by the patch": 1}),     # the mail keeps none
    (("--show-fixed",), {"introduced by the patch": 1, "fixed by the patch (pre-image line)": 9}),
    (("-v",), {"introduced by the patch": 1, "fixed by the patch (pre-image line)": 9}),
])
def test_text_lists_what_is_new_and_counts_the_rest(options, listed):
    """Kept and fixed findings are counted in the summary line, listed when asked;
    the machine formats have every one."""
    status, out, err = run_lockscan("check", REFERENCE_MAIL, *options)
    assert (status, err) == (1, "")
    states = re.findall(r"^\S+:\d+:\d+: \w+: .* \[LOCK\d{3}\] \((.*)\)$", out, re.M)
    assert {state: states.count(state) for state in states} == listed
    assert out.endswith("total: 1 new (1 error), 0 kept, 9 fixed (9 note)\n")
    findings = json.loads(run_lockscan("check", REFERENCE_MAIL, "--format", "json")[1])["findings"]
    assert sorted(finding["state"] for finding in findings) == ["absent"] * 9 + ["new"]


@pytest.mark.parametrize("mail, expected", [
    pytest.param(REFERENCE_MAIL, [("mm/rmap.c", "1367", "ERROR")], marks=needs_reference_mail),
    (EXAMPLE_MAIL, [("mm/rmap.c", "1828", "ERROR")]),
])
def test_b4_lines(mail, expected):
    status, out, err = run_lockscan("check", mail, "--format", "b4")
    assert (status, err) == (1, "")
    assert all(B4_LINE.match(line) for line in out.splitlines()), out
    assert [tuple(line.split(": ")[0].split(":")) + (line.split(": ")[1],)
            for line in out.splitlines()] == expected


def reference_text(colour):
    """The text report of the reference mail, made in this process."""
    intake = read_inputs([str(REFERENCE_MAIL)])
    written = []
    write_report(TextReport(written.append, True, colour=colour),
                 (patch_section(review_patch(patch, load_rules([]))) for patch in intake.patches),
                 Summary(True), NO_CONFIG)
    return "".join(written)


@needs_reference_mail
def test_colour_only_when_asked():
    coloured = reference_text(colour=True)
    assert "\033[1;31merror:\033[0m" in coloured
    assert re.sub(r"\033\[[\d;]*m", "", coloured) == reference_text(colour=False)


@pytest.mark.parametrize("form", ["text", "json", "sarif", "b4"])
def test_output_file(form, tmp_path):
    out_file = tmp_path / f"report.{form}"
    status, out, err = run_lockscan("check", EXAMPLE_MAIL, "--format", form, "-o", out_file)
    assert (status, out, err) == (1, "", "")
    assert out_file.read_text() == run_lockscan("check", EXAMPLE_MAIL, "--format", form)[1]


def test_output_file_error():
    status, out, err = run_lockscan("check", EXAMPLE_MAIL, "-o", "/nonexistent/report.txt")
    assert status == 2 and out == "" and err.startswith("lockscan: -o /nonexistent/report.txt")


@needs_reference_mail
@pytest.mark.parametrize("fail_on, expected", [("warning", 1), ("error", 1), ("never", 0)])
def test_fail_on(fail_on, expected):
    assert run_lockscan("check", REFERENCE_MAIL, "--format", "b4",
                        "--fail-on", fail_on)[0] == expected


def git(repository, *args, stdin=None):
    return subprocess.run(["git", "-C", str(repository), "-c", "user.name=Dev",
                           "-c", "user.email=dev@example.org", *args], input=stdin,
                          capture_output=True, check=True).stdout


def test_b4_perpatch_check(tmp_path):
    """As b4 runs a per-patch check command: in the repository, one format-patch
    mail on standard input; one line per problem, nothing when the patch is clean."""
    (tmp_path / "mm").mkdir()
    git(tmp_path, "init", "-q")
    (tmp_path / "mm" / "rmap.c").write_text(RMAP_BEFORE)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "mm: walk two anon_vmas")
    (tmp_path / "mm" / "rmap.c").write_text(RMAP_AFTER)
    git(tmp_path, "commit", "-q", "-a", "-m", "mm: lock the other anon_vma too")
    (tmp_path / "mm" / "rmap.c").write_text(RMAP_AFTER.replace("other->count++", "other->n++"))
    git(tmp_path, "commit", "-q", "-a", "-m", "mm: rename count")
    command = [sys.executable, "-m", "analyzer", "check", "--format", "b4"]
    nested, renamed = (git(tmp_path, "format-patch", "-1", "--stdout", commit)
                       for commit in ("HEAD~1", "HEAD"))
    found = subprocess.run(command, input=nested, capture_output=True, cwd=tmp_path)
    assert (found.returncode, found.stderr) == (1, b"")
    assert re.match(rb"^mm/rmap\.c:8: ERROR: spin_lock\(&other->lock\) .* \[LOCK003\]\n$",
                    found.stdout), found.stdout
    clean = subprocess.run(command, input=renamed, capture_output=True, cwd=tmp_path)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, b"", b"")


def test_b4_perpatch_check_of_a_patch_a_later_commit_edits(tmp_path):
    """b4's per-patch check inside a checkout that already holds the series: the
    first patch, whose lines the second commit edits, neither applies to the tree
    nor is undone from it; the commit whose git patch-id matches gives its base,
    and its nesting under a lock taken far above the hunk is found."""
    commit_nesting_series(tmp_path)
    first = git(tmp_path, "format-patch", "-1", "--stdout", "HEAD~1")
    found = subprocess.run([sys.executable, "-m", "analyzer", "check", "--format", "b4"],
                           input=first, capture_output=True, cwd=tmp_path)
    assert (found.returncode, found.stderr) == (1, b""), found
    assert re.search(rb"^mm/walk\.c:16: ERROR: .* \[LOCK003\]$", found.stdout, re.M), \
        found.stdout
