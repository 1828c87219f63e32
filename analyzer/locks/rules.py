"""Lock knowledge read from analyzer/rules/*.toml (and --rules DIR): primitives, types,
groups, guarded fields, contracts, the documented order.

Several rule sets merge into one LockRules; each keeps the paths it applies
to, and a file is analyzed when one of the loaded sets covers it.
"""

import os
import re

from analyzer.rulefiles import RULES, RulesError, read_rule_file

# Rule files that are not lock rule sets.
NOT_LOCK_RULES = {"kconfig.toml", "kernel_types.toml"}
# Scoped guards (linux/cleanup.h): what they take is read from their arguments.
GUARD_WORDS = {"guard", "scoped_guard", "scoped_cond_guard"}
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


class Primitive:
    """A locking function or macro: what it does to which lock."""

    def __init__(self, name, op, lock, mode="exclusive", kind="blocking", outer=None,
                 lock_class=None, hold=None, also=()):
        self.name = name
        self.op = op            # acquire, release, assert, try, try_zero, downgrade, acquire_switch
        self.lock = lock        # "{0}", "{0}->root->rwsem", "{return}->lock"
        self.mode = mode
        self.kind = kind
        self.outer = outer
        self.lock_class = lock_class
        self.hold = hold        # "function": held past the function's end by design
        self.also = list(also)  # groups a release drops as well


class Guard:
    """The locks (group:mode) that readers and writers of a field hold."""

    def __init__(self, read, write, write_rmap):
        self.read = read
        self.write = write
        self.write_rmap = write_rmap


class LockRules:
    """Every loaded rule set, merged."""

    def __init__(self):
        self.paths = []
        self.primitives = {}
        self.types = {}
        self.names = {}
        self.groups = {}        # class -> group
        self.guarded = {}       # "struct.field" -> Guard
        self.contracts = {}     # function -> ["group:mode", ...]
        self.orders = []        # (name, chain, era classes)
        self.allocators = set()     # functions returning a new object
        self.may_drop = set()       # groups callees may drop and retake
        self.write_first = set()    # accessors writing their first argument
        self.words = None       # what mentions_locking looks for, made on first use

    def with_own_types(self):
        """A copy whose types one file or patch can extend with its own structs
        without the others seeing them."""
        copy = LockRules()
        copy.__dict__.update(self.__dict__)
        copy.types = dict(self.types)
        return copy

    def applies_to(self, path):
        """Whether a rule set covers ``path``: tree-relative (mm/rmap.c) or under a
        tree (linux/mm/rmap.c, /usr/src/linux/mm/rmap.c)."""
        if path is None:
            return False
        path = "/" + path.lstrip("./")
        return any("/" + prefix in path for prefix in self.paths)

    def mentions_locking(self, names):
        """Whether C code with these identifiers (identifiers()) names anything the
        analysis acts on: a primitive, a guarded field, guard()."""
        if self.words is None:
            self.words = set(self.primitives) | GUARD_WORDS
            self.words |= {key.split(".")[1] for key in self.guarded}
        return not names.isdisjoint(self.words)

    def group(self, lock_class):
        return self.groups.get(lock_class, lock_class)

    def field_type(self, struct, name):
        return self.types.get(f"{struct}.{name}") or self.types.get(f"*.{name}")


def identifiers(text):
    """The identifiers C text holds, as a set."""
    return set(IDENTIFIER.findall(text))


def load_rules(extra_dirs=()):
    """The built-in rule sets plus those in ``extra_dirs``."""
    rules = LockRules()
    files = [os.path.join(RULES, name) for name in sorted(os.listdir(RULES))
             if name.endswith(".toml") and name not in NOT_LOCK_RULES]
    for directory in extra_dirs:
        found = sorted(name for name in os.listdir(directory) if name.endswith(".toml")) \
            if os.path.isdir(directory) else []
        if not found:
            raise RulesError(f"{directory}: no rule files (*.toml)")
        files.extend(os.path.join(directory, name) for name in found)
    for path in files:
        merge(rules, path)
    return rules


def merge(rules, path):
    try:
        data = read_rule_file(path)
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
    except (OSError, ValueError, KeyError, TypeError) as error:
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
