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

MAX_FUZZ = 2


class TreeError(Exception):
    """A file of the patch that cannot be taken from the tree; the text says why."""


def tree_file(root, path):
    """The lines of ``path`` under ``root``, or TreeError."""
    if os.path.isabs(path) or ".." in path.split("/"):
        raise TreeError("refused, the path leaves the tree")
    if "\0" in path:
        raise TreeError("refused, the path holds a NUL byte")
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
