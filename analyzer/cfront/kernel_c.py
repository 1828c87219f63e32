"""Rewrites that turn kernel C (GNU C plus kernel macros) into C pycparser reads.

Each rewrite keeps the line structure, and almost all keep the length, so
positions stay true; the few that insert text record it in the ColumnMap.

- attributes, section and checker macros: blanked;
- lock annotations (__acquires, __releases, __must_hold, __cond_acquires):
  recorded as Annotation facts, then blanked;
- asm statements: blanked (an empty statement remains);
- typeof(...): ``int``; statement expressions ``({ ... })``: their comma
  expression where they hold expressions and initialized declarations only,
  else a name of their own (``(_17)``), a value nothing is known of;
- ``a ?: b``: ``a ?0: b``; case ranges and ``[a ... b]`` designators: the
  range end is blanked;
- SYSCALL_DEFINEn(name, type, arg, ...): ``long sys_name( type  arg, ...)``;
- iterator macros (``list_for_each_entry(...) {``, anything named
  *for_each* / *foreach*, or any macro call followed by a statement):
  ``while (macro(...))``; ``scoped_guard(...) {``: ``if (scoped_guard(...))``,
  the ``return`` or ``goto`` in scoped_cond_guard's arguments blanked;
- types given as macro arguments (``container_of(p, struct page, lru)``,
  ``min_t(unsigned long, a, b)``): blanked to ``0``.
"""

import re
from functools import lru_cache
from typing import NamedTuple

from analyzer.cfront.edits import blank_span
from analyzer.rulefiles import built_in

# the kernel's words, as data (analyzer/rules/kernel_c.toml)
WORDS = built_in("kernel_c.toml", ("attributes", "attribute_calls", "annotations",
                                   "iterator_words", "value_reads", "pure_tests",
                                   "pure_test_prefixes", "entry_macros"))
ATTRIBUTE_WORDS = frozenset(WORDS.texts(WORDS.data["attributes"], "attributes"))
ATTRIBUTE_CALLS = frozenset(WORDS.texts(WORDS.data["attribute_calls"], "attribute_calls"))
ANNOTATIONS = frozenset(WORDS.texts(WORDS.data["annotations"], "annotations"))
ITERATOR_WORDS = tuple(WORDS.texts(WORDS.data["iterator_words"], "iterator_words"))
VALUE_READS = frozenset(WORDS.texts(WORDS.data["value_reads"], "value_reads"))
PURE_TESTS = frozenset(WORDS.texts(WORDS.data["pure_tests"], "pure_tests"))
PURE_TEST_PREFIXES = tuple(WORDS.texts(WORDS.data["pure_test_prefixes"], "pure_test_prefixes"))
ENTRY_MACROS = frozenset(WORDS.texts(WORDS.data["entry_macros"], "entry_macros"))
KEYWORD_SPELLINGS = {"__volatile__": "volatile", "__volatile": "volatile", "__const": "const",
                     "__const__": "const", "__restrict": "restrict", "__restrict__": "restrict",
                     "__signed": "signed", "__extension__": "", "__alignof__": "sizeof",
                     "__alignof": "sizeof", "_Alignof": "sizeof"}
ASM_WORDS = {"asm", "__asm__", "__asm"}
TYPEOF_WORDS = {"typeof", "__typeof__", "__typeof", "typeof_unqual", "__typeof_unqual__"}

WORD = re.compile(r"[A-Za-z_]\w*")


def word_start(char):
    r"""``\b`` and ``char``, spelled to begin with the character: re then skips the
    positions that hold another character instead of trying the pattern at each."""
    return f"{re.escape(char)}(?<=\\b{re.escape(char)})"


def any_word(words):
    r"""A regex for any of ``words`` as a whole word, like ``\b(?:word|...)\b``, but fast.

    The words are factored by their leading characters (a trie), so re tries a
    few branches at a word instead of every word, and each first character is
    matched before its word boundary (``word_start``).
    """
    following = {}
    for word in words:
        following.setdefault(word[0], set()).add(word[1:])
    return "|".join(word_start(char) + word_trie(rests) + r"\b"
                    for char, rests in sorted(following.items()))


def word_trie(words):
    """A regex matching exactly ``words``, one branch per first character."""
    following = {}
    for word in words:
        if word:
            following.setdefault(word[0], set()).add(word[1:])
    branches = [re.escape(char) + word_trie(rests) for char, rests in sorted(following.items())]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{pattern})?" if "" in words else pattern


FILE_LEVEL_WORDS = (ATTRIBUTE_WORDS | set(KEYWORD_SPELLINGS) | ATTRIBUTE_CALLS | ANNOTATIONS
                    | ASM_WORDS | TYPEOF_WORDS)
