"""The rule files (rules/*.toml and --rules DIR), read through a cache of their
parsed form.

Parsing TOML (and importing tomllib) is 4 ms of a 70 ms check on one mail,
and the files rarely change: the parsed data is kept, with the bytes it was parsed
from, in files under ~/.cache/lockscan/rules (or $XDG_CACHE_HOME).  A cache
entry is used only when it is intact (its checksum, analyzer.cache) and the
file's bytes are exactly the ones it was made from; any other entry is parsed
again and rewritten, so a damaged cache is only a slower run, never another one.
"""

import os

from analyzer.cache import CACHE_HOME, keep, load_kept

# analyzer/rules is a symlink to rules/ in a checkout, the directory itself once installed
RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules")
CACHE = os.path.join(CACHE_HOME, "rules")


class RulesError(Exception):
    """A rule file that cannot be used; the message names the file and the problem."""


def read_rule_file(path):
    """The parsed data of a TOML file; OSError, or ValueError when it is no TOML."""
    with open(path, "rb") as handle:
        source = handle.read()
    cached = cache_path(path)
    kept = load_kept(cached)
    if type(kept) is tuple and len(kept) == 2 and kept[0] == source:
        return kept[1]
    import tomllib
    data = tomllib.loads(source.decode("utf-8"))
    keep(cached, (source, data))
    return data


def cache_path(path):
    """One cache file per rule file, named after its absolute path."""
    name = os.path.abspath(path).strip(os.sep).replace(os.sep, "%")
    return os.path.join(CACHE, name + ".marshal")
