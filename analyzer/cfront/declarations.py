"""Struct types of names declared in text the parser is not given whole.

A fragment's function header is often out of view but for the ``@@`` line's
function context, which git cuts at the end of the line: ``static int
foo_merge(struct foo_dev *a, struct foo_dev *b,``.  Its declarations still
say what ``a`` and ``b`` point to, and so the class of ``a->lock``.
"""

import re

# "struct foo_dev *a", "const struct foo_dev *const a", "struct foo_dev *a, *b"; the
# struct's name whole (\b): a header git cut after "struct task_struct *" declares
# no name, not a "task_struc" named t
QUALIFIER = r"(?:const|volatile|__rcu|__user|__iomem|__percpu)\b\s*"
STRUCT_DECLARATION = re.compile(r"\b(?:struct|union)\s+([A-Za-z_]\w*)\b\s*(?:" + QUALIFIER + r")*"
                                r"((?:\*\s*(?:" + QUALIFIER + r")*)*)([A-Za-z_]\w*)")
# a further declarator of the same type: ", *b" (", int b" is another declaration)
MORE_POINTERS = re.compile(r"\s*,\s*((?:\*\s*(?:" + QUALIFIER + r")*)+)([A-Za-z_]\w*)")


def struct_types(text):
    """name -> struct for the names ``text`` declares of a struct type, directly or
    through pointers (the parameter list of a function header, declarations)."""
    found = {}
    for match in STRUCT_DECLARATION.finditer(text):
        found[match.group(3)] = match.group(1)
        if match.group(2):
            position = match.end()
            while more := MORE_POINTERS.match(text, position):
                found[more.group(2)] = match.group(1)
                position = more.end()
    return found
