"""LOCK007 must-hold."""

from analyzer.checks.finding import Finding
from analyzer.locks.identity import as_path, root_of
from analyzer.locks.vocabulary import Op

ID = "LOCK007"
NAME = "must-hold"
LEVEL = "warning"
SHORT = ("A function annotated __must_hold() is called without the lock it needs, or an "
         "assertion that the lock is held follows its release.")
DOC = """\
## What it does

Checks each call of a function in view whose declaration says
`__must_hold(x)`: the caller must hold `x` (the callee's parameters named
through the call's arguments) at the call.  It is a warning where the code in
view shows the lock missing (the path released it before the call), else a
note: the caller's own callers may hold it.

An assertion that a lock is held (`lockdep_assert_held()`) is the same
contract stated inside a body: one on a path that released the lock before it
is a warning (sparse: "__context__ statement expected different context").

## Why it matters

The annotation is the callee's contract: it touches what the lock guards, or
drops and retakes it. Called without it, the callee races with every other
holder, or unlocks a lock nobody took.

## Example

```c
static void table_grow(struct table *t) __must_hold(&t->lock);

void table_add(struct table *t)
{
        table_grow(t);          /* LOCK007: t->lock is not held */
}
```

## How to fix

Take the lock around the call, or call a variant that takes it itself.
"""


def check(image, rules):
    required = {}       # function -> (its parameters, [lock paths it must be called with])
    # prototypes in view first: a definition in view says it again, or more
    declared = [(prototype.name, prototype.parameters, prototype.annotations)
                for prototype in rules.prototypes.values()]
    for name, parameters, annotations in declared + [
            (facts.name, facts.parameters, facts.annotations) for facts in image.functions]:
        paths = [annotation.path
                 for annotation in annotations if annotation.kind == "must_hold"]
        paths = [path for path in paths if path not in rules.not_locks]
        if name and paths:
            required[name] = (parameters, paths)
    findings = []
    for facts in image.functions:
        for call in sorted(facts.calls, key=lambda call: (call.line, call.column)):
            parameters, paths = required.get(call.callee, ((), []))
            for path in paths:
                needed = at_call(path, parameters, call.arguments)
                if needed is None or held_as(needed, call.held):
                    continue
                shown = any(lock_class.endswith("." + field_of(needed))
                            or lock_class == needed for lock_class in call.released)
                findings.append(Finding(
                    ID, "warning" if shown else "note", facts.path, facts.name, call.line,
                    call.column, f"{call.callee}() must be called holding {needed} (its "
                    f"__must_hold({path})), and this path "
                    f"{'released it before the call' if shown else 'does not hold it'}.",
                    f"{call.callee}:{path}",
                    f"{call.callee}({', '.join(call.arguments)})"))
        findings += failed_assertions(facts, rules)
    return findings


def failed_assertions(facts, rules):
    """Assertions that a lock is held on paths that released it before them."""
    findings = []
    for call in sorted(facts.calls, key=lambda call: (call.line, call.column)):
        primitive = rules.primitives.get(call.callee)
        if primitive is None or primitive.op is not Op.ASSERT or not call.arguments \
                or "{0}" not in primitive.lock:
            continue
        # the very instance released: another name for it (vma->vm_mm for mm) may
        # be one the analysis lost the lock of, where the code did not
        needed = primitive.lock.replace("{0}", as_path(call.arguments[0].lstrip("&")))
        if held_as(needed, call.held) or needed not in call.unlocked:
            continue
        findings.append(Finding(
            ID, "warning", facts.path, facts.name, call.line, call.column,
            f"{call.callee}() asserts that {needed} is held, and this path released it "
            "before: the assertion fails.", f"{call.callee}:{needed}",
            f"{call.callee}({', '.join(call.arguments)})"))
    return findings


def at_call(path, parameters, arguments):
    """The callee's lock path as the caller names it; None when it cannot."""
    root = root_of(path)
    if root not in parameters:
        return path     # a global
    index = parameters.index(root)
    if index >= len(arguments):
        return None
    argument, rest = arguments[index], path[len(root):]
    if argument.startswith("&") and rest.startswith("->"):
        rest = "." + rest[2:]   # handed &x: the callee's w->lock is the caller's x.lock
    return as_path(argument.lstrip("&")) + rest


def field_of(path):
    return path.rsplit("->", 1)[-1].rsplit(".", 1)[-1]


def held_as(needed, held):
    """Whether a held lock is the one needed, or may be: one of the same field
    reached another way (through an alias the analysis does not follow)."""
    field = field_of(needed)
    return any(lock.instance == needed or lock.instance.endswith(("->" + field, "." + field))
               or lock.instance.startswith("<") for lock in held)
