"""A finding, as every check makes it and every report reads it."""


LEVELS = ("note", "warning", "error")


class Finding:
    __slots__ = ("rule", "level", "path", "function", "line", "column", "message", "key", "code",
                 "related", "state", "rank")

    def __init__(self, rule, level, path, function, line, column, message, key, code,
                 related=None, state="new"):
        self.rule = rule            # LOCK003
        self.level = level          # note | warning | error
        self.path = path
        self.function = function
        self.line = line
        self.column = column
        self.message = message
        self.key = key              # what the finding is about: lock classes, or the field
        self.code = code            # the code it points at, as written (spaces collapsed)
        self.related = [] if related is None else related   # (line, column, text) in the same file
        self.state = state          # new | unchanged | absent (fixed by the patch)
        self.rank = None            # 0-100, how sure a learned finding is (SARIF's rank)

    @property
    def identity(self):
        """Line-independent identity: the same finding in the pre- and post-image match."""
        return "\0".join((self.rule, self.path or "", self.function or "?", self.key,
                          " ".join(self.code.split())))

    @property
    def fingerprint(self):
        """The identity as reports and baselines carry it."""
        import hashlib  # here: loading OpenSSL is a thirtieth of a check on one mail
        return hashlib.sha256(self.identity.encode()).hexdigest()[:32]


def at_least(level, threshold):
    """Whether ``level`` is at or above ``threshold`` (never: nothing is)."""
    if threshold == "never":
        return False
    return LEVELS.index(level) >= LEVELS.index(threshold)
