"""pycparser, told which names are types before it starts.

pycparser learns typedef names from the declarations it parses; kernel code
declares them in headers we do not read, so the scope is filled from the
inferred names instead of parsing a prelude of typedefs before every
function.  This uses the parser's scope stack and token stream, internals of
pycparser 3.x (pinned in pyproject.toml).
"""

from pycparser import c_parser


class KernelParser(c_parser.CParser):
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
