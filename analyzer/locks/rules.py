"""Lock knowledge read from analyzer/rules/*.toml (and --rules DIR): primitives, types,
groups, guarded fields, contracts, the documented order.

Several rule sets merge into one LockRules; each keeps the paths it applies
to, and a file is analyzed when one of the loaded sets covers it.
"""

import os
import re

from analyzer.locks.vocabulary import Hold, Kind, Mode, Op, requirement
from analyzer.rulefiles import RULES, RuleFile, RulesError, key_of

# Rule files that are not lock rule sets.
NOT_LOCK_RULES = {"iterators.toml", "kconfig.toml", "kernel_c.toml", "kernel_types.toml"}
# Scoped guards (linux/cleanup.h): what they take is read from their arguments.
GUARD_WORDS = {"guard", "scoped_guard", "scoped_cond_guard"}
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


class Primitive:
    """A locking function or macro: what it does to which lock."""

    def __init__(self, name, op, lock, mode=Mode.EXCLUSIVE, kind=Kind.BLOCKING, outer=None,
                 lock_class=None, hold=None, also=(), checks_mode=False):
        self.name = name
        self.op = op            # Op
        self.lock = lock        # "{0}", "{0}->root->rwsem", "{return}->lock"
        self.mode = mode        # Mode
        self.kind = kind        # Kind
        self.outer = outer
        self.lock_class = lock_class
        self.hold = hold        # Hold.FUNCTION: held past the function's end by design
        self.also = list(also)  # groups a release drops as well
        self.checks_mode = checks_mode  # a release of a lock held in ``mode`` only


class Guard:
    """The locks (Requirements) that readers and writers of a field hold, in the
    paths of the rule set that says so."""

    def __init__(self, read, write, write_rmap, paths=("",)):
        self.read = read
        self.write = write
        self.write_rmap = write_rmap
        self.paths = paths

    def covers(self, path):
        return covers(self.paths, path)


class LockRules:
    """Every loaded rule set, merged."""

    def __init__(self):
        self.paths = []
        self.primitives = {}
        self.guards = {}        # guard class -> Primitive (lock None: the class takes none)
        self.types = {}
        self.names = {}         # variable name -> struct, where the code does not declare it
        self.name_paths = {}    # variable name -> the paths of the rule sets naming it
        self.owners = {}        # lock member name -> the one struct of the tree that has
                                # it, or {lock type: the one struct with it of that type}
        self.owner_calls = {}   # a primitive's name prefix -> the lock type it takes
        self.typedefs = {}      # typedef name -> struct, from the definitions in view
        # name -> cfront.Prototype: functions declared with lock annotations in view
        # (a prototype in the file or the patch), whose definitions may not be
        self.prototypes = {}
        self.groups = {}        # class -> group
        self.guarded = {}       # "struct.field" -> Guard
        self.contracts = {}     # function -> [Requirement, ...]
        self.orders = []        # (name, chain, era classes)
        self.allocators = set()     # functions returning a new object
        self.noreturn = set()       # functions that do not return: BUG(), panic()
        self.not_locks = set()      # annotation contexts that are no lock: RCU
        self.may_drop = set()       # groups callees may drop and retake
        self.write_first = set()    # accessors writing their first argument
        # tree mode, from the tree's index (analyzer.index): name -> Summary of the
        # functions defined in other files, and "struct.field" -> Belief of the
        # fields the tree accesses under one lock, and (outer group, inner group) ->
        # [(path, line, function, call)]: the tree's lock-order graph
        self.tree_summaries = {}
        self.learned = {}
        self.tree_edges = {}
        self.learning = False   # the index counts the accesses of every struct member
        self.words = None       # what mentions_locking looks for, made on first use
        self.all_files = False  # --all-files: every rule set's knowledge holds everywhere

    def with_own_types(self):
        """A copy whose types (and prototypes) one file or patch can extend with its
        own without the others seeing them."""
        copy = LockRules()
        copy.__dict__.update(self.__dict__)
        copy.types = dict(self.types)
        copy.names = dict(self.names)
        copy.name_paths = dict(self.name_paths)
        copy.typedefs = dict(self.typedefs)
        copy.prototypes = dict(self.prototypes)
        return copy

    def owner(self, field, call):
        """The struct whose lock member ``field`` is, where the primitive ``call``
        takes it and the types on the way are out of view (owners.toml), or None."""
        found = self.owners.get(field)
        if isinstance(found, dict):
            prefix = max((prefix for prefix in self.owner_calls if call.startswith(prefix)),
                         key=len, default=None)
            return found.get(self.owner_calls[prefix]) if prefix else None
        return found

    def name_type(self, name, path):
        """The struct a variable the code in ``path`` does not declare points to, by
        its name: a rule set's convention ([names]), in the paths that rule set
        covers (in mm, tmp and new are VMAs; in net/core/dev.c tmp is a net_device,
        and a guess that made its lock a VMA's would hide the lock's own class),
        or a name the file itself declares (learn_names)."""
        paths = self.name_paths.get(name)
        if paths is None or self.all_files or covers(paths, path):
            return self.names.get(name)
        return None

    def learn_names(self, variables):
        """The file's own variables ({name: struct}): they hold in it, whatever a
        rule set's convention for the name."""
        self.names.update(variables)
        for name in variables:
            self.name_paths.pop(name, None)

    def applies_to(self, path):
        """Whether a rule set covers ``path``."""
        return covers(self.paths, path)

    # what a note says of the paths subsystem_applies_to is false for
    BASE_RULES_ONLY = ("checked with the base rules only (lock primitives, annotations): no "
                       "subsystem rule set covers")

    def subsystem_applies_to(self, path):
        """Whether a rule set other than the base one (which covers every path) covers
        ``path``: otherwise only the generic primitives and annotations apply there."""
        return covers([prefix for prefix in self.paths if prefix], path)

    def guards_at(self, field, path):
        """Whether the guard of ``field`` holds in ``path``: its rule set covers it."""
        return self.all_files or self.guarded[field].covers(path)

    def mentions_locking(self, names):
        """Whether C code with these identifiers (identifiers()) names anything the
        analysis acts on: a primitive, a guarded field, guard()."""
        if self.words is None:
            self.words = set(self.primitives) | GUARD_WORDS
            self.words |= {key.split(".")[1] for key in list(self.guarded) + list(self.learned)}
        return not names.isdisjoint(self.words)

    def guard(self, guard_class):
        """What a guard of this class takes (a class not in the rules: its first
        lock argument, exclusively)."""
        return self.guards.get(guard_class) or Primitive(guard_class, Op.ACQUIRE, "{0}")

    def group(self, lock_class):
        return self.groups.get(lock_class, lock_class)

    def field_type(self, struct, name):
        return self.types.get(f"{struct}.{name}") or self.types.get(f"*.{name}")


