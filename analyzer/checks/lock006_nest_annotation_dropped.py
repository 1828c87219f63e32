"""LOCK006 nest-annotation-dropped."""

from analyzer.checks.finding import Finding
from analyzer.locks.facts import Origin
from analyzer.locks.vocabulary import ANNOTATED_KINDS, Kind

ID = "LOCK006"
NAME = "nest-annotation-dropped"
LEVEL = "warning"
SHORT = "The patch replaces an annotated nested acquisition with a plain one of the same lock."
DOC = """\
## What it does

Compares the pre-image and the post-image of each function: an acquisition
annotated for nesting (`*_nested`, `*_nest_lock`) in the pre-image whose lock
the post-image takes with a plain call.

## Why it matters

The annotation is how lockdep knows the nesting is intended and ordered;
without it the same code is reported as recursive locking, or worse, the
ordering argument the annotation stood for was lost with it.

## Example

```c
-       down_write_nest_lock(&anon_vma->root->rwsem, &mm->mmap_lock);
+       down_write(&anon_vma->root->rwsem);
```

## How to fix

Keep the annotation, or explain in the changelog why the nesting is gone.
"""


def check(image, rules):
    if image.previous is None:
        return []
    annotated = {}
    for facts in image.previous.functions:
        for acquire in facts.acquires:
            if acquire.lock.kind in ANNOTATED_KINDS:
                annotated[(facts.name, acquire.lock.key)] = acquire.lock
    findings = []
    for facts in image.functions:
        kinds = {}
        for acquire in facts.acquires:
            kinds.setdefault(acquire.lock.key, set()).add(acquire.lock.kind)
        for acquire in facts.acquires:
            lock = acquire.lock
            before = annotated.get((facts.name, lock.key))
            if before is None or lock.kind is not Kind.BLOCKING or lock.origin is not Origin.CALL \
                    or kinds[lock.key] & set(ANNOTATED_KINDS):
                continue
            findings.append(Finding(ID, "warning", facts.path, facts.name, lock.line,
                                    lock.column, f"{lock.call} takes {lock.shown} without the "
                                    f"nesting annotation the code had before ({before.call}).",
                                    lock.lock_class or lock.shown, lock.call))
    return findings
