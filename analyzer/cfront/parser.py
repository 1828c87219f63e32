"""pycparser, told which names are types before it starts, with a faster lexer.

pycparser learns typedef names from the declarations it parses; kernel code
declares them in headers we do not read, so the scope is filled from the
inferred names instead of parsing a prelude of typedefs before every
function.  This uses the parser's scope stack and token stream, internals of
pycparser 3.x (pinned in pyproject.toml).

pycparser's lexer tries one alternation of every token pattern at each token
(comments, string and character literals, five kinds of number, identifiers),
a fifth of a scan.  Identifiers and punctuators, nine tokens in ten, are
recognised here directly, as that alternation and its table of fixed tokens
would recognise them; anything else goes to pycparser's own code.
"""

import re

from pycparser import c_lexer, c_parser

# An identifier not followed by a quote (L"..", u8'..' are literals), taken whole.
IDENTIFIER = re.compile(r"[a-zA-Z_$][0-9a-zA-Z_$]*+(?!['\"])")
# The first characters only pycparser's fixed tokens begin with: no pattern of its
# alternation starts with them ('.' starts a number, '/' a comment), and '[' may
# open a [[attribute]].
PUNCTUATOR_FIRST = frozenset(c_lexer._fixed_tokens_by_first) - {".", "/", "["}


class KernelLexer(c_lexer.CLexer):
    def _match_token(self):
        text = self._lexdata
        pos = self._pos
        if not self._in_attribute:
            char = text[pos]
            if char in PUNCTUATOR_FIRST:
                # the buckets are sorted longest first, as pycparser takes them
                for entry in c_lexer._fixed_tokens_by_first[char]:
                    if text.startswith(entry.literal, pos):
                        token = self._make_token(entry.tok_type, entry.literal, pos)
                        self._pos = pos + len(entry.literal)
                        return token
            else:
                match = IDENTIFIER.match(text, pos)
                if match is not None:
                    value = match.group()
                    token = self._make_token(self._keyword_map.get(value, "ID"), value, pos)
                    self._pos = match.end()
                    return token
        return super()._match_token()


class KernelParser(c_parser.CParser):
    def __init__(self):
        super().__init__(lexer=KernelLexer)

    def parse_with_types(self, text, filename, typedefs):
        self._scope_stack = [dict.fromkeys(typedefs, True)]
        self._typedef_checked_token = None
        self.clex.input(text, filename)
        self._tokens = c_parser._TokenStream(self.clex.token)
        ast = self._parse_translation_unit_or_empty()
        token = self._peek()
        if token is not None:
            self._parse_error(f"before: {token.value}", self._tok_coord(token))
        return ast

    def _parse_error(self, msg, coord):
        # Some of pycparser's errors carry the file name alone; the token the
        # parser stopped at gives the line and column a report needs.
        token = self._tokens.peek(1) if not isinstance(coord, c_parser.Coord) else None
        if token is not None:
            coord = self._tok_coord(token)
        super()._parse_error(msg, coord)
