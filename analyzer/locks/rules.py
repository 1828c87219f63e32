"""Lock knowledge read from rules/*.toml (and --rules DIR): primitives, types,
groups, guarded fields, contracts, the documented order.

Several rule sets merge into one LockRules; each keeps the paths it applies
to, and a file is analyzed when one of the loaded sets covers it.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.cfront.preprocess import RULES

# Rule files that are not lock rule sets.
NOT_LOCK_RULES = {"kconfig.toml", "kernel_types.toml"}


class RulesError(Exception):
    """A rule file that cannot be used; the message names the file and the problem."""


@dataclass
class Primitive:
    name: str
    op: str                 # acquire, release, assert, try, try_zero, downgrade, acquire_switch
    lock: str               # "{0}", "{0}->root->rwsem", "{return}->lock"
    mode: str = "exclusive"
    kind: str = "blocking"
    outer: str | None = None
    lock_class: str | None = None
    hold: str | None = None     # "function": held past the function's end by design
    also: list = field(default_factory=list)   # groups a release drops as well


@dataclass
class Guard:
    read: list
    write: list
    write_rmap: list


@dataclass
class LockRules:
    paths: list = field(default_factory=list)
    primitives: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)      # class -> group
    guarded: dict = field(default_factory=dict)     # "struct.field" -> Guard
    contracts: dict = field(default_factory=dict)   # function -> ["group:mode", ...]
    orders: list = field(default_factory=list)      # (name, chain, era classes)
    allocators: set = field(default_factory=set)    # functions returning a new object
    may_drop: set = field(default_factory=set)      # groups callees may drop and retake
    write_first: set = field(default_factory=set)   # accessors writing their first argument
    _words: object = None   # compiled on first use by mentions_locking

    def applies_to(self, path):
        """Whether a rule set covers ``path``: tree-relative (mm/rmap.c) or under a
        tree (linux/mm/rmap.c, /usr/src/linux/mm/rmap.c)."""
        if path is None:
            return False
        path = "/" + path.lstrip("./")
        return any("/" + prefix in path for prefix in self.paths)

    def mentions_locking(self, text, extra_names=()):
        """Whether C text names anything the analysis acts on: a primitive, a
        guarded field, guard(), or one of ``extra_names`` (summarised functions)."""
        if self._words is None:
            words = set(self.primitives) | {key.split(".")[1] for key in self.guarded}
            words |= {"guard", "scoped_guard", "scoped_cond_guard"}
            self._words = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b")
        if self._words.search(text):
            return True
        return any(re.search(r"\b" + re.escape(name) + r"\b", text) for name in extra_names)

    def group(self, lock_class):
        return self.groups.get(lock_class, lock_class)

    def field_type(self, struct, name):
        return self.types.get(f"{struct}.{name}") or self.types.get(f"*.{name}")


def load_rules(extra_dirs=()):
    """The built-in rule sets plus those in ``extra_dirs``."""
    rules = LockRules()
    files = sorted(path for path in RULES.glob("*.toml") if path.name not in NOT_LOCK_RULES)
    for directory in extra_dirs:
        found = sorted(Path(directory).glob("*.toml"))
        if not found:
            raise RulesError(f"{directory}: no rule files (*.toml)")
        files.extend(found)
    for path in files:
        merge(rules, path)
    return rules


def merge(rules, path):
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        rules.paths.extend(data["ruleset"]["paths"])
        for name, spec in data.get("primitives", {}).items():
            rules.primitives[name] = Primitive(name, **spec)
        rules.types.update(data.get("types", {}))
        rules.names.update(data.get("names", {}))
        for group, classes in data.get("groups", {}).items():
            for lock_class in classes:
                rules.groups[lock_class] = group
        for name, spec in data.get("guarded", {}).items():
            rules.guarded[name] = Guard(spec.get("read", []), spec.get("write", []),
                                        spec.get("write_rmap", []))
        for name, spec in data.get("contracts", {}).items():
            rules.contracts[name] = spec["holds"]
        rules.allocators.update(data.get("objects", {}).get("allocators", []))
        rules.may_drop.update(data.get("callees", {}).get("may_drop", []))
        rules.write_first.update(data.get("accessors", {}).get("write_first", []))
        for order in data.get("order", []):
            for chain in order["chains"]:
                rules.orders.append((order["name"], chain, frozenset(order.get("era", []))))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise RulesError(f"{path}: {error}") from None


STRUCT_POINTER = re.compile(r"^(?:const\s+)?struct\s+(\w+)\s*\*$")


def learn_struct_types(rules, name, fields):
    """Pointer members of a struct definition in view (a file, or a patch that
    touches one), given as extract's (type, field, line): ``struct shelf *parent;``
    in struct shelf gives shelf.parent."""
    for kind, field_name, _ in fields:
        pointer = STRUCT_POINTER.match(kind)
        if pointer:
            rules.types.setdefault(f"{name}.{field_name}", pointer.group(1))
