"""Text for reviewers, b4's one-line form, -o, and the exit status."""

import re
import subprocess
import sys

import pytest

from analyzer.intake import read_inputs
from analyzer.locks.rules import load_rules
from analyzer.report.results import check_results
from analyzer.report.text import results_text
from analyzer.review import review_patch
from conftest import REFERENCE_MAIL, ROOT, needs_reference_mail, run_lockscan

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
    assert lines[0].startswith("patch 1/2: KAMEZAWA Hiroyuki: ")
    assert lines[-1] == "total: 1 new (1 error), 0 kept, 9 fixed (9 note)"


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


@needs_reference_mail
def test_colour_only_when_asked():
    intake = read_inputs([str(REFERENCE_MAIL)])
    reviews = [review_patch(patch, load_rules([])) for patch in intake.patches]
    coloured = results_text(check_results(intake, reviews), colour=True)
    assert "\033[1;31merror:\033[0m" in coloured
    assert re.sub(r"\033\[[\d;]*m", "", coloured) == results_text(check_results(intake, reviews))


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
    (tmp_path / "mm").mkdir()
    git(tmp_path, "init", "-q")
    body = "".join(f"\tstep{n}(avc);\n" for n in range(12))
    walk = ("static void walk(struct anon_vma *anon_vma, struct anon_vma_chain *avc)\n{\n"
            "\tanon_vma_lock_write(anon_vma);\n" + body
            + "\tvisit(avc);\n\tanon_vma_unlock_write(anon_vma);\n}\n")
    (tmp_path / "mm" / "walk.c").write_text(walk)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "mm: walk")
    nested = walk.replace("\tvisit(avc);\n", "\tanon_vma_lock_write(avc->vma->anon_vma);\n"
                          "\tvisit(avc);\n\tanon_vma_unlock_write(avc->vma->anon_vma);\n")
    (tmp_path / "mm" / "walk.c").write_text(nested)
    git(tmp_path, "commit", "-q", "-a", "-m", "mm: lock the chain's anon_vma too")
    (tmp_path / "mm" / "walk.c").write_text(nested.replace("\tvisit(avc);\n",
                                                             "\tvisit(avc, 1);\n"))
    git(tmp_path, "commit", "-q", "-a", "-m", "mm: visit once")
    first = git(tmp_path, "format-patch", "-1", "--stdout", "HEAD~1")
    found = subprocess.run([sys.executable, "-m", "analyzer", "check", "--format", "b4"],
                           input=first, capture_output=True, cwd=tmp_path)
    assert (found.returncode, found.stderr) == (1, b""), found
    assert re.search(rb"^mm/walk\.c:16: ERROR: .* \[LOCK003\]$", found.stdout, re.M), \
        found.stdout
