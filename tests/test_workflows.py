"""lockscan where developers run it: over their commits (lockscan git) and from the
real pre-commit, installed from this repository as its users install it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, commit_nesting_series

BEFORE = """\
static void walk(struct anon_vma *anon_vma, struct anon_vma *other)
{
	spin_lock(&anon_vma->lock);
	walk_one(anon_vma);
	spin_unlock(&anon_vma->lock);
}
"""
NESTED = BEFORE.replace("\twalk_one(anon_vma);\n",
                        "\tspin_lock(&other->lock);\n\twalk_one(anon_vma);\n"
                        "\tspin_unlock(&other->lock);\n")
COMMENTED = BEFORE.replace("\twalk_one(anon_vma);\n", "\t/* one at a time */\n\twalk_one(anon_vma);\n")


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c",
                    "user.email=test@example.org", *args], check=True, capture_output=True)


def make_repo(path):
    (path / "mm").mkdir(parents=True)
    (path / "mm" / "walk.c").write_text(BEFORE)
    git(path, "init", "-q")
    git(path, "add", ".")
    git(path, "commit", "-qm", "base")
    return path


def lockscan(*args, cwd):
    process = subprocess.run([sys.executable, "-m", "analyzer", *args], capture_output=True,
                             text=True, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return process.returncode, process.stdout, process.stderr


def test_lockscan_git_reviews_the_commits_of_a_range(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "mm" / "walk.c").write_text(COMMENTED)
    git(repo, "commit", "-qam", "comment")
    assert lockscan("git", "HEAD~1..HEAD", cwd=repo)[0] == 0
    (repo / "mm" / "walk.c").write_text(NESTED)
    git(repo, "commit", "-qam", "nest")
    status, out, err = lockscan("git", "HEAD~1..HEAD", "--format", "b4", cwd=repo)
    assert status == 1 and err == ""
    assert out.startswith("mm/walk.c:4: ERROR:") and out.count("\n") == 1
    status, out, err = lockscan("git", cwd=repo)      # no upstream: one line, exit 2
    assert status == 2 and out == "" and err.count("\n") == 1 and "upstream" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_pre_commit_hook_stops_a_commit_that_nests_two_anon_vma_locks(tmp_path):
    """pre-commit installs lockscan from this repository (its HEAD) in its own
    environment, as a user's pre-commit does, and runs the staged-change hook."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    repo = make_repo(tmp_path / "repo")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks:\n  - id: lockscan\n")
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-qm", "pre-commit")
    (repo / "mm" / "walk.c").write_text(NESTED)
    git(repo, "add", "mm/walk.c")
    home = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lockscan" / \
        "pre-commit"
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--hook-stage",
                          "pre-commit"], capture_output=True, text=True, cwd=repo,
                         env=environment)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "[LOCK003]" in run.stdout and "mm/walk.c:4:" in run.stdout
    git(repo, "reset", "-q", "--hard")
    (repo / "mm" / "walk.c").write_text(COMMENTED)
    git(repo, "add", "mm/walk.c")
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--hook-stage",
                          "pre-commit"], capture_output=True, text=True, cwd=repo,
                         env=environment)
    assert run.returncode == 0, run.stdout + run.stderr


def test_lockscan_git_checks_each_commit_against_the_tree_the_ones_before_left(tmp_path):
    """Commit 2 edits a line commit 1 added: commit 1 is checked against its parent
    (the first commit's parent, read with git show) and commit 2 against the tree
    as commit 1 left it, so commit 1's nesting, under a lock taken far above its
    hunk, is reported at commit 1, and not again at commit 2."""
    repo = commit_nesting_series(tmp_path / "repo")
    status, out, err = lockscan("git", "HEAD~2..HEAD", "--format", "json", cwd=repo)
    assert (status, err) == (1, "")
    report = json.loads(out)
    assert [patch["subject"] for patch in report["patches"]] == [
        "[PATCH 1/2] mm: lock the chain's anon_vma too",
        "[PATCH 2/2] mm: say whose lock is dropped"]
    found = [(f["patch"]["index"], f["rule"], f["line"], f["state"]) for f in report["findings"]]
    assert found == [(0, "LOCK003", 16, "new")], found
    # the commit's notes say nothing was read from the mail instead of the tree
    assert not [note for patch in report["patches"] for note in patch["notes"]], report


def test_every_command_reads_the_configuration_at_the_checkout_root(tmp_path):
    """.lockscan.toml at the root of the checkout (check and git, run anywhere in
    it; scan, of a path in it) or of --tree: its [[ignore]] entry sets the
    finding apart, counted; a malformed one stops the run naming file and key."""
    repo = make_repo(tmp_path / "repo")
    (repo / "mm" / "walk.c").write_text(NESTED)
    git(repo, "commit", "-qam", "nest")
    patch = tmp_path / "nest.patch"
    patch.write_bytes(subprocess.run(["git", "-C", str(repo), "format-patch", "-1", "--stdout"],
                                     capture_output=True, check=True).stdout)
    git(repo, "checkout", "-q", "HEAD~1")       # the tree the patch applies to
    runs = {"git": (["git", "HEAD~1..HEAD"], repo / "mm"),
            "check": (["check", str(patch)], repo / "mm"),
            "check --tree": (["check", "--tree", str(repo), str(patch)], tmp_path),
            "scan": (["scan", "--all-files", str(repo / "mm")], tmp_path)}
    git(repo, "checkout", "-q", "-")
    for name, (arguments, directory) in runs.items():
        if name.startswith("check"):
            git(repo, "checkout", "-q", "HEAD~1")
        status, out, err = lockscan(*arguments, cwd=directory)
        assert (status, err) == (1, "") and "[LOCK003]" in out, (name, out, err)
        (repo / ".lockscan.toml").write_text(
            '[[ignore]]\nrule = "LOCK003"\npath = "mm/*"\nreason = "reviewed"\n')
        status, out, err = lockscan(*arguments, cwd=directory)
        assert (status, err) == (0, ""), (name, out, err)
        assert "[LOCK003]" not in out and out.endswith(" 1 ignored\n"), (name, out)
        (repo / ".lockscan.toml").write_text('fail-on = "warnings"\n')
        status, out, err = lockscan(*arguments, cwd=directory)
        assert status == 2 and out == "" and err == (
            f"lockscan: {repo / '.lockscan.toml'}: fail-on: 'warnings' is not one of note, "
            f"warning, error, never\n"), (name, err)
        (repo / ".lockscan.toml").unlink()
        if name.startswith("check"):
            git(repo, "checkout", "-q", "-")
