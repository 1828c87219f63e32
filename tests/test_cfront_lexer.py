"""cfront's lexer (KernelLexer) gives exactly the tokens, positions and errors of
pycparser's own CLexer: the same input, the same stream, on the kernel's mm/ and on
the corners where an identifier or a punctuator is something else."""

import pytest
from pycparser import c_lexer

from analyzer.cfront.parser import KernelLexer
from conftest import ROOT
from kernel_source import kernel_source  # noqa: F401  (the fixture)

CORNERS = [
    'L"wide" u"16" U"32" u8"utf8" L\'w\' u\'x\' U\'y\' u8\'z\' u8 L u U x$y $z',
    'KERN_INFO"text" "%" PRIu64 "\\n" a"b" \'ab\' \'\' \'\\q\' "bad \\q escape"',
    "[[nodiscard]] int f(void) [[gnu::cold]]; a[b] = c[[d]];",
    "__attribute__((aligned(8))) [[deprecated(\"x\")]] int x;",
    "a...b .5 .e1 1.5e+3f 0x1p-3 0b101 07 08 1'000 a.b a->b a/=b a/b //c\n/* c */ x",
    "a<<=b>>=c<=d>=e==f!=g&&h||i++--j->k##l#m %= ^= |= &= *= -= += ? : ; , ~ !",
    "#line 7 \"f.h\"\nx\n# 9\ny\n#pragma once\n#pragma\nz\n#define q 1\n",
    "'unterminated\nx 'a' \"unterminated\n@ ` \\ \x01",
    "int int_ if0 for_each _Bool _Alignas __int128 sizeof typeof __builtin_va_arg",
]


def tokens(lexer_class, text):
    errors = []
    lexer = lexer_class(lambda message, line, column: errors.append((message, line, column)))
    lexer.input(text, "f.c")
    found = []
    while (token := lexer.token()) is not None:
        found.append((token.type, token.value, token.lineno, token.column, token.filename))
    return found, errors


@pytest.mark.parametrize("text", CORNERS)
def test_corners(text):
    assert tokens(KernelLexer, text) == tokens(c_lexer.CLexer, text)


def test_case_files():
    for path in sorted((ROOT / "tests" / "cases").rglob("*.c")):
        text = path.read_text()
        assert tokens(KernelLexer, text) == tokens(c_lexer.CLexer, text), path


def test_kernel_mm(kernel_source):  # noqa: F811
    paths = sorted((kernel_source / "mm").glob("*.[ch]"))
    assert len(paths) > 100
    for path in paths:
        text = path.read_text(errors="replace")
        assert tokens(KernelLexer, text) == tokens(c_lexer.CLexer, text), path
