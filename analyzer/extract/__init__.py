"""Stage 2: the pre- and post-image of every function and struct a patch touches.

Tree mode reads whole functions from the tree and the patch applied in
memory (tree.py); mail mode works from the hunks alone (fragments.py), and
is what a file falls back to when the tree does not have it or a hunk does
not apply.
"""

from analyzer.cfront import MAX_READINGS, parse_file
from analyzer.cfront.declarations import struct_types
from analyzer.extract.fragments import (FRAGMENT, end_in_view, fields_in_lines, image_lines,
                                        pieces_of_file, section_name, struct_fields,
                                        virtual_file)
from analyzer.extract.headers import in_view
from analyzer.extract.tree import TreeError, both_images, directory_of, tree_file

C_SUFFIXES = (".c", ".h")
# the end of the note of a file the tree cannot give, read from the hunks instead
READ_FROM_MAIL = "; read from the mail instead"


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


def touched_in_file(file, structs=None):
    """Touched functions and structs of one file of a patch, in mail mode; a function
    read in several #if branches is one Touched per reading, as in tree mode.  The
    struct definitions the hunks show unchanged go to ``structs``."""
    touched = []
    for piece in pieces_of_file(file):
        if not piece.changed:
            if piece.kind == "struct" and piece.name and structs is not None:
                structs.append((piece.name, struct_fields(piece, "new"), []))
            continue
        segments = piece.new or piece.old
        line = segments[0].lines[0][0] if segments and segments[0].lines else \
            piece.hunks[0].new_start
        if piece.kind == "struct":
            item = Touched(file.path, piece.kind, piece.name, line, piece.hunks,
                           struct_fields(piece, "old"), struct_fields(piece, "new"))
            touched.append(item)
            continue
        parsed = {side: parse_piece(file.path, piece, side) for side in ("old", "new")}
        images = {side: readings(parsed[side][0]) for side in ("old", "new")}
        for key in dict.fromkeys([*images["new"], *images["old"]]) or [None]:
            item = Touched(file.path, piece.kind, piece.name, line, piece.hunks,
                           images["old"].get(key), images["new"].get(key), piece.headed,
                           {side: end_in_view(piece, side) for side in ("old", "new")})
            item.left_out = {side: parsed[side][1] for side in ("old", "new")}
            touched.append(item)
    return touched


def parse_piece(path, piece, side):
    """(the cfront.Functions of one image of a piece, one per #if reading, the
    configuration's first; the code in view left out).  When it does not parse,
    one more try without the first statement of each window.  No functions when
    the image has none in view."""
    functions, left_out = [], []
    for trim in (False, True):
        virtual = virtual_file(piece, side, trim)
        if virtual is None:
            return functions, left_out
        text, name, first_line, cut = virtual
        found = [f for f in parse_file(path, text, first_line=first_line,
                                       every_branch=True).functions if f.name == name]
        if found and (not functions or found[0].ast is not None):
            functions, left_out = found, cut
            for function in functions:
                if name == FRAGMENT:
                    function.name = piece.name
                    function.declared = context_types(piece)
        if functions and functions[0].ast is not None:
            return functions, left_out
    return functions, left_out


def context_types(piece):
    """name -> struct of the parameters that a headless piece's ``@@`` context
    declares, when that context is the header of the piece's function."""
    kind, name = section_name(piece.section)
    if kind != "function" or name is None or name != piece.name:
        return {}
    return struct_types(piece.section)


def touched_in_patch(patch, tree=None, problems=None, images=None, structs=None,
                     prototypes=None):
    """Everything a patch touches in its C files.

    With ``tree`` (a directory), files are read from it; a file it cannot
    give is read from the mail, and why goes to ``problems`` as
    (path, line, reason). The whole pre- and post-image lines of the files
    read from the tree go to ``images``, by path.  The struct definitions in
    view that the patch does not touch go to ``structs``: in
    tree mode the file's and its headers', in mail mode those the hunks show, with
    the names typedefs give them: (name, fields, typedef names).  The functions
    declared with lock annotations (cfront.Prototype) go to ``prototypes``, by name:
    in tree mode the file's, in mail mode those the hunks show.
    """
    touched = []
    for file in patch.files:
        if not (file.path and file.path.endswith(C_SUFFIXES)):
            continue
        if tree is not None:
            try:
                touched.extend(touched_in_tree(tree, file, images, problems, structs,
                                               prototypes))
                continue
            except TreeError as error:
                if problems is not None:
                    problems.append((file.path, file.header_line,
                                     f"{file.path}: {error}{READ_FROM_MAIL}"))
        touched.extend(touched_in_file(file, structs))
        if prototypes is not None:
            prototypes.update(prototypes_in_hunks(file))
    return touched


