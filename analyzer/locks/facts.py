"""What the lock analysis learns about a function: the facts the checks read.

Every fact carries the locks held where it happens (``held``: Held tuples,
each with where it was taken), so a check never walks an AST.  Facts are
NamedTuples: made by the thousand, hashed into sets, compared by value.
"""

from enum import Enum
from typing import NamedTuple

from analyzer.locks.vocabulary import Kind, Mode


class Origin(Enum):
    """How the path came to hold a lock."""
    CALL = "call"                   # a call in view took it
    TRY_RETRIED = "try_retried"     # a trylock that succeeded, retried after back-off on failure
    TRY_ONCE = "try_once"           # a trylock that succeeded, not retried on failure
    ENTRY = "entry"                 # held on entry: a contract, an annotation, a release in view
    SCOPED = "scoped"               # guard() or scoped_guard(): released at the end of its scope
    PERSISTENT = "persistent"       # held past the function by design (vma_start_write)
    HANDOVER = "handover"           # a hand-over-hand helper's next lock, taken at its call


TRYLOCKS = (Origin.TRY_RETRIED, Origin.TRY_ONCE)


class Mark(Enum):
    """What became of the pointer a held lock was reached through."""
    NONE = ""
    REASSIGNED = "'"                            # assigned since: which object it is now is unknown
    PREVIOUS_ELEMENT = " (previous element)"    # an iterator moved on: surely another object


class Held(NamedTuple):
    """A lock held on a path: instance, class, and where it was taken."""
    instance: str           # normalised access path: vma->anon_vma->lock
    lock_class: str | None  # struct.field (anon_vma.lock); None when the types are not in view
    mode: Mode
    kind: Kind              # the primitive's
    origin: Origin
    line: int
    column: int
    call: str               # the acquiring call as written: spin_lock(&anon_vma->lock)
    outer: str | None = None    # for nest_lock: the instance of the outer lock
    outer_class: str | None = None
    uncertain: bool = False     # a function not in view was called since: it may have dropped it
    mark: Mark = Mark.NONE
    ordered: bool = False       # taken after another of its class in an order the path
                                # tested (if (a > b) swap(a, b): by address)
    apart: tuple = ()           # the caller's locks it nests in none of at the call: the
                                # callee that took it had dropped them first (and took
                                # them again after), or reports that nesting itself
    when: tuple = ()            # (parameter, truth) that held wherever the callee took it
                                # (if (lock) write_lock(...)): a call whose argument says
                                # otherwise does not take it

    @property
    def key(self):
        """What tells two held locks apart: a lock reached through a pointer the
        code has since moved is another lock than the one the path names now."""
        return self.instance, self.mark

    @property
    def read_section(self):
        """A seqcount reader's section: it ends at any retry test or at none, so
        no path owes it a release, and a second retry test is no double unlock."""
        return self.kind is Kind.SEQCOUNT and self.mode is Mode.SHARED

    @property
    def shown(self):
        """The lock as a message names it."""
        return self.instance + self.mark.value


class Acquire(NamedTuple):
    lock: Held
    held: tuple             # locks already held


class Release(NamedTuple):
    instance: str
    lock_class: str | None
    line: int
    column: int
    call: str
    was_held: bool          # acquired in view on this path
    double: bool            # released on a path that knows it is not held:
                            # released before, or its trylock failed
    after_failed_trylock: bool = False
    aliases: tuple = ()     # the other names the path knows for the instance
                            # (parent->d_lock where parent is dentry->d_parent)
    mismatched: Held | None = None  # the lock as the path holds it, in the other
                                    # mode than the release's (up_read after down_write)


class Access(NamedTuple):
    field: str              # struct.field: vm_area_struct.vm_start
    write: bool
    base: str               # the object: vma
    line: int
    column: int
    code: str               # the access as written: vma->vm_start
    held: tuple
    fresh: bool             # the object is new and not yet visible to others
    released: tuple = ()    # classes of the locks this path released before the access


class Init(NamedTuple):
    """A lock initialized (spin_lock_init) while the path holds it."""
    instance: str
    line: int
    column: int
    call: str
    held: Held              # the lock as the path took it


class Call(NamedTuple):
    callee: str
    arguments: tuple        # argument texts
    line: int
    column: int
    held: tuple
    released: tuple = ()    # classes of the locks this path released before the call
    fresh: tuple = ()       # arguments naming objects not yet published
    unlocked: tuple = ()    # the instances of those (not handed to a function not in view since)


class Exit(NamedTuple):
    line: int
    column: int
    held: tuple
    returned: str | None    # the returned expression: its access path, or as written
    real: bool              # a return or the end of a whole function (not a fragment's edge)
    released: frozenset = frozenset()   # instances this path released (and did not retake)
    value: bool | None = None   # whether the returned value is non-zero, when the path knows
    error: bool = False     # the returned value is a negative error code (-ENOMEM)
    same: tuple = ()        # (path, path) pairs the path knows name one object (a == root)
    handed: frozenset = frozenset()     # of the released, those a function not in view
                                        # was handed since: it may have taken them again
    set_through: frozenset = frozenset()    # ("*p", truth): what the path set *p to


class Join(NamedTuple):
    """Paths that meet with ``lock`` held on some and not on others, no fact telling
    them apart, and go on to ``release`` it (sparse's "different lock contexts")."""
    lock: Held              # as a path holding it took it
    line: int               # where the paths meet
    column: int
    release: Release


class FunctionFacts:
    """What the analysis of one function found."""

    def __init__(self, name, path, whole, parameters=(), annotations=()):
        self.name = name
        self.path = path
        self.whole = whole          # the definition is in view from its header
        self.parameters = parameters
        self.locals = frozenset()   # the names the body declares
        self.acquires = set()
        self.releases = set()
        self.accesses = set()
        self.calls = set()
        self.exits = set()
        self.joins = set()
        self.inits = set()
        self.annotations = list(annotations)
        self.returns_try = {}       # "spin_trylock(&p->lock)" -> Held
        self.taken_when = {}        # instance -> the (parameter, truth) of every path taking it
        self.analyzed = True
        self.reason = None          # why it was not analyzed

    def in_order(self):
        """The facts as lists in a fixed order (sets iterate in hash order, and
        checks that keep the first of equal findings must not depend on it)."""
        for name in ("acquires", "releases", "accesses", "calls", "exits", "joins", "inits"):
            setattr(self, name, sorted(getattr(self, name), key=repr))
        return self
