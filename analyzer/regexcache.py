"""Compiled regular expressions, kept from one run to the next.

re compiles a pattern in Python code (re._parser, re._compiler): the patterns
lockscan, pycparser and the standard library compile take 14 ms of a 67 ms
check on one mail.  Their compiled form, what re._compiler hands to
_sre.compile, is kept in CACHE_HOME/regex-<interpreter>.marshal and put into
re's own cache before anything is imported, so re.compile finds them ready.
lockscan builds no pattern from its input (a name found in the code), so the
same patterns come back every run; MAX_KEPT bounds the file all the same.

This leans on CPython internals (re._cache, re._compiler calling _sre.compile)
that change between versions: it is used on the one version it was written
for, a file is read only by the interpreter build that wrote it, and anything
unexpected leaves re as it is: a slower run, never a different one.
"""

import os
import sys

from analyzer.cache import CACHE_HOME, keep, load_kept

VERSION = (3, 11)   # the re internals this module knows
MAX_KEPT = 400      # patterns: the ones a run compiles are about 80


class Keeper:
    """_sre as re._compiler sees it while lockscan runs: every compile is noted,
    in the form _sre.compile takes it."""

    def __init__(self, sre, path, kept):
        self.sre = sre
        self.path = path
        self.kept = kept        # (pattern, re.compile's flags) -> _sre.compile's arguments
        self.compiled = {}      # (pattern, final flags) -> _sre.compile's arguments

    def __getattr__(self, name):
        return getattr(self.sre, name)

    def compile(self, pattern, flags, code, *groups):
        # the opcodes are ints of a subclass, which marshal does not write
        self.compiled[pattern, flags] = (pattern, flags, [int(op) for op in code], *groups)
        return self.sre.compile(pattern, flags, code, *groups)


def preload():
    """Put the kept patterns into re's cache and keep note of new ones; the
    Keeper to give to save(), or None where this module does not apply."""
    if sys.version_info[:2] != VERSION:
        return None
    import _sre
    import re
    from re import _compiler
    path = kept_path()
    kept = {}
    try:
        written_by, entries = load_kept(path)
        if written_by == sys.version:
            for flags, arguments in entries:
                re._cache[type(arguments[0]), arguments[0], flags] = _sre.compile(*arguments)
                kept[arguments[0], flags] = arguments
    except (OSError, EOFError, ValueError, TypeError, RuntimeError):
        kept = {}   # none yet, or not one this interpreter can use
    keeper = Keeper(_sre, path, kept)
    _compiler._sre = keeper
    return keeper


def kept_path():
    """The file of this interpreter build: CACHE_HOME/regex-<crc32 of sys.version>.marshal."""
    import binascii
    return os.path.join(CACHE_HOME, f"regex-{binascii.crc32(sys.version.encode()):08x}.marshal")


def save(keeper):
    """Write the kept patterns with those this run compiled, when there are new
    ones (up to MAX_KEPT in all)."""
    if keeper is None or not keeper.compiled:
        return
    import re
    kept = dict(keeper.kept)
    # re's cache holds the flags re.compile was called with, which key its entries
    for (_, pattern, flags), compiled in list(re._cache.items()):
        arguments = keeper.compiled.get((pattern, compiled.flags))
        if arguments is not None and len(kept) < MAX_KEPT:
            kept[pattern, flags] = arguments
    keep(keeper.path, (sys.version, [(flags, arguments) for (_, flags), arguments
                                     in kept.items()]))