# Most of those words begin with two underscores: any such word is matched, and
# rewrite_file_level passes over the others.  A trie of all of them (any_word)
# is 1.5 ms to compile, paid by every run; this is a tenth of that.
FILE_LEVEL = re.compile(
    any_word({word for word in FILE_LEVEL_WORDS if not word.startswith("__")})
    + "|" + word_start("_") + r"_\w+|\(\s*\{|\?\s*:|\.\.\.|"
    + word_start("C") + r"OMPAT_SYSCALL_DEFINE\d\s*\(|" + word_start("S") + r"YSCALL_DEFINE\d\s*\(")
# Patterns for less common input are kept as text and compiled where first used
# (re.compile keeps what it compiled): a run pays only for those its input needs.
ASM_QUALIFIERS = r"(?:\s*\b(?:volatile|__volatile__|__volatile|goto|inline)\b)*\s*"
STATEMENT_MACRO = re.compile(r"(?m)^[ \t]*([A-Za-z_]\w*)[ \t]*\(")
CONDITIONAL_MACROS = {"scoped_guard", "scoped_cond_guard"}
JUMP_KEYWORD = r"\b(?:return|goto)\b"
NOT_STATEMENT_MACROS = {"if", "while", "for", "switch", "return", "sizeof", "do", "else",
                        "case", "goto", "typeof", "__typeof__", "defined"}
# "static DEFINE_RATELIMIT_STATE(rs, ...);" in a body: a macro, not a declaration.
STATIC_MACRO = re.compile(word_start("s") + r"tatic(?=\s+[A-Z][A-Z0-9_]*\s*\()")
# A string macro beside a literal: KERN_WARNING "text", "%" PRIu64.
STRING_MACRO = r'\b[A-Z][A-Z0-9_]*(?=\s*")|(?<=")\s*[A-Z][A-Z0-9_]*\b'
# A type as a macro argument: mm_slot_entry(slot, struct mm_slot, hash), min_t(u64, a, b).
TYPE_ARGUMENT = re.compile(r"(?<=[(,])\s*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*[\s*]*(?=[,)])")
# "DECLARE_BITMAP(map, N) = { 0 };": a macro declarator with an initializer.
MACRO_INITIALIZER = (r"(?m)^\s*[A-Z][A-Z0-9_]*\s*\([^;{}()]*(?:\([^;{}()]*\))?[^;{}()]*\)"
                     r"\s*(=)\s*\{")
INITIALIZER = re.compile(r"=\s*\{")
# Group 1 is a tag keyword before the word: struct ATTR_LIST_ENTRY is a type (ntfs3).
SPECIFIER_MACRO = re.compile(r"(\b(?:struct|union|enum)\s+)?\b[A-Z][A-Z0-9_]{2,}\b(?!\s*\()")
# Not calls whose type arguments must go: pycparser reads the type in offsetof(type, member)
# and __builtin_va_arg(list, type) itself.
NOT_CALLS = {"sizeof", "if", "while", "for", "switch", "return", "offsetof", "__builtin_va_arg"}
NOT_IN_TYPE = re.compile(r"[^\w\s*]")
TYPE_WORDS = {"struct", "union", "enum", "const", "volatile", "unsigned", "signed", "int", "long",
              "short", "char", "void", "float", "double", "_Bool"}


class Annotation(NamedTuple):
    """A lock annotation on a function: __acquires(x), __must_hold(x), ..."""
    kind: str
    argument: str
    line: int

    @property
    def path(self):
        """The lock it names as an access path: ``&p->lock`` is p->lock."""
        return self.argument.lstrip("&").replace(" ", "")


def matching(shape, position, opening="(", closing=")"):
    """Offset just after the bracket that closes the one at ``position``, or -1."""
    depth = 0
    for index in range(position, len(shape)):
        char = shape[index]
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def next_char(shape, position):
    while position < len(shape) and shape[position].isspace():
        position += 1
    return position


def line_of(text, position):
    return text.count("\n", 0, position) + 1


