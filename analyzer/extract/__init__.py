"""Stage 2: the pre- and post-image of every function and struct a patch touches.

Mail mode (no tree) works from the hunks alone: see fragments.py.
"""

from dataclasses import dataclass, field

from analyzer.cfront import parse_file
from analyzer.extract.fragments import FRAGMENT, pieces_of_file, struct_fields, virtual_file

C_SUFFIXES = (".c", ".h")


@dataclass
class Touched:
    """A function or struct definition a patch touches, in both images."""
    path: str
    kind: str               # "function" or "struct"
    name: str | None        # None when the code in view does not say
    line: int               # first line in view (post-image numbering when it has one)
    hunks: list = field(default_factory=list)
    old: object = None      # cfront.Function for functions, [(type, field, line)] for structs
    new: object = None

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
                setattr(item, side, parse_piece(file.path, piece, side))
        touched.append(item)
    return touched


def parse_piece(path, piece, side):
    """The cfront.Function of one image of a piece; a second try without the
    partial statements at the window edges when the first does not parse."""
    function = None
    for trim in (False, True):
        virtual = virtual_file(piece, side, trim)
        if virtual is None:
            return function
        text, name = virtual
        found = [f for f in parse_file(path, text).functions if f.name == name]
        if found and (function is None or found[0].ast is not None):
            function = found[0]
            if name == FRAGMENT:
                function.name = piece.name
        if function is not None and function.ast is not None:
            return function
    return function


def touched_in_patch(patch):
    """Everything a patch touches in its C files (mail mode)."""
    touched = []
    for file in patch.files:
        if file.path and file.path.endswith(C_SUFFIXES):
            touched.extend(touched_in_file(file))
    return touched
