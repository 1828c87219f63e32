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


def strip_directives(code, config=None):
    """(code without directives and untaken branches, [Branch])."""
    config = configuration() if config is None else config
    lines = code.split("\n")
    branches = []
    # Each open #if: [any branch taken so far, this branch active, outer active]
    stack = []
    active = True
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
            if name == "if":
                value = evaluate(argument, config)
                value = True if value is None else value
            else:
                value = (argument.split()[0] in config) if argument else True
                value = value if name == "ifdef" else not value
            stack.append([value, value, active])
            active = active and value
            branches.append(Branch(first + 1, f"#{name} {argument}", active))
        elif name in ("elif", "else") and stack:
            frame = stack[-1]
            if frame[0]:
                value = False
            elif name == "else":
                value = True
            else:
                value = evaluate(argument, config)
                value = True if value is None else value
            frame[0] = frame[0] or value
            active = frame[2] and value
            branches.append(Branch(first + 1, f"#{name} {argument}".rstrip(), active))
        elif name == "endif" and stack:
            active = stack.pop()[2]
    return "\n".join(lines), branches
