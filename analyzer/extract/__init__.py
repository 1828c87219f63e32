"""Stage 2: the pre- and post-image of every function and struct a patch touches.

Tree mode reads whole functions from the tree and the patch applied in
memory (tree.py); mail mode works from the hunks alone (fragments.py), and
is what a file falls back to when the tree does not have it or a hunk does
not apply.
"""

from analyzer.cfront import parse_file
from analyzer.extract.fragments import (FRAGMENT, end_in_view, fields_in_lines, pieces_of_file,
                                        struct_fields, virtual_file)
from analyzer.extract.tree import TreeError, both_images, tree_file

C_SUFFIXES = (".c", ".h")


class Touched:
    """A function or struct definition a patch touches, in both images."""
    __slots__ = ("path", "kind", "name", "line", "hunks", "old", "new", "header_in_view",
                 "end_in_view", "left_out")

    def __init__(self, path, kind, name, line, hunks=None, old=None, new=None,
                 header_in_view=True, end_in_view=None):
        self.path = path
        self.kind = kind        # "function" or "struct"
        self.name = name        # None when the code in view does not say
        self.line = line        # first line in view (post-image numbering when it has one)
        self.hunks = [] if hunks is None else hunks
        self.old = old          # cfront.Function for functions, [(type, field, line)] for structs
        self.new = new
        self.header_in_view = header_in_view    # the function's entry is in view (not a fragment)
        self.end_in_view = {"old": True, "new": True} if end_in_view is None else end_in_view
        # mail mode: (first line, last line, why) of the code in view not read, by side
        self.left_out = {"old": [], "new": []}

    @property
    def errors(self):
        """Why the images did not parse (cfront's "path:line:col: reason")."""
        images = [image for image in (self.old, self.new) if image is not None]
        if self.kind == "struct":
            return []
        if not images:
            return [f"{self.path}:{self.line}: no function found in the code in view"]
        return [image.error for image in images if image.ast is None]

    @property
    def parsed(self):
        images = [image for image in (self.old, self.new) if image is not None]
        if self.kind == "struct":
            return True
        return bool(images) and all(image.ast is not None for image in images)


def touched_in_file(file):
    """Touched functions and structs of one file of a patch, in mail mode."""
    touched = []
    for piece in pieces_of_file(file):
        if not piece.changed:
            continue
        segments = piece.new or piece.old
        item = Touched(file.path, piece.kind, piece.name, segments[0].lines[0][0]
                       if segments and segments[0].lines else piece.hunks[0].new_start,
                       piece.hunks)
        for side in ("old", "new"):
            if piece.kind == "struct":
                setattr(item, side, struct_fields(piece, side))
            else:
                function, item.left_out[side] = parse_piece(file.path, piece, side)
                setattr(item, side, function)
                item.end_in_view[side] = end_in_view(piece, side)
        item.header_in_view = piece.headed
        touched.append(item)
    return touched


def parse_piece(path, piece, side):
    """(the cfront.Function of one image of a piece, the code in view left out);
    when it does not parse, one more try without the first statement of each window."""
    function, left_out = None, []
    for trim in (False, True):
        virtual = virtual_file(piece, side, trim)
        if virtual is None:
            return function, left_out
        text, name, first_line, cut = virtual
        found = [f for f in parse_file(path, text, first_line=first_line).functions
                 if f.name == name]
        if found and (function is None or found[0].ast is not None):
            function, left_out = found[0], cut
            if name == FRAGMENT:
                function.name = piece.name
        if function is not None and function.ast is not None:
            return function, left_out
    return function, left_out


def touched_in_patch(patch, tree=None, problems=None, images=None):
    """Everything a patch touches in its C files.

    With ``tree`` (a directory), files are read from it; a file it cannot
    give is read from the mail, and why goes to ``problems`` as
    (path, line, reason). The whole pre- and post-image lines of the files
    read from the tree go to ``images``, by path.
    """
    touched = []
    for file in patch.files:
        if not (file.path and file.path.endswith(C_SUFFIXES)):
            continue
        if tree is not None:
            try:
                touched.extend(touched_in_tree(tree, file, images))
                continue
            except TreeError as error:
                if problems is not None:
                    problems.append((file.path, file.header_line,
                                     f"{file.path}: {error}; read from the mail instead"))
        touched.extend(touched_in_file(file))
    return touched


def touched_in_tree(tree, file, images=None):
    """Touched functions and structs of one file, whole, from the tree."""
    hunks = [hunk for hunk in file.hunks if hunk.status == "ok"]
    lines = tree_file(tree, file.old_path or file.path)
    if file.old_path is None and not any(line.kind == " " for h in hunks for line in h.lines):
        lines, post, placed = [], lines, [(hunk, hunk.old_start, hunk.new_start)
                                          for hunk in hunks]   # a new file, already there
    else:
        lines, post, placed = both_images(lines, hunks)
    if images is not None:
        images[file.path] = (lines, post)
    old_lines, new_lines = changed_lines(placed)
    before = parse_file(file.path, "\n".join(lines), only_lines=old_lines)
    after = parse_file(file.path, "\n".join(post), only_lines=new_lines)
    touched = []
    for kind, old_items, new_items in (("function", before.functions, after.functions),
                                       ("struct", before.structs, after.structs)):
        old_by_name = {item.name: item for item in old_items}
        new_by_name = {item.name: item for item in new_items}
        for name in dict.fromkeys([*new_by_name, *old_by_name]):
            old, new = old_by_name.get(name), new_by_name.get(name)
            shown = new or old
            item = Touched(file.path, kind, name, shown.line, [
                hunk for hunk, _, new_line in placed
                if new_line <= shown.end_line and new_line + hunk.new_count > shown.line])
            if kind == "struct":
                old, new = (struct.text and fields_in_lines(numbered(struct))
                            if struct else None for struct in (old, new))
            item.old, item.new = old, new
            touched.append(item)
    touched.sort(key=lambda item: item.line)
    return touched


def numbered(struct):
    return list(enumerate(struct.text.split("\n"), struct.line))


def changed_lines(placed):
    """Lines the hunks change, in pre-image and in post-image numbering."""
    old_lines, new_lines = set(), set()
    for hunk, old_line, new_line in placed:
        for line in hunk.lines:
            if line.kind == "-":
                old_lines.add(old_line)
                new_lines.add(new_line)
            elif line.kind == "+":
                old_lines.add(old_line)
                new_lines.add(new_line)
            if line.kind in (" ", "-"):
                old_line += 1
            if line.kind in (" ", "+"):
                new_line += 1
    return old_lines, new_lines