def covers(prefixes, path):
    """Whether one of the path ``prefixes`` covers ``path``: tree-relative
    (mm/rmap.c) or under a tree (linux/mm/rmap.c, /usr/src/linux/mm/rmap.c)."""
    if path is None:
        return False
    path = "/" + path.lstrip("./")
    return any("/" + prefix in path for prefix in prefixes)


def identifiers(text):
    """The identifiers C text holds, as a set."""
    return set(IDENTIFIER.findall(text))


def load_rules(extra_dirs=(), all_files=False):
    """The built-in rule sets plus those in ``extra_dirs``; with ``all_files``,
    what each says holds in every path."""
    rules = LockRules()
    rules.all_files = all_files
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


# The tables of a lock rule file, and the keys of their entries.
TABLES = ("ruleset", "primitives", "guards", "types", "names", "owners", "owner_calls", "groups",
          "guarded", "contracts", "order", "callees", "accessors", "objects", "noreturn",
          "annotations")
PRIMITIVE_KEYS = ("op", "lock", "mode", "kind", "outer", "lock_class", "hold", "also")
GUARD_KEYS = ("lock", "mode", "kind")
GUARDED_KEYS = ("read", "write", "write_rmap")
ORDER_KEYS = ("name", "era", "chains")
# {0}, {1}, ...: the call's arguments; {return}: its value
LOCK_ARGUMENT = re.compile(r"\{(\w*)\}")


