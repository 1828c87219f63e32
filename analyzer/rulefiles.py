"""The rule files (analyzer/rules/*.toml and --rules DIR), read through a cache of their
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


class RuleFile:
    """A rule file's data, read with checks: every value is checked as it is taken,
    and a wrong one is a RulesError that names the file and the key."""

    def __init__(self, path):
        self.path = path
        try:
            self.data = read_rule_file(path)
        except OSError as error:
            raise RulesError(f"{path}: cannot read: {error.strerror or error}") from None
        except ValueError as error:
            raise RulesError(f"{path}: {error}") from None

    def error(self, key, message):
        return RulesError(f"{self.path}: {key}: {message}" if key else f"{self.path}: {message}")

    def table(self, value, key, known=None, required=()):
        """A TOML table; with ``known``, only those keys, and ``required`` among them."""
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table, not {shown(value)}")
        for name in value if known is not None else ():
            if name not in known:
                raise self.error(key, f"unknown key '{name}' (known: {', '.join(known)})")
        for name in required:
            if name not in value:
                raise self.error(key, f"'{name}' is missing")
        return value

    def text(self, value, key):
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, not {shown(value)}")
        return value

    def flag(self, value, key):
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, not {shown(value)}")
        return value

    def tables(self, value, key, known, required=()):
        """An array of tables ([[key]]), each with only ``known`` keys; the N-th is
        named key[N] in messages."""
        if not isinstance(value, list):
            raise self.error(key, f"expected an array of tables ([[{key}]]), not {shown(value)}")
        return [self.table(item, f"{key}[{number}]", known, required)
                for number, item in enumerate(value, 1)]

    def texts(self, value, key):
        """A list of strings."""
        if not isinstance(value, list):
            raise self.error(key, f"expected a list of strings, not {shown(value)}")
        return [self.text(item, key) for item in value]

    def choice(self, value, key, words):
        """A member of the StrEnum ``words``, written as its value."""
        if value not in tuple(words):
            raise self.error(key, f"{shown(value)} is not one of {', '.join(words)}")
        return words(value)


def built_in(name, keys):
    """One of lockscan's own rule files that is no lock rule set (analyzer/rules/NAME),
    checked to hold the tables ``keys``."""
    file = RuleFile(os.path.join(RULES, name))
    file.table(file.data, "", keys, keys)
    return file


def key_of(*parts):
    """A dotted TOML key, with the parts that need it quoted: guarded."vma.vm_start".read"""
    return ".".join(part if part.replace("_", "").replace("-", "").isalnum() else f'"{part}"'
                    for part in parts)


def shown(value):
    """A value as a one-line message shows it: short, and in TOML's spelling."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "a list"
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
