"""lockscan where developers run it: over their commits (lockscan git) and from the
real pre-commit, installed from this repository as its users install it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

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
