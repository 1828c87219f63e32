"""Tree mode: whole functions, from the file in the tree and the patch applied in memory.

The tree is only read, never written, and never outside its root: a path
with ``..``, an absolute path, or a symlink leading out is refused.  Hunks
are applied like ``patch`` does: at the stated line or at the nearest offset
where the old lines match, with up to two context lines dropped at each end
(fuzz).  Lines are compared with whitespace collapsed, because mail damage
changes indentation; the tree's own lines are kept in both images.
"""

import os
import stat
import subprocess
from typing import NamedTuple

MAX_FUZZ = 2


class TreeError(Exception):
    """A file of the patch that cannot be taken from the tree; the text says why."""


class Revision(NamedTuple):
    """A tree as a commit of a git checkout holds it (the pre-image of a commit
    the checkout already has: its parent)."""
    root: str
    commit: str


class Overlay(NamedTuple):
    """A tree with the files earlier patches of a series changed, in memory."""
    base: object        # a directory or a Revision
    files: dict         # path -> lines


def directory_of(tree):
    """The directory a tree is read from: its headers, its includes."""
    if isinstance(tree, Series):
        tree = tree.tree
    while isinstance(tree, Overlay):
        tree = tree.base
    return tree.root if isinstance(tree, Revision) else tree


def tree_file(root, path):
    """The lines of ``path`` in the tree ``root`` (a directory, a Revision or an
    Overlay), or TreeError."""
    if os.path.isabs(path) or ".." in path.split("/"):
        raise TreeError("refused, the path leaves the tree")
    if "\0" in path:
        raise TreeError("refused, the path holds a NUL byte")
    if isinstance(root, Overlay):
        if path in root.files:
            return list(root.files[path])
        return tree_file(root.base, path)
    if isinstance(root, Revision):
        return revision_file(root, path)
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, path))
    if os.path.commonpath([real_root, real]) != real_root:
        raise TreeError("refused, a symlink leads out of the tree")
    try:
        # only a regular file is read: a FIFO would block, a device not end
        if not stat.S_ISREG(os.stat(real).st_mode):
            raise TreeError("not a regular file; skipped")
        with open(real, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise TreeError(f"not in the tree ({error.strerror})") from None
    return data.decode("utf-8", errors="replace").split("\n")


def revision_file(revision, path):
    """A file as ``git show COMMIT:PATH`` gives it, or TreeError."""
    process = git(revision.root, "show", f"{revision.commit}:{path}")
    if process.returncode != 0:
        raise TreeError(f"not in {revision.commit}")
    return process.stdout.decode("utf-8", errors="replace").split("\n")


def git(root, *arguments, stdin=None):
    try:
        return subprocess.run(["git", "-C", root, *arguments], input=stdin, capture_output=True)
    except OSError as error:
        raise TreeError(f"cannot run git: {error.strerror or error}") from None


class Series:
    """The trees the patches of a series are checked against, in order: the tree
    as the patches before each left it, applied in memory (a file a patch does
    not apply to is left as it was)."""

    def __init__(self, tree):
        self.tree = tree
        self.files = {}     # path -> lines, as the patches so far left it

    def tree_for(self, patch):
        """The tree ``patch`` applies to; what it changes is kept for the next."""
        current = Overlay(self.tree, dict(self.files)) if self.files else self.tree
        for file in patch.files:
            hunks = [hunk for hunk in file.hunks if hunk.status == "ok"]
            if not (file.path and hunks):
                continue
            new_file = file.old_path is None and not any(
                line.kind == " " for hunk in hunks for line in hunk.lines)
            try:
                lines = [] if new_file else tree_file(current, file.old_path or file.path)
                self.files[file.path] = apply_hunks(lines, hunks)[0]
            except TreeError:
                continue
        return current


class Checkout(Series):
    """The current directory's git checkout as a Series, for the patches whose files
    it holds (or an earlier patch made); the others are read from the mail (None)."""

    def __init__(self):
        super().__init__(".")

    def tree_for(self, patch):
        paths = [file.path for file in patch.files if file.path]
        if paths and all(path in self.files or os.path.isfile(path) for path in paths):
            return super().tree_for(patch)
        return None


def tree_of(tree, patch):
    """The tree ``patch`` is read against: a Series's tree as the patches before it
    left it, else ``tree`` itself (a directory, a Revision, or None: mail mode)."""
    return tree.tree_for(patch) if isinstance(tree, Series) else tree


def committed_base(patch, root):
    """For a patch a git checkout already holds as a commit (b4's per-patch checks,
    pre-commit): the Revision of that commit's parent, found by ``git patch-id``
    among the last commits that touch its files; None when there is none."""
    wanted = patch_id(root, git_diff_text(patch.text).encode())
    paths = [file.path for file in patch.files if file.path]
    if wanted is None or not paths:
        return None
    log = git(root, "log", f"-{COMMITS_SEARCHED}", "-p", "--format=commit %H", "--", *paths)
    if log.returncode != 0:
        return None
    found = git(root, "patch-id", "--stable", stdin=log.stdout)
    for line in found.stdout.decode(errors="replace").splitlines():
        identifier, _, commit = line.partition(" ")
        if identifier == wanted:
            return Revision(root, commit + "^")
    return None


# how far back a patch is looked for among the commits of its files
COMMITS_SEARCHED = 500


def git_diff_text(text):
    """A clean unified diff with the ``diff --git`` line git patch-id starts a file at."""
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.startswith("--- ") and following.startswith("+++ "):
            old, new = line[4:].split("\t")[0], following[4:].split("\t")[0]
            old = new if old == "/dev/null" else old
            new = old if new == "/dev/null" else new
            out.append(f"diff --git {old} {new}")
        out.append(line)
    return "\n".join(out)


def patch_id(root, text):
    process = git(root, "patch-id", "--stable", stdin=text)
    words = process.stdout.decode(errors="replace").split()
    return words[0] if process.returncode == 0 and words else None


def normal(text):
    return " ".join(text.split())


def apply_hunks(lines, hunks):
    """(post-image lines, [(hunk, old line, new line) where each applied]) or TreeError."""
    result = list(lines)
    placed = []
    shift = 0       # lines added minus removed by the hunks applied so far
    for hunk in hunks:
        body = [line for line in hunk.lines if line.kind != "\\"]
        for fuzz in range(0, MAX_FUZZ + 1):
            front, back = context_run(body, fuzz), context_run(body[::-1], fuzz)
            window = body[front:len(body) - back]
            old = [normal(line.text) for line in window if line.kind in (" ", "-")]
            position = find_position(result, old, hunk.old_start - 1 + shift + front)
            if position is not None:
                break
        else:
            raise TreeError(f"hunk @@ -{hunk.old_start},{hunk.old_count} "
                            f"+{hunk.new_start},{hunk.new_count} @@ does not apply")
        new = merge(result[position:position + len(old)], window)
        result[position:position + len(old)] = new
        placed.append((hunk, position - front - shift + 1, position - front + 1))
        shift += len(new) - len(old)
    return result, placed


def context_run(body, limit):
    """How many of the first ``limit`` lines are context (fuzz drops only those)."""
    count = 0
    while count < limit and count < len(body) and body[count].kind == " ":
        count += 1
    return count


def find_position(lines, old, expected):
    """The index nearest to ``expected`` where ``old`` matches, or None."""
    for offset in range(0, len(lines) + 1):
        for candidate in ((expected,) if offset == 0 else (expected - offset, expected + offset)):
            if 0 <= candidate <= len(lines) - len(old) and all(
                    normal(lines[candidate + i]) == old[i] for i in range(len(old))):
                return candidate
        if expected - offset < 0 and expected + offset > len(lines):
            return None
    return None


def merge(tree_lines, window):
    """The post-image of a matched window: tree text for context, patch text for additions."""
    out = []
    index = 0
    for line in window:
        if line.kind == " ":
            out.append(tree_lines[index])
            index += 1
        elif line.kind == "-":
            index += 1
        else:
            out.append(line.text)
    return out


def both_images(lines, hunks):
    """(pre-image, post-image, [(hunk, old line, new line)]) of a file of the tree.

    The tree may be the pre-image (a mail to review) or already the post-image
    (a commit, a staged change, b4 prep): then the patch is undone in memory.
    """
    try:
        post, placed = apply_hunks(lines, hunks)
        return lines, post, placed
    except TreeError as error:
        try:
            pre, undone = apply_hunks(lines, [hunk.reversed() for hunk in hunks])
        except TreeError:
            raise error from None
    placed = [(hunk, old_line, new_line)
              for hunk, (_, new_line, old_line) in zip(hunks, undone)]
    return pre, lines, placed
