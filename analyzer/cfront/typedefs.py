"""Which identifiers name types, without the headers that declare them.

pycparser needs to know that ``pgoff_t`` is a type before it meets
``pgoff_t x;``.  The names come from analyzer/rules/kernel_types.toml, from typedefs in
the file, and from how the file uses them: ``T name;`` or ``T *name =`` at
the start of a statement, ``T name`` in a parameter list, ``(T *)`` casts and
``(name_t)`` casts.
"""

import re
from functools import lru_cache

from analyzer.cfront.split import function_name
from analyzer.rulefiles import built_in

C_KEYWORDS = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while", "_Bool", "_Complex", "_Static_assert",
    "_Alignof", "_Alignas", "_Noreturn", "_Atomic", "_Thread_local", "__int128", "offsetof",
}
QUALIFIERS = r"(?:(?:static|const|volatile|register|extern|inline|unsigned|signed)\s+)*"
# Searched in ";" + shape, so that a declaration at the start of the file counts too:
# a pattern starting with a character class is searched much faster than one with "^|".
# (\w*+ gives nothing back: no \w can follow a name here.)
DECLARATION = re.compile(r"[;{}]\s*" + QUALIFIERS +
                         r"([A-Za-z_]\w*+)\s*(?:\*+\s*(?:const\s+)?|\s)\s*([A-Za-z_]\w*+)\s*(?=[;,=\[])")
PARAMETER = re.compile(r"[(,]\s*" + QUALIFIERS + r"([A-Za-z_]\w*)\s*(?:\*+\s*(?:const\s+)?|\s)\s*"
                       r"[A-Za-z_]\w*\s*(?=[,)\[])")
POINTER_CAST = re.compile(r"\(\s*(?:const\s+)?([A-Za-z_]\w*)\s*\*+\s*\)")
NAMED_T_CAST = re.compile(r"\(\s*([A-Za-z_]\w*_t)\s*\)")
# "f(?<=\bf)or" is "\bfor" spelled to begin with a letter, which re looks for
# first instead of trying the pattern at every position: the same matches, found 10x faster.
FOR_DECLARATION = re.compile(r"f(?<=\bf)or\s*\(\s*" + QUALIFIERS + r"([A-Za-z_]\w*)\s*\**\s*[A-Za-z_]\w*\s*=")
TYPEDEF = re.compile(r"t(?<=\bt)ypedef\b[^;]*?([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*;")
DECLARATOR_PREFIX = re.compile(r"[A-Za-z_]\w*")
FUNCTION_TYPEDEF = re.compile(r"t(?<=\bt)ypedef\b[^;]*?\(\s*\*?\s*([A-Za-z_]\w*)\s*\)\s*\(")


@lru_cache(maxsize=None)
def known_typedefs():
    file = built_in("kernel_types.toml", ("typedefs",))
    return frozenset(file.texts(file.data["typedefs"], "typedefs"))


def infer_typedefs(shape, headers):
    """Type names used in ``shape`` (a whole file); ``headers`` are function headers."""
    names = set(known_typedefs())
    for pattern in (TYPEDEF, FUNCTION_TYPEDEF):
        names.update(match.group(1) for match in pattern.finditer(shape))
    for match in DECLARATION.finditer(";" + shape):
        names.add(match.group(1))
    for pattern in (POINTER_CAST, NAMED_T_CAST, FOR_DECLARATION):
        names.update(match.group(1) for match in pattern.finditer(shape))
    for header in headers:
        names.update(match.group(1) for match in PARAMETER.finditer(header))
        names.update(return_type(header))
    # A function the file defines is no type, whatever its uses look like:
    # EXPORT_SYMBOL(jiffies_to_clock_t) reads as a (name_t) cast.
    names.difference_update(found[0] for found in map(function_name, headers) if found)
    return names - C_KEYWORDS - {"return", "goto", "else", "case", "do"}


def return_type(header):
    """The type name before a function's name: ``qid_t`` in ``qid_t from_kqid(...)``."""
    words = DECLARATOR_PREFIX.findall(header.split("(", 1)[0])
    if len(words) >= 2 and words[-2] not in C_KEYWORDS and (len(words) < 3 or words[-3] not in
                                                             ("struct", "union", "enum")):
        return [words[-2]]
    return []
