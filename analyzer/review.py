"""``lockscan check``: every patch through extract, locks and checks, differentially."""

import gc
import itertools

from analyzer.checks import Image, differential, run_checks
from analyzer.extract import C_SUFFIXES, READ_FROM_MAIL, touched_in_patch
from analyzer.extract.tree import Revision, committed_base, directory_of, tree_of
from analyzer.locks import analyze_image
from analyzer.locks.rules import learn_struct_types
from analyzer.workers import in_workers

# Patches: below this, forking workers costs more than sharing the patches saves.
WORKERS_FROM = 16
# Patches per worker in a batch: enough that forking is paid for, few enough that
# a batch's patches and reviews stay small.
BATCH = 64


class PatchReview:
    """What the report needs of one patch's review: no syntax tree, so that a
    worker can send it back whole."""
    __slots__ = ("patch", "findings", "not_analyzed", "notes", "functions", "functions_parsed",
                 "images")

    def __init__(self, patch):
        self.patch = patch
        self.findings = []
        self.not_analyzed = []      # (path, line, function, reason)
        self.notes = []             # (path, line, reason): extract's, files not fully checked
        self.functions = 0          # functions touched in the files analyzed
        self.functions_parsed = 0
        self.images = {}            # path -> (pre, post lines), tree mode


def review_patches(patches, rules, tree, all_files, jobs, trace=None):
    """review_patch of every patch of the iterable ``patches`` (its ``patch`` set),
    in their order, each as soon as it and those before it are done.

    The patches are taken a batch at a time, and a batch with enough patches to
    pay for forking is shared among ``jobs`` workers: what is kept is one batch,
    whatever the number of patches.  ``tree`` may be a Series, which lives across
    the batches: each patch is checked against the tree as the patches before it
    left it.
    """
    patches = iter(patches)
    # what is alive now (the rules) lives to the end: the collections below skip it
    gc.freeze()
    while batch := list(itertools.islice(patches, BATCH * jobs)):
        trees = [tree_of(tree, patch) for patch in batch]

        def review(index):
            result = review_patch(batch[index], rules, trees[index], all_files, trace)
            result.patch = None     # the parent has it: only the review travels back
            return result

        done = [None] * len(batch)
        next_index = 0
        for index, result in in_workers(review, range(len(batch)),
                                        jobs if len(batch) >= WORKERS_FROM else 1):
            result.patch = batch[index]
            done[index] = result
            while next_index < len(batch) and done[next_index] is not None:
                yield done[next_index]
                done[next_index] = None
                next_index += 1
        if len(batch) == BATCH * jobs:
            # a stream goes on: free the batch's syntax trees and flow graphs (cycles,
            # and the collector is off) before the next
            gc.collect()


def once_each(reviews):
    """The reviews of a series with each finding at the patch that introduced it only:
    a later patch that keeps it (the tree it applies to already has it) does not
    report it again.  A fix is reported once too, at the patch that makes it."""
    reported = set()
    for review in reviews:
        findings = []
        for finding in review.findings:
            key = (finding.fingerprint, finding.state == "absent")
            if key not in reported:
                reported.add(key)
                findings.append(finding)
        review.findings = findings
        yield review


def review_patch(patch, rules, tree=None, all_files=False, trace=None):
    """The findings of one patch; ``trace`` names a function whose lock states are printed.
    A patch that neither applies to the tree nor is undone from it, in a git
    checkout that holds it as a commit (b4's per-patch checks), is checked
    against that commit's parent."""
    review = checked_patch(patch, rules, tree, all_files, trace)
    if tree is not None and not isinstance(tree, Revision) and any(
            reason.endswith(READ_FROM_MAIL) for _, _, reason in review.notes):
        base = committed_base(patch, directory_of(tree))
        if base is not None:
            review = checked_patch(patch, rules, base, all_files, trace)
            path = next((file.path for file in patch.files if file.path), None)
            review.notes.append((path, None, f"the tree holds this patch as commit "
                                 f"{base.commit[:-1][:12]}: checked against its parent"))
    return review


def checked_patch(patch, rules, tree, all_files, trace):
    review = PatchReview(patch)
    structs = []    # (name, fields, typedefs) of the structs in view the patch does not touch
    prototypes = {}     # name -> cfront.Prototype of the functions declared with annotations
    touched = [item for item in touched_in_patch(patch, tree, review.notes, review.images,
                                                 structs, prototypes)
               if all_files or rules.applies_to(item.path)]
    # what a file is not checked for is said: not C at all, or no subsystem's rules
    for file in patch.files:
        if file.path and not file.path.endswith(C_SUFFIXES):
            review.notes.append((file.path, None, f"{file.path}: not C, not checked"))
        elif file.path and not (all_files or rules.subsystem_applies_to(file.path)):
            review.notes.append((file.path, None, f"{file.path}: {rules.BASE_RULES_ONLY} it"))
    functions = [item for item in touched if item.kind == "function"]
    review.functions = len(functions)
    review.functions_parsed = sum(1 for item in functions if item.parsed)
    # struct definitions in view give member types, for this patch only: those it
    # touches, then the others (in tree mode the file's and its headers')
    rules = rules.with_own_types()
    for item in touched:
        if item.kind == "struct" and item.name:
            for fields in (item.old, item.new):
                learn_struct_types(rules, item.name, fields or [])
        for error in item.errors:
            review.not_analyzed.append((item.path, item.line, item.name, error))
    for name, _, typedefs in structs:     # the typedefs first: members may use them
        learn_struct_types(rules, name, [], typedefs)
    for name, fields, _ in structs:
        learn_struct_types(rules, name, fields)
    rules.prototypes.update(prototypes)
    old = Image(analyze_image(touched, "old", rules, trace))
    new = Image(analyze_image(touched, "new", rules, trace), previous=old)
    lines = {(item.path, item.name): item.line for item in functions}
    for facts in old.functions + new.functions:
        if not facts.analyzed:
            review.not_analyzed.append((facts.path, lines.get((facts.path, facts.name)),
                                        facts.name, facts.reason))
    review.findings = differential(run_checks(old, rules), run_checks(new, rules))
    return review


def with_tree_index(rules, tree, rule_dirs, jobs, paths):
    """``rules`` with what the tree's index knows (analyzer.index), kept in the
    cache and brought up to date with the files changed since; ``paths``, the
    patches' files, are covered by it (build.index_tree)."""
    from analyzer.index.build import index_tree
    from analyzer.index.use import with_tree_knowledge
    knowledge, _ = index_tree(directory_of(tree), rule_dirs, jobs=jobs, covering=paths)
    return with_tree_knowledge(rules, knowledge)
