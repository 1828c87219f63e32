"""Tree mode: the struct definitions a file of the tree sees, its own and its
headers', and the functions its headers declare with lock annotations.

A lock's class is the struct member it lives in, and a path such as
``dev->p->lock`` needs the member types on the way (``struct device_private
*p`` in struct device).  A call of a function whose only annotated declaration
is a header's prototype (``void foo_lock(struct foo *f) __acquires(&f->lock);``)
follows that annotation.  The headers are those the file includes: ``<linux/x.h>``
under include/ (and the x86 arch's include/, the configuration's), ``"x.h"``
beside the file (a subsystem's own), followed MAX_DEPTH includes deep and at most
MAX_HEADERS files.  What a header defines, declares and includes is kept from one run to
the next, under CACHE_HOME/headers, one file per tree, by the header's path,
size and modification time: a header that changed is read again.
"""

import os
import re

from analyzer.cache import CACHE_HOME, keep, load_kept

from analyzer.cfront import Prototype, parse_file
from analyzer.cfront.kernel_c import Annotation
from analyzer.cfront.preprocess import blank_literals, remove_comments, strip_directives
from analyzer.cfront.split import split_items
from analyzer.extract.fragments import fields_in_lines
from analyzer.extract.tree import TreeError, tree_file

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]', re.M)
SYSTEM_DIRECTORIES = ("include", "arch/x86/include", "include/uapi")
# "} foo_t;", "} foo_t, *foo_p;": the names after a typedef'd definition (not pointers)
TYPEDEF_NAME = re.compile(r"[},]\s*([A-Za-z_]\w*)")
STRUCT_TYPEDEF = re.compile(r"\btypedef\s+(?:struct|union)\s+(\w+)\s+(\w+)\s*;")
# The form of what is kept: a new form is kept in another file, an old one never read.
KEPT_FORM = 4
MAX_DEPTH = 2
MAX_HEADERS = 200


def in_view(tree, path, lines):
    """(the structs, the prototypes) the file ``path`` (its ``lines``) sees: the
    structs [(struct name, [(type, field, line)], [typedef names])] of the file
    and of the headers it includes, the file's own first; the prototypes
    {name: cfront.Prototype} with lock annotations of those headers, the nearest
    header's first (the file's own come with its functions, from cfront)."""
    text = "\n".join(lines)
    found = structs_of(text)
    prototypes = {}
    kept = kept_headers(tree)
    seen = {path}
    level = includes(tree, path, text)
    for _ in range(MAX_DEPTH):
        following = []
        for header in level:
            if header in seen or len(seen) > MAX_HEADERS:
                continue
            seen.add(header)
            structs, included, declared = kept.header(tree, header)
            found.extend(structs)
            following.extend(included)
            for prototype in declared:
                prototypes.setdefault(prototype.name, prototype)
        level = following
    kept.save()
    return found, prototypes


class KeptHeaders:
    """What a tree's headers define and include, as kept from earlier runs and read since."""

    def __init__(self, tree):
        name = os.path.realpath(tree).strip(os.sep).replace(os.sep, "%")
        self.path = os.path.join(CACHE_HOME, "headers", f"{name}.{KEPT_FORM}.marshal")
        kept = load_kept(self.path)
        # path -> ((size, mtime), structs_of, includes, kept form of prototypes_of)
        self.entries = kept if isinstance(kept, dict) else {}
        self.changed = False

    def header(self, tree, path):
        """(structs_of, includes, prototypes_of) of a header of the tree; nothing
        for one it cannot give."""
        try:
            info = os.stat(os.path.join(tree, path))
        except OSError:
            return [], [], []
        stamp = (info.st_size, info.st_mtime_ns)
        entry = self.entries.get(path)
        if entry is None or entry[0] != stamp:
            text = header_text(tree, path)
            entry = self.entries[path] = (stamp, structs_of(text), includes(tree, path, text),
                                          [plain(prototype)
                                           for prototype in prototypes_of(path, text)])
            self.changed = True
        return entry[1], entry[2], [prototype_of(kept) for kept in entry[3]]

    def save(self):
        if self.changed:
            keep(self.path, self.entries)
            self.changed = False


TREES = {}      # tree -> KeptHeaders, for the patches of one run


def kept_headers(tree):
    if tree not in TREES:
        TREES[tree] = KeptHeaders(tree)
    return TREES[tree]


def includes(tree, path, text):
    """The tree paths of the headers ``text`` (the file ``path``) includes, those in the tree."""
    found = []
    for match in INCLUDE.finditer(text):
        name = match.group(2).strip()
        places = [os.path.join(directory, name) for directory in SYSTEM_DIRECTORIES]
        if match.group(1) == '"':
            places.insert(0, os.path.normpath(os.path.join(os.path.dirname(path), name)))
        for place in places:
            if os.path.isfile(os.path.join(tree, place)):
                found.append(place)
                break
    return found


def header_text(tree, path):
    """A header's text; "" for one the tree cannot give."""
    try:
        return "\n".join(tree_file(tree, path))
    except TreeError:
        return ""


def structs_of(text):
    """[(struct name, fields, typedef names)] of the struct definitions at file scope
    of C text, and of the typedefs naming a struct (``typedef struct x x_t;``, no fields).
    An anonymous struct that a typedef names is named by it."""
    code, _ = strip_directives(remove_comments(text))
    found = []
    for item in split_items(blank_literals(code)):
        definition = code[item.start:item.end]
        if item.kind == "struct":
            typedefs = TYPEDEF_NAME.findall(definition[definition.rfind("}"):]) \
                if definition.lstrip().startswith("typedef") else []
            name = item.name or (typedefs[0] if typedefs else None)
            if name:
                found.append((name, fields_in_lines(enumerate(
                    definition.split("\n"), code.count("\n", 0, item.start) + 1)), typedefs))
        elif item.kind == "other" and "typedef" in definition:
            found.extend((struct, [], [typedef])
                         for struct, typedef in STRUCT_TYPEDEF.findall(definition))
    return found


def prototypes_of(path, text):
    """The cfront.Prototypes of the functions C text declares with lock annotations."""
    return list(parse_file(path, text, only_lines=[]).prototypes.values())


# marshal keeps plain tuples only: a Prototype is kept as one, and its Annotations
def plain(prototype):
    return (prototype.name, prototype.parameters, tuple(map(tuple, prototype.annotations)))


def prototype_of(kept):
    name, parameters, annotations = kept
    return Prototype(name, parameters, tuple(Annotation(*a) for a in annotations))