def prototypes_in_hunks(file):
    """The functions declared with lock annotations in a file's hunks, post-image first."""
    found = {}
    for side in ("new", "old"):
        for hunk in file.hunks:
            if hunk.status != "ok":
                continue
            numbered = image_lines(hunk, side)[0]
            if numbered:
                text = "\n" * (numbered[0][0] - 1) + "\n".join(text for _, text in numbered)
                for name, prototype in parse_file(file.path, text, only_lines=[]).prototypes.items():
                    found.setdefault(name, prototype)
    return found


def touched_in_tree(tree, file, images=None, problems=None, structs=None, prototypes=None):
    """Touched functions and structs of one file, whole, from the tree, each function
    in every #if branch that holds a changed line or lies inside it (cfront's
    every_branch); changed lines in code never compiled (#if 0) go to ``problems``."""
    hunks = [hunk for hunk in file.hunks if hunk.status == "ok"]
    lines = tree_file(tree, file.old_path or file.path)
    if file.old_path is None and not any(line.kind == " " for h in hunks for line in h.lines):
        lines, post, placed = [], lines, [(hunk, hunk.old_start, hunk.new_start)
                                          for hunk in hunks]   # a new file, already there
    else:
        lines, post, placed = both_images(lines, hunks)
    if images is not None:
        images[file.path] = (lines, post)
    if structs is not None or prototypes is not None:
        header_structs, header_prototypes = in_view(directory_of(tree), file.path, post)
        if structs is not None:
            structs.extend(header_structs)
        if prototypes is not None:
            prototypes.update(header_prototypes)
    old_lines, new_lines = changed_lines(placed)
    before = parse_file(file.path, "\n".join(lines), only_lines=old_lines, every_branch=True)
    after = parse_file(file.path, "\n".join(post), only_lines=new_lines, every_branch=True)
    if prototypes is not None:
        # after the headers': the file's own declaration is the one its calls see
        prototypes.update(after.prototypes)
    if problems is not None:
        problems.extend(never_compiled(file.path, after.dead or before.dead))
        problems.extend((file.path, branch.line, f"{file.path}:{branch.line}: {branch.directive} "
                         f"not read: more #if branches than {MAX_READINGS} readings take")
                        for branch in after.unread)
    touched = []
    for kind, old_items, new_items in (("function", before.functions, after.functions),
                                       ("struct", before.structs, after.structs)):
        old_by_key, new_by_key = readings(old_items), readings(new_items)
        for key in dict.fromkeys([*new_by_key, *old_by_key]):
            old, new = old_by_key.get(key), new_by_key.get(key)
            shown = new or old
            item = Touched(file.path, kind, shown.name, shown.line, [
                hunk for hunk, _, new_line in placed
                if new_line <= shown.end_line and new_line + hunk.new_count > shown.line])
            if kind == "struct":
                old, new = (struct.text and fields_in_lines(numbered(struct))
                            if struct else None for struct in (old, new))
            item.old, item.new = old, new
            touched.append(item)
    touched.sort(key=lambda item: item.line)
    return touched


def never_compiled(path, dead):
    """One note per #if 0 (and the like) holding changed lines: not analyzed."""
    lines = {}
    for line, branch in dead:
        lines.setdefault(branch, []).append(line)
    return [(path, min(found), f"{path}:{min(found)}: lines {min(found)}-{max(found)} are inside "
             f"{branch.directive} (line {branch.line}), code that is never compiled: not analyzed")
            for branch, found in lines.items()]


def readings(items):
    """Functions (or structs) of one image by what pairs them with the other image's:
    the name, the directives of the branches read against the configuration (one
    function may be read in several), and which of the items so named it is."""
    keyed = {}
    for item in items:
        chosen = tuple(b.directive for b in getattr(item, "branches", ())
                       if b.taken and not b.configured)
        count = 0
        while (item.name, chosen, count) in keyed:
            count += 1
        keyed[(item.name, chosen, count)] = item
    return keyed


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