def rewrite_file_level(code, shape, edits, annotations):
    """Rewrites that need no knowledge of where functions are."""
    for match in FILE_LEVEL.finditer(shape):
        word = match.group(0)
        start, end = match.span()
        if word in ATTRIBUTE_WORDS:
            edits.blank(start, end)
        elif word in KEYWORD_SPELLINGS:
            spelled = KEYWORD_SPELLINGS[word]
            edits.replace(start, end, spelled + " " * (len(word) - len(spelled)))
        elif word in ATTRIBUTE_CALLS or word in ANNOTATIONS:
            after = next_char(shape, end)
            close = matching(shape, after) if shape[after:after + 1] == "(" else -1
            if close < 0:
                edits.blank(start, end)
                continue
            if word in ANNOTATIONS:
                annotations.append(Annotation(word.strip("_"), code[after + 1:close - 1].strip(),
                                              line_of(code, start)))
            edits.blank(start, close)
        elif word in ASM_WORDS:
            after = start + len(word) + re.compile(ASM_QUALIFIERS).match(shape, end).end() - end
            if shape[after:after + 1] == "(":
                close = matching(shape, after)
                edits.blank(start, close if close > 0 else end)
        elif word in TYPEOF_WORDS:
            after = next_char(shape, end)
            close = matching(shape, after) if shape[after:after + 1] == "(" else -1
            if close > 0:
                edits.replace(start, close, "int" + " " * (close - start - 3) if
                              close - start >= 3 else "int")
        elif word.startswith("("):
            close = matching(shape, start)
            if close > 0 and shape[start:close - 1].rstrip().endswith("}"):
                edits.replace(start, close, "(" + statement_value(code[start + 1:close - 1],
                                                                  start) + ")")
        elif word.startswith("?"):
            if end - start > 2:
                edits.replace(start, start + 2, "?0")
            else:
                edits.replace(start, end, "?0:")
        elif word == "...":
            range_end(shape, start, edits)
        elif word.startswith(("SYSCALL_DEFINE", "COMPAT_SYSCALL_DEFINE")):
            syscall_header(shape, start, edits)


# in a statement expression: "int r = f(x)", "unsigned long flags = 0"; a
# statement that starts as a declaration does and is none of those
DECLARED_VALUE = re.compile(r"^\s*(?:(?:const|unsigned|signed|struct\s+\w+|\w+)[\s*]+)+?"
                            r"\**([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$", re.S)
DECLARATION_START = re.compile(r"^\s*(?:const|unsigned|signed|struct|union|enum|int|long|char|"
                               r"short|bool|void)\b")


def statement_value(inner, start):
    """What stands for a statement expression ({ ... }) of text ``inner``, in
    its place.  One of expression statements and initialized declarations
    only is their comma expression, declarations read as assignments
    (({ int r = spin_trylock(l); r; }) is ( r = spin_trylock(l), r )), each
    character where it was: its calls are made and its value is known.  Any
    other is a name no other one has (_17), a value nothing is known of."""
    opening, closing = inner.find("{"), inner.rfind("}")
    text = list(inner)
    text[opening] = text[closing] = " "
    ends = [position for position in range(opening, closing) if inner[position] == ";"]
    if "{" in inner[opening + 1:closing] or "}" in inner[opening + 1:closing] or not ends \
            or inner[ends[-1] + 1:closing].strip():
        return f"_{start}" + "\n" * inner.count("\n")
    for begin, end in zip([opening + 1] + [e + 1 for e in ends], ends):
        statement = inner[begin:end]
        declared = DECLARED_VALUE.match(statement)
        if declared:
            # the type words go: what is left assigns the name
            text[begin:begin + declared.start(1)] = blank_span(statement[:declared.start(1)])
        elif not statement.strip() or DECLARATION_START.match(statement):
            return f"_{start}" + "\n" * inner.count("\n")
        text[end] = ","
    text[ends[-1]] = " "
    return "".join(text)


def range_end(shape, start, edits):
    """Blank ``... b`` in ``case a ... b:`` and ``[a ... b] =``; leave variadic ``...``."""
    before = shape[:start].rstrip()
    if not before or before[-1] in ",(":
        return
    position = start
    # The range end may sit on the next line; a ; or brace first means no range.
    while position < len(shape) and shape[position] not in ":];{}":
        position += 1
    if position < len(shape) and shape[position] in ":]":
        edits.blank(start, position)


def syscall_header(shape, start, edits):
    """``SYSCALL_DEFINE2(name, t1, a1, t2, a2)`` as ``long sys_name( t1  a1, t2  a2)``.

    Edited in place, piece by piece, so that a header written over several lines
    keeps its lines and every parameter its column; the function's name is at
    the macro's column.
    """
    opening = shape.index("(", start)
    close = matching(shape, opening)
    if close < 0:
        return
    prefix = "compat_sys_" if shape.startswith("COMPAT_", start) else "sys_"
    edits.replace(start, start, "long ")
    edits.replace(start, next_char(shape, opening + 1), prefix)
    commas = top_level_commas(shape, opening + 1, close - 1)
    if not commas:
        edits.replace(close - 1, close - 1, "(void")
        return
    edits.replace(commas[0], commas[0] + 1, "(")
    for comma in commas[1::2]:      # the one between a parameter's type and its name
        edits.blank(comma, comma + 1)


