"""The words of the lock rule files, typed.

A primitive does one Op to a lock, in a Mode, as one Kind of acquisition; a
guarded field and a contract name what must be held as Requirements.  The
enums are StrEnums: a rule file's string is the member's value, and a message
shows a member as that string.
"""

import re
from enum import StrEnum
from typing import NamedTuple


class Op(StrEnum):
    """What a call does to its lock."""
    ACQUIRE = "acquire"
    RELEASE = "release"
    ASSERT = "assert"                   # the caller holds it here
    TRY = "try"                         # held only where the call returned true
    TRY_ZERO = "try_zero"               # held where it returned 0
    DOWNGRADE = "downgrade"             # exclusive to shared
    ACQUIRE_SWITCH = "acquire_switch"   # drops what its previous call took, takes the new
    PUT = "put"                         # kref_put(&obj->ref, release): see LOCKED_CALLBACK
    DEC_AND_LOCK = "dec_and_lock"       # held where the call returned true: the count it
                                        # dropped reached zero, and it waited for the lock
    INIT = "init"                       # makes it a new, free lock: it must not be held


# kref_put(&obj->ref, release_obj_locked) returns true where it called the
# release callback; one named *_locked is called with obj's lock held and drops
# it (the kernel's naming of "called locked"), so there obj holds no lock.
LOCKED_CALLBACK = re.compile(r"_locked(?:_|$)")


TRYING_OPS = (Op.TRY, Op.TRY_ZERO, Op.DEC_AND_LOCK)


def held_where_true(op):
    """Whether a call of one of the TRYING_OPS holds its lock where it returned
    true (else where it returned 0)."""
    return op is not Op.TRY_ZERO


class Mode(StrEnum):
    EXCLUSIVE = "exclusive"
    SHARED = "shared"


class Kind(StrEnum):
    """Which acquisition it is, as lockdep tells them apart."""
    BLOCKING = "blocking"
    NESTED = "nested"           # a lockdep subclass: spin_lock_nested()
    NEST_LOCK = "nest_lock"     # held under the outer lock it names
    SEQCOUNT = "seqcount"       # nobody waits on it: no nesting or order findings
    READ_RECURSIVE = "read_recursive"   # a reader that may nest in readers: rwlock_t's
    CONTEXT = "context"         # sparse's __acquire(): it counts, it takes nothing, so
                                # one of a lock the path holds already changes nothing


def nests_in(lock, held):
    """Whether taking ``lock`` under ``held`` of its class is allowed nesting: an
    rwlock_t reader under a reader (a waiting writer does not stop readers)."""
    return lock.kind is Kind.READ_RECURSIVE and held.kind is Kind.READ_RECURSIVE \
        and held.mode is Mode.SHARED


ANNOTATED_KINDS = (Kind.NESTED, Kind.NEST_LOCK)


class Hold(StrEnum):
    """How long a lock stays held past the call that took it."""
    FUNCTION = "function"       # past the function's end, by design (vma_start_write)


class Requirement(NamedTuple):
    """A lock group (or class) that must be held; in exclusive mode, or in any
    mode when ``mode`` is None.  Written "group" or "group:mode"."""
    group: str
    mode: Mode | None = None

    def __str__(self):
        return self.group if self.mode is None else f"{self.group}:{self.mode}"


def requirement(text):
    """The Requirement "group" or "group:mode" names; ValueError for another mode."""
    group, colon, mode = text.partition(":")
    if not group or colon and mode not in tuple(Mode):
        raise ValueError(f"'{text}' is not \"group\" or \"group:mode\" with mode one of "
                         f"{', '.join(Mode)}")
    return Requirement(group, Mode(mode) if colon else None)
