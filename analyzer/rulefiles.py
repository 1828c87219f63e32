"""The rule files (analyzer/rules/*.toml and --rules DIR), read through a cache of their
parsed form.

Parsing TOML (and importing tomllib) is 4 ms of a 70 ms check on one mail,
and the files rarely change: the parsed data is kept, with the bytes it was parsed
from, in marshal files under ~/.cache/lockscan/rules (or $XDG_CACHE_HOME).  A
cache entry is used only when the file's bytes are exactly the ones it was made
from; a cache that cannot be read or written is only a slower run.
"""

import os

from analyzer.cache import CACHE_HOME, keep, load_kept

# the built-in rule files, package data
RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules")
CACHE = os.path.join(CACHE_HOME, "rules")


class RulesError(Exception):
    """A rule file that cannot be used; the message names the file and the problem."""


def read_rule_file(path):
    """The parsed data of a TOML file; OSError, or ValueError when it is no TOML."""
    with open(path, "rb") as handle:
        source = handle.read()
    cached = cache_path(path)
    try:
        cached_source, data = load_kept(cached)
        if cached_source == source:
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass
    import tomllib
    data = tomllib.loads(source.decode("utf-8"))
    keep(cached, (source, data))
    return data


def cache_path(path):
    """One cache file per rule file, named after its absolute path."""
    name = os.path.abspath(path).strip(os.sep).replace(os.sep, "%")
    return os.path.join(CACHE, name + ".marshal")
