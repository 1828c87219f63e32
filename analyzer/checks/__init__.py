"""Stage 5: the rules, one module each, over the facts of the lock analysis.

Each module has ID, NAME, LEVEL (its default), SHORT, DOC (what it finds, why
it matters, an example, how to fix) and check(image, rules) -> [Finding].
Checks read facts only; they never walk an AST.
"""

from collections import Counter
from typing import NamedTuple

from analyzer.checks import (lock001_unguarded_read, lock002_unguarded_write,
                             lock003_nested_same_class, lock004_lock_order, lock005_imbalance,
                             lock006_nest_annotation_dropped, lock007_must_hold)

CHECKS = (lock001_unguarded_read, lock002_unguarded_write, lock003_nested_same_class,
          lock004_lock_order, lock005_imbalance, lock006_nest_annotation_dropped,
          lock007_must_hold)


class Image(NamedTuple):
    """The facts of every function of one side of a patch (or of scanned files)."""
    functions: list
    previous: "Image | None" = None     # the pre-image, when this is a post-image


def run_checks(image, rules):
    findings = {}
    for module in CHECKS:
        for finding in module.check(image, rules):
            # one finding per place: paths that differ elsewhere report it once
            findings.setdefault((finding.rule, finding.path, finding.line, finding.column,
                                 finding.key), finding)
    return sorted(findings.values(), key=lambda f: (f.path or "", f.line, f.column, f.rule))


def differential(before, after):
    """Post-image findings marked new or unchanged, and pre-image ones the patch removed."""
    # counted, not as sets: a patch that adds a second copy of a kept finding
    # adds a finding
    old = Counter(finding.identity for finding in before)
    for finding in after:
        finding.state = "unchanged" if old[finding.identity] > 0 else "new"
        old[finding.identity] -= 1
    new = Counter(finding.identity for finding in after)
    absent = []
    for finding in before:
        if new[finding.identity] > 0:
            new[finding.identity] -= 1
        else:
            finding.state = "absent"
            absent.append(finding)
    return after + absent
