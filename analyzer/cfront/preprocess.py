"""Comments and preprocessor lines out of kernel C, line structure kept.

Everything removed becomes blanks (comments) or empty lines (directives and
the branches not taken), so a line and column in the result is the same line
and column in the file.  #if/#ifdef/#elif/#else decide by the configuration
in analyzer/rules/kconfig.toml; each decision is recorded so a report can say which
branch was read.
"""

import re
from functools import lru_cache
from typing import NamedTuple

from analyzer.rulefiles import built_in

COMMENT_OR_LITERAL = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                                re.DOTALL)
# Patterns for less common input are kept as text and compiled where first used
# (re.compile keeps what it compiled): a run pays only for those its input needs.
DIRECTIVE = r"^[ \t]*#[ \t]*(\w*)(.*)$"
CONFIG_TEST = (r"\b(?:defined\s*\(\s*(\w+)\s*\)|defined\s+(\w+)|"
               r"(?:IS_ENABLED|IS_BUILTIN|IS_REACHABLE)\s*\(\s*(\w+)\s*\)|"
               r"IS_MODULE\s*\(\s*\w+\s*\))")
ARITHMETIC = r"^[\d\s()<>=!+\-*/%&|^~]*$"


class Branch(NamedTuple):
    line: int
    directive: str      # the directive as written, on one line: "#ifdef CONFIG_NUMA"
    taken: bool
    group: int = 0      # the line of its group's #if
    end: int | None = None      # the line of the directive that ends it; None: not in view
    constant: bool | None = None    # True or False when constants alone decide it (#if 0)
    configured: bool = True     # decided by the configuration, not chosen to read its code

    def moved(self, offset):
        """The branch with its lines ``offset`` lines further down (a window of a file)."""
        return self._replace(line=self.line + offset, group=self.group + offset,
                             end=None if self.end is None else self.end + offset)

    def holds(self, line):
        """Whether ``line`` lies inside this branch (after its directive, before its end)."""
        return self.line < line and (self.end is None or line < self.end)


@lru_cache(maxsize=None)
def configuration():
    file = built_in("kconfig.toml", ("enabled", "defined"))
    return frozenset(file.texts(file.data["enabled"], "enabled")
                     + file.texts(file.data["defined"], "defined"))


