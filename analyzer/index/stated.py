"""The lock orders a file's comments state, read as people write them.

Two shapes are read, wherever a comment holds a heading that speaks of lock
order ("Lock ordering in mm:", "Lock ordering:", "Ordering:", "take locks in
this order:"):

- an indented tree, each lock on a line of its own, a lock nested under the
  nearest line above it indented less (mm/rmap.c, mm/filemap.c, fs/dcache.c,
  fs/inode.c); a blank line starts a new tree;
- arrows on one line: ``a->lock -> b->lock -> c_lock``.

A line names its lock first; what follows in parentheses or after a run of
spaces is where the order is used, and ``a,b`` or ``a or b`` at one level are
locks of one place.  Names are kept as written (``dentry->d_inode->i_lock``):
which class each is depends on the rules (analyzer.index.use).
"""

import re

HEADING = re.compile(r"\b(lock(ing)?\s+order(ing)?|ordering\s*:|locks?\s+in\s+this\s+order)",
                     re.IGNORECASE)
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# a lock's name: identifiers joined by -> or ., with an optional leading ->
NAME = re.compile(r"^(?:->)?\s*([A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*)")
ARROW = " -> "
# lines of a tree longer than this are prose, which ends the block
LONGEST_NAME_LINE = 12


def stated_orders(text):
    """[(line, [name, ...])]: each chain a comment of ``text`` states, outermost
    first, with the line of its first lock."""
    chains = []
    for comment in COMMENT.finditer(text):
        body = comment.group()
        if not HEADING.search(body):
            continue
        first_line = text.count("\n", 0, comment.start()) + 1
        chains.extend(chains_in_comment(body, first_line))
    return chains


def chains_in_comment(body, first_line):
    """The chains of one comment, from the line after its heading on."""
    chains = []
    tree = []       # (indentation, names, line) of the lines from the root down

    def tree_ends():
        if tree:
            chains.extend(paths_of(tree))
            tree.clear()

    in_block = False
    open_parentheses = 0    # a line inside a parenthesis left open is its continuation
    for number, raw in enumerate(body.splitlines(), start=first_line):
        line = comment_line(raw)
        continued = open_parentheses > 0
        open_parentheses = max(0, open_parentheses + line.count("(") - line.count(")"))
        if continued:
            continue
        if not in_block or ARROW in line:
            in_block = in_block or bool(HEADING.search(line))
            if in_block and ARROW in line:
                chains.extend(arrow_chain(line, number))
            continue
        names = names_on(line)
        if not names:
            # a blank line ends a tree; prose ends the block, until another heading
            tree_ends()
            in_block = not line.strip() or bool(HEADING.search(line))
            continue
        indentation = len(line) - len(line.lstrip())
        if tree and tree[-1][0] >= indentation:
            chains.extend(paths_of(tree))   # the line before is a leaf
        while tree and tree[-1][0] >= indentation:
            tree.pop()
        tree.append((indentation, names, number))
    tree_ends()
    return chains


def paths_of(tree):
    """The chains from the root to the last line of ``tree``: one per choice of
    a name at each level (``a,b`` at one level are two chains)."""
    found = [[]]
    for _, names, _ in tree:
        found = [chain + [name] for chain in found for name in names]
    return [(tree[0][2], chain) for chain in found if len(chain) > 1]


def comment_line(raw):
    """A comment line without its leading `` * `` (indentation kept, tabs as 8)."""
    line = raw.expandtabs(8)
    stripped = line.lstrip()
    if stripped.startswith("/*"):
        stripped = stripped[2:]
    if stripped.endswith("*/"):
        stripped = stripped[:-2]
    if stripped.startswith("*"):
        stripped = stripped[1:]
    return stripped.rstrip()


def names_on(line):
    """The locks a tree line names at its level, or [] when it is prose."""
    text = line.strip()
    if len(text.split("(")[0].split()) > LONGEST_NAME_LINE or text.endswith((".", ":")):
        return []
    lead = re.split(r"\s{2,}|\(", text)[0].strip()
    names = []
    for part in re.split(r",|\s+or\s+", lead):
        found = NAME.match(part.strip())
        if found:
            names.append(found.group(1))
    return names


def arrow_chain(line, number):
    """The chain of a line ``a -> b -> c``."""
    chain = []
    for part in line.split(ARROW):
        found = NAME.match(part.strip().split("(")[0].strip())
        if found:
            chain.append(found.group(1))
    return [(number, chain)] if len(chain) > 1 else []