def merge(rules, path):
    """Add the rule set in ``path`` to ``rules``; RulesError, naming the file and
    the key, for anything it does not understand."""
    file = RuleFile(path)
    if "ruleset" not in file.data:
        raise file.error("", "not a lock rule set: no [ruleset] table (name, description, paths)")
    data = file.table(file.data, "", TABLES)
    ruleset = file.table(data["ruleset"], "ruleset", ("name", "description", "paths"), ("paths",))
    paths = tuple(file.texts(ruleset["paths"], "ruleset.paths"))
    rules.paths.extend(paths)
    for name, spec in file.table(data.get("primitives", {}), "primitives").items():
        rules.primitives[name] = primitive(file, name, spec)
    for name, spec in file.table(data.get("guards", {}), "guards").items():
        rules.guards[name] = guard_class(file, name, spec)
    for table in ("types", "names", "owner_calls"):
        for name, value in file.table(data.get(table, {}), table).items():
            getattr(rules, table)[name] = file.text(value, key_of(table, name))
    for name in file.table(data.get("names", {}), "names"):
        rules.name_paths[name] = rules.name_paths.get(name, ()) + paths
    for name, value in file.table(data.get("owners", {}), "owners").items():
        where = key_of("owners", name)
        rules.owners[name] = {lock_type: file.text(struct, key_of("owners", name, lock_type))
                              for lock_type, struct in value.items()} \
            if isinstance(value, dict) else file.text(value, where)
    for group, classes in file.table(data.get("groups", {}), "groups").items():
        for lock_class in file.texts(classes, key_of("groups", group)):
            rules.groups[lock_class] = group
    for name, spec in file.table(data.get("guarded", {}), "guarded").items():
        spec = file.table(spec, key_of("guarded", name), GUARDED_KEYS)
        rules.guarded[name] = Guard(*(requirements(file, spec.get(key, []),
                                                   key_of("guarded", name, key))
                                      for key in GUARDED_KEYS), paths)
    for name, spec in file.table(data.get("contracts", {}), "contracts").items():
        spec = file.table(spec, key_of("contracts", name), ("holds",), ("holds",))
        rules.contracts[name] = requirements(file, spec["holds"], key_of("contracts", name, "holds"))
    for table, key, words in (("objects", "allocators", rules.allocators),
                              ("noreturn", "functions", rules.noreturn),
                              ("annotations", "not_locks", rules.not_locks),
                              ("callees", "may_drop", rules.may_drop),
                              ("accessors", "write_first", rules.write_first)):
        found = file.table(data.get(table, {}), table, (key,))
        words.update(file.texts(found.get(key, []), key_of(table, key)))
    orders = data.get("order", [])
    if not isinstance(orders, list):
        raise file.error("order", "expected an array of tables ([[order]])")
    for index, order in enumerate(orders):
        where = f"order[{index}]"
        order = file.table(order, where, ORDER_KEYS, ("name", "chains"))
        era = frozenset(file.texts(order.get("era", []), where + ".era"))
        if not isinstance(order["chains"], list):
            raise file.error(where + ".chains", "expected a list of lists of locks")
        for chain in order["chains"]:
            rules.orders.append((file.text(order["name"], where + ".name"),
                                 file.texts(chain, where + ".chains"), era))


def primitive(file, name, spec):
    """The Primitive a [primitives] entry describes."""
    where = key_of("primitives", name)
    spec = file.table(spec, where, PRIMITIVE_KEYS, ("op", "lock"))
    lock = lock_template(file, spec["lock"], where + ".lock")
    optional = {key: file.text(spec[key], f"{where}.{key}")
                for key in ("outer", "lock_class") if key in spec}
    return Primitive(name, file.choice(spec["op"], where + ".op", Op), lock,
                     file.choice(spec.get("mode", Mode.EXCLUSIVE), where + ".mode", Mode),
                     file.choice(spec.get("kind", Kind.BLOCKING), where + ".kind", Kind),
                     hold=file.choice(spec["hold"], where + ".hold", Hold)
                     if "hold" in spec else None,
                     also=file.texts(spec.get("also", []), where + ".also"),
                     checks_mode="mode" in spec and spec["op"] == Op.RELEASE, **optional)


def guard_class(file, name, spec):
    """The Primitive a [guards] entry describes: what the guard takes, or no lock."""
    where = key_of("guards", name)
    spec = file.table(spec, where, GUARD_KEYS)
    lock = lock_template(file, spec["lock"], where + ".lock") if "lock" in spec else None
    return Primitive(name, Op.ACQUIRE, lock,
                     file.choice(spec.get("mode", Mode.EXCLUSIVE), where + ".mode", Mode),
                     file.choice(spec.get("kind", Kind.BLOCKING), where + ".kind", Kind))


def lock_template(file, value, key):
    """A lock path with its {N} and {return} arguments checked."""
    lock = file.text(value, key)
    for argument in LOCK_ARGUMENT.findall(lock):
        if not (argument.isdigit() or argument == "return"):
            raise file.error(key, f"{{{argument}}} is not an argument: {{0}}, {{1}}, ... or "
                             "{return}")
    return lock


def requirements(file, value, key):
    """The Requirements a list of "group" and "group:mode" names."""
    found = []
    for text in file.texts(value, key):
        try:
            found.append(requirement(text))
        except ValueError as error:
            raise file.error(key, str(error)) from None
    return found


STRUCT_MEMBER = re.compile(r"^(?:const\s+)?(struct\s+)?(\w+)\s*\*?$")


def learn_struct_types(rules, name, fields, typedefs=()):
    """Struct members of a struct definition in view (a file, or a patch that
    touches one), given as extract's (type, field, line): ``struct shelf *parent;``
    in struct shelf gives shelf.parent, and so does ``struct shelf parent;``
    (shelf->parent.lock is a shelf's lock too).  ``typedefs`` are the names a
    typedef gives the struct (shelf_t)."""
    for typedef in typedefs:
        rules.typedefs.setdefault(typedef, name)
    for kind, field_name, _ in fields:
        member = STRUCT_MEMBER.match(kind)
        struct = member and (member.group(2) if member.group(1)
                             else rules.typedefs.get(member.group(2)))
        if struct:
            rules.types.setdefault(f"{name}.{field_name}", struct)