def blank(text):
    """Spaces for every character but newlines."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def remove_comments(text):
    def replace(match):
        found = match.group(0)
        return blank(found) if found[0] == "/" else found
    return COMMENT_OR_LITERAL.sub(replace, text)


def blank_literals(code):
    """The code with the inside of string and character literals blanked:
    a text whose braces and parentheses are all real ones."""
    return COMMENT_OR_LITERAL.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2)
                                  + m.group(0)[-1], code)


def evaluate(expression, config):
    """True, False, or None when the condition depends on more than the configuration."""
    def test(match):
        name = match.group(1) or match.group(2) or match.group(3)
        return "1" if name in config else "0"
    text = re.compile(CONFIG_TEST).sub(test, expression)
    text = re.sub(r"\bCONFIG_\w+\b", lambda m: "1" if m.group(0) in config else "0", text)
    text = re.sub(r"\b(\d+)[uUlL]+\b", r"\1", text)
    if not re.compile(ARITHMETIC).match(text):
        return None
    text = text.replace("&&", " and ").replace("||", " or ")
    text = re.sub(r"!(?!=)", " not ", text)
    try:
        return bool(eval(text, {"__builtins__": {}}, {}))  # only digits and operators remain
    except Exception:   # a malformed condition: undecidable, like an unknown name
        return None


def strip_directives(code, config=None, chosen=None):
    """(code without directives and untaken branches, [Branch]).

    ``chosen`` maps the line of a group's #if to the line of the branch to take
    in that group, whatever the configuration says (a branch read because the
    code a patch changes is in it).
    """
    config = configuration() if config is None else config
    chosen = {} if chosen is None else chosen
    lines = code.split("\n")
    branches = []
    stack = []      # the open #if groups, innermost last
    # A window of a file (a hunk) may begin inside #if groups whose condition is out of
    # view: each is opened before its first line.  One with an #else or #elif in view
    # reads that branch, as an option the configuration does not list is off; one
    # without reads the lines in view.
    active = True
    for depth, alternatives in enumerate(opened_before(lines)):
        group = OpenGroup(-depth, active)
        group.configured_taken = configured = not alternatives
        group.open = len(branches)
        stack.append(group)
        value = chosen[group.line] == group.line if group.line in chosen else configured
        active = active and value
        branches.append(Branch(group.line, "#if (before the lines in view)", active, group.line,
                               configured=value == configured))
    number = 0
    while number < len(lines):
        line = lines[number]
        match = re.compile(DIRECTIVE).match(line) if "#" in line else None
        if not match:
            if not active:
                lines[number] = ""
            elif line.endswith("\\"):
                # A code line continued like a directive (kernel style allows it in a
                # long condition): C joins the lines, so the backslash is blank.
                lines[number] = line[:-1] + " "
            number += 1
            continue
        first = number
        text = line
        while text.endswith("\\") and number + 1 < len(lines):
            lines[number] = ""
            number += 1
            text = text[:-1] + " " + lines[number]
        lines[number] = ""
        lines[first] = ""
        number += 1
        # Whitespace collapsed: a directive continued over lines reads as one line.
        name, argument = match.group(1), " ".join(re.compile(DIRECTIVE).match(text).group(2).split())
        if name in ("if", "ifdef", "ifndef"):
            group = OpenGroup(first + 1, active)
            stack.append(group)
            if name == "if":
                value = evaluate(argument, config)
                value = True if value is None else value
            else:
                value = (argument.split()[0] in config) if argument else True
                value = value if name == "ifdef" else not value
            fixed = name == "if" and is_constant(argument)
        elif name in ("elif", "else") and stack:
            group = stack[-1]
            group.close(branches, first + 1)
            if group.configured_taken:
                value = False
            elif name == "else":
                value = True
            else:
                value = evaluate(argument, config)
                value = True if value is None else value
            # "#elif 0", or any branch after an "#if 1"; "#elif 1" is taken only when
            # the branches before it are not
            fixed = group.constant_taken or (name == "elif" and is_constant(argument)
                                             and not evaluate(argument, config))
        elif name == "endif" and stack:
            group = stack.pop()
            group.close(branches, first + 1)
            active = group.outer_active
            continue
        else:
            continue
        group.configured_taken = group.configured_taken or value
        group.constant_taken = group.constant_taken or (
            name in ("if", "elif") and is_constant(argument) and bool(evaluate(argument, config)))
        configured = value
        if group.line in chosen and not fixed:
            value = chosen[group.line] == first + 1
        active = group.outer_active and value
        group.open = len(branches)
        branches.append(Branch(first + 1, f"#{name} {argument}".rstrip(), active, group.line,
                               None, value if fixed else None, value == configured))
    return "\n".join(lines), branches


def opened_before(lines):
    """For each #if group the text closes (#else, #elif, #endif) without opening
    it, outermost first: whether it has an #else or #elif in the text."""
    depth = closed = 0
    alternatives = [False]     # by group, innermost first; the last one may be unclosed
    for line in lines:
        match = re.compile(DIRECTIVE).match(line) if "#" in line else None
        name = match.group(1) if match else None
        if name in ("if", "ifdef", "ifndef"):
            depth += 1
        elif name == "endif" and depth > 0:
            depth -= 1
        elif name == "endif":
            closed += 1
            alternatives.append(False)
        elif name in ("elif", "else") and depth == 0:
            alternatives[closed] = True
    count = closed + alternatives[closed]
    return alternatives[:count][::-1]


class OpenGroup:
    """An #if group being read: its #if's line and what its branches so far decided."""

    def __init__(self, line, outer_active):
        self.line = line
        self.outer_active = outer_active
        self.configured_taken = False   # a branch was true in the configuration
        self.constant_taken = False     # a branch was true by constants alone (#if 1)
        self.open = None                # index in branches of the branch being read

    def close(self, branches, line):
        """The branch being read ends at ``line``."""
        if self.open is not None:
            branches[self.open] = branches[self.open]._replace(end=line)


def is_constant(expression):
    """Whether an #if condition names nothing (``0``, ``1``): code on or off for good."""
    return bool(re.compile(ARITHMETIC).match(expression)) and any(c.isdigit() for c in expression)