def top_level_commas(shape, start, end):
    """Offsets of the commas in shape[start:end] outside any brackets."""
    commas = []
    depth = 0
    for index in range(start, end):
        char = shape[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            commas.append(index)
    return commas


def is_iterator(name):
    """Iterator macros by name: list_for_each_entry, anon_vma_interval_tree_foreach, ..."""
    return any(word in name for word in ITERATOR_WORDS)


@lru_cache(maxsize=None)
def iterator_cursors():
    """Iterator macro -> the positions of the arguments it moves on (iterators.toml)."""
    file = built_in("iterators.toml", ("cursors",))
    cursors = file.table(file.data["cursors"], "cursors")
    for name, positions in cursors.items():
        if not (isinstance(positions, list) and all(isinstance(p, int) for p in positions)):
            raise file.error(f"cursors.{name}", "expected a list of argument positions")
    return cursors


def rewrite_header(shape, start, body, edits):
    """Blank capitalised macros among a function's specifiers (xfs's ``STATIC``,
    btrfs's ``EXPORT_FOR_TESTS``): no type is spelled that way, but for a struct tag."""
    declarator = shape.find("(", start, body)
    for match in SPECIFIER_MACRO.finditer(shape, start, declarator):
        if not match.group(1):
            edits.blank(*match.span())


def rewrite_body(code, shape, start, end, edits, typedefs):
    """Rewrites inside one function body (shape[start:end])."""
    for match in STATEMENT_MACRO.finditer(shape, start, end):
        name = match.group(1)
        if name in NOT_STATEMENT_MACROS:
            continue
        opening = match.end() - 1
        close = matching(shape, opening)
        if close < 0 or close > end:
            continue
        following = next_char(shape, close)
        char = shape[following:following + 1]
        iterator = is_iterator(name)
        # An iterator's body may also start with an operator: (void)f(x);, *p = 0;, ++n;
        # after another macro, "(" calls what the macro gave: guard(mutex)(&m);
        operator_body = iterator and (char in "(*" or shape.startswith(("++", "--"), following))
        if not (char == "{" or char.isalpha() or char == "_" or operator_body):
            continue
        if char != "{" and not iterator:
            # a macro call followed by a word is a statement macro only if
            # nothing else can explain it
            word = WORD.match(shape, following)
            if not word or word.group(0) in ("else",):
                continue
        keyword = "if (" if name in CONDITIONAL_MACROS else "while ("
        edits.replace(match.start(1), match.start(1), keyword)
        edits.replace(close, close, ")")
        if name in CONDITIONAL_MACROS:
            # scoped_cond_guard(mutex_intr, return -EINTR, &m): the statement run when
            # the lock is not taken is an argument; without its keyword it is an expression.
            for jump in re.compile(JUMP_KEYWORD).finditer(shape, opening, close):
                edits.blank(*jump.span())
    for match in STATIC_MACRO.finditer(shape, start, end):
        edits.blank(*match.span())
    # STRING_MACRO and MACRO_INITIALIZER try every position: skip the bodies
    # that hold no string (the quote may sit just before ``start``) or no "= {".
    if shape.find('"', max(start - 1, 0), end) >= 0:
        for match in re.compile(STRING_MACRO).finditer(shape, start, end):
            edits.blank(*match.span())
    for match in TYPE_ARGUMENT.finditer(shape, start, end):
        if is_type(match.group(0), typedefs) and is_call_argument(shape, match.start()):
            text = match.group(0)
            begin = match.start() + len(text) - len(text.lstrip())
            edits.replace(begin, match.end(), "0" + " " * (match.end() - begin - 1))
    for match in (re.compile(MACRO_INITIALIZER).finditer(shape, start, end)
                  if INITIALIZER.search(shape, start, end) else ()):
        close = matching(shape, match.end() - 1, "{", "}")
        if close > 0:
            edits.blank(match.start(1), close)


def is_call_argument(shape, position):
    """Whether ``position`` lies in the argument list of a call (not a cast or a prototype)."""
    depth = 0
    for index in range(position - 1, max(position - 2000, 0), -1):
        char = shape[index]
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                before = shape[max(index - 60, 0):index].rstrip()
                word = re.search(r"([A-Za-z_]\w*)$", before)
                return bool(word) and word.group(1) not in NOT_CALLS
            depth -= 1
        elif char in ";{}":
            return False
    return False


def is_type(text, typedefs):
    words = WORD.findall(text)
    if not words or NOT_IN_TYPE.search(text):
        return False
    if words[0] in ("struct", "union", "enum"):
        return len(words) == 2
    return all(word in TYPE_WORDS or word in typedefs for word in words)
