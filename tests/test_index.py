"""The tree index (analyzer/index): incremental, what its report and export say,
its bad input, and what it makes of parts of the real Linux 6.1 tree.

The cases of a patch against a tree written for them are in tests/cases/index
(test_index_cases.py); these are the properties a case file cannot pin.
"""

import difflib
import json
import shutil
import time
from pathlib import Path

import pytest

from analyzer.index.build import keyed_entry
from analyzer.index.stated import stated_orders
from analyzer.index.store import Store, entry_key
from analyzer.locks.rules import load_rules
from conftest import ROOT, run_lockscan
from kernel_source import kernel_source  # noqa: F401  (the fixture)

TREE = ROOT / "tests" / "cases" / "index" / "tree"


def index_json(tree, *options):
    status, out, err = run_lockscan("index", tree, "--format", "json", "--jobs", "1", *options)
    assert status == 0, err
    return json.loads(out)


def test_only_changed_files_are_indexed_again(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(TREE, tree)
    first = index_json(tree)
    assert first["indexed"] == first["files"] == 6
    assert index_json(tree)["indexed"] == 0
    shelf = tree / "fs" / "shelf.c"
    time.sleep(0.01)    # a new mtime even on a coarse clock
    shelf.write_text(shelf.read_text() + "\nint shelf_limit(struct shelf *s)\n{\n"
                     "\treturn s->limit;\n}\n")
    again = index_json(tree)
    assert again["indexed"] == 1
    assert again["functions"] == first["functions"] + 1
    # touched but not changed: hashed again, not indexed again
    shelf.touch()
    assert index_json(tree)["indexed"] == 0


def test_a_damaged_entry_is_said_then_indexed_again(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(TREE, tree)
    index_json(tree)
    kept = Path(Store().entry_path(entry_key("fs/dcache.c", (tree / "fs/dcache.c").read_bytes())))
    kept.write_bytes(kept.read_bytes()[:-3])
    # the merged knowledge is kept under the same keys: a changed file makes a new set
    (tree / "fs" / "libfs.c").write_text((tree / "fs" / "libfs.c").read_text() + "\n")
    damaged = index_json(tree)
    assert [reason for *_, reason in damaged["skipped"]] == [
        "not indexed: its kept entry is damaged (indexed again next run)"]
    again = index_json(tree)
    assert again["indexed"] == 1 and again["skipped"] == []


def test_report_counts_and_skipped_files(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(TREE, tree)
    (tree / "fs" / "broken.c").write_text("int broken(void)\n{\n\treturn (;\n}\n")
    report = index_json(tree)
    assert report["files"] == 7 and report["beliefs"] == 1 and report["stated_orders"] == 1
    # i_lock > d_lock, d_lock > alias_table_lock, and library.mutex > shelf.lock through
    # the call of shelf_count()
    assert report["edges"] == 3
    assert [entry[:3] for entry in report["skipped"]] == [["fs/broken.c", 1, "broken"]]


def test_exported_guards_load_back_as_rules(tmp_path):
    rules_dir = tmp_path / "learned"
    rules_dir.mkdir()
    index_json(TREE, "--export-guards", rules_dir / "learned.toml")
    rules = load_rules([str(rules_dir)])
    guard = rules.guarded["shelf.count"]
    assert [str(r) for r in guard.read] == [str(r) for r in guard.write] == ["shelf.lock"]
    assert rules.applies_to("fs/shelf.c")
    # with the exported rules, the read is the rule book's finding, not a learned one
    status, out, err = run_lockscan("check", TREE.parent / "shelf_reads_count_unlocked.patch",
                                    "--tree", TREE, "--rules", rules_dir, "--format", "json")
    found = [(f["rule"], "learned" in f["message"]) for f in json.loads(out)["findings"]]
    assert found == [("LOCK001", False)], err


@pytest.mark.parametrize("arguments, said", [
    (("index", "no/such/tree"), "no/such/tree: not a directory"),
    (("index", TREE, "--scope", "no/such.c"), "--scope no/such.c: not in"),
    (("index", TREE, "--scope", "../libfs_keeps_dcache_order.patch"), ": not in"),
    (("index", TREE, "--dask", "127.0.0.1"), "--dask 127.0.0.1: cannot reach the scheduler"),
])
def test_bad_input_is_one_line(arguments, said):
    status, out, err = run_lockscan(*arguments)
    assert status == 2 and out == ""
    assert err.startswith("lockscan: ") and said in err and err.count("\n") == 1, err


def test_the_comments_orders_are_read(kernel_source):  # noqa: F811
    def pairs(path):
        found = set()
        for _, chain in stated_orders((kernel_source / path).read_text()):
            found.update(zip(chain, chain[1:]))
        return found
    assert ("dentry->d_inode->i_lock", "dentry->d_lock") in pairs("fs/dcache.c")
    assert ("mm->mmap_lock", "mapping->invalidate_lock") in pairs("mm/rmap.c")
    assert ("mapping->i_mmap_rwsem", "anon_vma->rwsem") in pairs("mm/rmap.c")
    assert ("i_rwsem", "invalidate_lock") in pairs("mm/filemap.c")
    assert ("inode->i_sb->s_inode_list_lock", "inode->i_lock") in pairs("fs/inode.c")
    # a parenthesis going on to the next line is no lock of its own
    assert not any(inner in ("in", "within") for _, inner in pairs("mm/rmap.c"))


def inserted(tree, path, anchor, lines):
    """A patch that inserts ``lines`` after the first line of ``path`` holding
    ``anchor``: built from the tree's own text, which is not kept here."""
    old = (tree / path).read_text().splitlines(keepends=True)
    at = next(number for number, line in enumerate(old) if anchor in line) + 1
    new = old[:at] + [line + "\n" for line in lines] + old[at:]
    diff = "".join(difflib.unified_diff(old, new, f"a/{path}", f"b/{path}"))
    return (f"From: Test <test@example.org>\nSubject: [PATCH] {path}\n\n---\n"
            f"diff --git a/{path} b/{path}\n{diff}")


def check_tree(tmp_path, tree, patch, scope):
    """The findings of ``patch`` against ``tree``, with an index of ``scope`` only."""
    index_json(tree, "--scope", *scope)
    patch_file = tmp_path / "change.patch"
    patch_file.write_text(patch)
    status, out, err = run_lockscan("check", patch_file, "--tree", tree, "--format", "json")
    assert status in (0, 1), err
    return json.loads(out)["findings"]


LOCKS_IN_THE_WRONG_ORDER = ["\tspin_lock(&dentry->d_lock);", "\tspin_lock(&inode->i_lock);",
                            "\tspin_unlock(&inode->i_lock);", "\tspin_unlock(&dentry->d_lock);"]


def test_libfs_against_the_order_of_dcache_in_the_real_tree(kernel_source, tmp_path):  # noqa: F811
    scope = ["fs/dcache.c", "fs/libfs.c", "fs/inode.c"]
    anchor = "struct inode *inode = d_inode(dentry);"
    wrong = check_tree(tmp_path, kernel_source,
                       inserted(kernel_source, "fs/libfs.c", anchor, LOCKS_IN_THE_WRONG_ORDER),
                       scope)
    cycles = [f for f in wrong if f["rule"] == "LOCK004"]
    assert [(f["level"], f["state"], f["function"]) for f in cycles] == \
        [("error", "new", "simple_unlink")], wrong
    assert "the tree takes them the other way round" in cycles[0]["message"]
    assert " takes d_lock under i_lock at fs/dcache.c:" in cycles[0]["message"]
    right = [LOCKS_IN_THE_WRONG_ORDER[i] for i in (1, 0, 3, 2)]
    assert check_tree(tmp_path, kernel_source,
                      inserted(kernel_source, "fs/libfs.c", anchor, right), scope) == []


def test_dask_runs_the_same_per_file_work(tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not "
                                      "installed (pip install 'lockscan[dask]')")
    from analyzer.index.distributed import on_dask
    sources = [(str(path.relative_to(TREE)), path.read_bytes())
               for path in sorted(TREE.rglob("*.c"))]
    # a worker thread of this process, reached over TCP: lockscan index runs apart
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote = dict(on_dask(cluster.scheduler_address, keyed_entry, sources, ()))
        report = index_json(TREE, "--dask", cluster.scheduler_address)
    assert remote == {path: keyed_entry(path, data) for path, data in sources}
    assert report["files"] == len(sources)
