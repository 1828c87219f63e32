"""``lockscan check``: every patch through extract, locks and checks, differentially."""

from analyzer.checks import Image, differential, run_checks
from analyzer.extract import touched_in_patch
from analyzer.locks import analyze_image
from analyzer.locks.rules import learn_struct_types


class PatchReview:
    __slots__ = ("patch", "findings", "not_analyzed", "notes", "touched", "images")

    def __init__(self, patch, findings=None, not_analyzed=None, notes=None, touched=None,
                 images=None):
        self.patch = patch
        self.findings = [] if findings is None else findings
        # (path, line, function, reason)
        self.not_analyzed = [] if not_analyzed is None else not_analyzed
        self.notes = [] if notes is None else notes         # (path, line, reason) from extract
        self.touched = [] if touched is None else touched   # the Touched items analyzed
        self.images = {} if images is None else images      # path -> (pre, post lines), tree mode


def review_patch(patch, rules, tree=None, all_files=False):
    review = PatchReview(patch)
    touched = [item for item in touched_in_patch(patch, tree, review.notes, review.images)
               if all_files or rules.applies_to(item.path)]
    review.touched = touched
    # struct definitions the patch touches give pointer types, for this patch only
    rules = rules.with_own_types()
    for item in touched:
        if item.kind == "struct" and item.name:
            for fields in (item.old, item.new):
                learn_struct_types(rules, item.name, fields or [])
        for error in item.errors:
            review.not_analyzed.append((item.path, item.line, item.name, error))
    old = Image(analyze_image(touched, "old", rules))
    new = Image(analyze_image(touched, "new", rules), previous=old)
    for facts in old.functions + new.functions:
        if not facts.analyzed:
            review.not_analyzed.append((facts.path, None, facts.name, facts.reason))
    review.findings = differential(run_checks(old, rules), run_checks(new, rules))
    return review
