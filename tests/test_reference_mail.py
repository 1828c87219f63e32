"""The reference mail (../shared/seeds): what intake must find in it."""

import json

from analyzer.intake import read_inputs
from conftest import assert_subset, run_lockscan


def hunk(old_start, old_count, new_start, new_count, added, removed):
    return {"old_start": old_start, "old_count": old_count, "new_start": new_start,
            "new_count": new_count, "added": added, "removed": removed,
            "status": "ok", "reason": None}


EXPECTED = {
    "patches": [
        {"index": 0, "author": "KAMEZAWA Hiroyuki", "quote_depth": 3,
         "files": [
             {"path": "include/linux/mm_types.h", "hunks": [hunk(183, 6, 183, 7, 1, 0)]},
             {"path": "mm/mmap.c", "hunks": [hunk(584, 13, 584, 20, 8, 1),
                                             hunk(1939, 6, 1946, 7, 1, 0),
                                             hunk(2338, 6, 2346, 7, 1, 0)]},
             {"path": "kernel/fork.c", "hunks": [hunk(350, 6, 350, 7, 1, 0)]},
             {"path": "mm/rmap.c", "hunks": [dict(hunk(332, 11, 332, 14, 3, 0),
                                                  repaired=True)]}]},
        {"index": 1, "author": "Minchan Kim", "quote_depth": 1,
         "files": [
             {"path": "mm/mmap.c", "hunks": [hunk(578, 6, 578, 8, 2, 0),
                                             hunk(619, 7, 621, 8, 2, 1)]},
             {"path": "mm/rmap.c", "hunks": [dict(hunk(1359, 9, 1359, 22, 15, 2),
                                                  rejoined=True)]}]},
    ],
    "skipped": [],
}


def test_patches_json(reference_mail):
    status, out, err = run_lockscan("patches", reference_mail, "--format", "json")
    assert (status, err) == (0, "")
    found = json.loads(out)
    assert_subset(EXPECTED, found)
    kamezawa, minchan = found["patches"]
    assert sum(h["added"] for f in kamezawa["files"] for h in f["hunks"]) == 15
    assert sum(h["removed"] for f in kamezawa["files"] for h in f["hunks"]) == 1
    assert kamezawa["subject"].startswith("Re: [PATCH 04/14] mm,migration")
    assert kamezawa["mail_lines"][0] < kamezawa["mail_lines"][1] < minchan["mail_lines"][0]


def test_every_diff_line_points_at_its_input_line(reference_mail):
    """Each unidiff line's mail_line holds that line's text (after quote marks)."""
    raw = reference_mail.read_text().split("\n")
    intake = read_inputs([str(reference_mail)])
    checked = 0
    for patch in intake.patches:
        for file in patch.patchset:
            for hunk in file:
                for line in hunk:
                    source = raw[line.mail_line - 1].lstrip("> ")
                    assert source.endswith(line.value.rstrip("\n").strip()), (line.mail_line, source)
                    checked += 1
    # a hunk has old_count + added lines
    kamezawa = (6 + 1) + (13 + 8) + (6 + 1) + (6 + 1) + (6 + 1) + (11 + 3)
    minchan = (6 + 2) + (7 + 2) + (9 + 15)
    assert checked == kamezawa + minchan


def test_rejoined_hunk_skips_the_reply_text(reference_mail):
    intake = read_inputs([str(reference_mail)])
    rmap = intake.patches[1].patchset[1]
    assert rmap.path.endswith("mm/rmap.c")
    added = [line for line in rmap[0] if line.is_added]
    lock = next(line for line in added if "spin_lock(&tmp_anon_vma->lock)" in line.value)
    assert lock.target_line_no == 1367
    after = next(line for line in added if "address = vma_address(page, vma)" in line.value)
    assert after.mail_line - lock.mail_line > 5     # Mel Gorman's paragraph lies between


def test_touched_functions_in_mail_mode(reference_mail):
    """Issue 3: what each patch touches, every C fragment parsed, names from the code."""
    from analyzer.extract import touched_in_patch
    intake = read_inputs([str(reference_mail)])
    found = [[(t.path, t.kind, t.name, t.line, t.parsed) for t in touched_in_patch(patch)]
             for patch in intake.patches]
    assert found[0] == [
        ("include/linux/mm_types.h", "struct", "vm_area_struct", 183, True),
        ("mm/mmap.c", "function", None, 584, True),     # vma_adjust; "again:" is a label
        ("mm/mmap.c", "function", "__split_vma", 1946, True),
        ("mm/mmap.c", "function", "copy_vma", 2346, True),
        ("kernel/fork.c", "function", "dup_mmap", 350, True),
        ("mm/rmap.c", "function", "vma_address", 332, True),
    ]
    assert found[1] == [
        ("mm/mmap.c", "function", None, 578, True),     # one function, two hunks
        ("mm/rmap.c", "function", "rmap_walk_anon", 1359, True),
    ]
    struct = touched_in_patch(intake.patches[0])[0]
    assert ("spinlock_t", "adjust_lock", 186) in struct.new
    assert ("spinlock_t", "adjust_lock", 186) not in struct.old


def test_fragment_coordinates_are_post_image_lines(reference_mail):
    from pycparser import c_ast
    from analyzer.extract import touched_in_patch
    intake = read_inputs([str(reference_mail)])
    walk = [t for t in touched_in_patch(intake.patches[1]) if t.name == "rmap_walk_anon"][0]
    calls = []

    class Calls(c_ast.NodeVisitor):
        def visit_FuncCall(self, node):
            calls.append((node.name.name, node.coord.line))
            self.generic_visit(node)

    Calls().visit(walk.new.ast)
    assert ("spin_lock", 1359) in calls and ("spin_lock", 1367) in calls
    assert ("vma_address", 1370) in calls
    Calls().visit(walk.old.ast)
    assert ("vma_address", 1362) in calls      # the pre-image line of the removed call
