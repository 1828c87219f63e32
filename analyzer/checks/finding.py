"""A finding, as every check makes it and every report reads it."""

import hashlib
from dataclasses import dataclass, field

LEVELS = ("note", "warning", "error")


@dataclass
class Finding:
    rule: str               # LOCK003
    level: str              # note | warning | error
    path: str
    function: str | None
    line: int
    column: int
    message: str
    key: str                # what the finding is about: lock classes, or the field
    code: str               # the code it points at, as written (spaces collapsed)
    related: list = field(default_factory=list)     # (line, column, text) in the same file
    state: str = "new"      # new | unchanged | absent (fixed by the patch)

    @property
    def fingerprint(self):
        """Line-independent identity: the same finding in the pre- and post-image match."""
        text = "\0".join((self.rule, self.path or "", self.function or "?", self.key,
                          " ".join(self.code.split())))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def at_least(level, threshold):
    """Whether ``level`` is at or above ``threshold`` (never: nothing is)."""
    if threshold == "never":
        return False
    return LEVELS.index(level) >= LEVELS.index(threshold)
