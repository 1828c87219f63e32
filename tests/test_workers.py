"""``--jobs N`` (scan: files, check: patches): worker processes change nothing but
the time taken; trouble in one file or function never ends the run."""

import json
import os
import pty
import subprocess
import sys

from conftest import ROOT, run_lockscan

CASES = ROOT / "tests" / "cases" / "locks"
REVIEW_CASES = ROOT / "tests" / "cases" / "review"


def test_workers_give_the_output_of_one_process():
    status, one, err = run_lockscan("scan", CASES, "--all-files", "--jobs", "1",
                                    "--format", "json")
    assert status == 1, err
    findings = json.loads(one)["findings"]
    assert len({finding["path"] for finding in findings}) > 20     # many files, in order
    for jobs in ("2", "3"):
        status, many, err = run_lockscan("scan", CASES, "--all-files", "--jobs", jobs,
                                         "--format", "json")
        assert (status, many, err) == (1, one, "")


def test_patches_shared_among_workers_give_the_output_of_one_process():
    inputs = sorted(path for path in REVIEW_CASES.iterdir()
                    if path.is_file() and path.suffix != ".json")
    assert len(inputs) >= 16        # enough patches for check to fork workers
    outputs = {}
    for jobs in ("1", "2", "3"):
        for form in ("text", "sarif"):
            status, out, err = run_lockscan("check", *inputs, "--all-files", "--jobs", jobs,
                                            "--format", form)
            assert status == 1 and err == "", err
            outputs.setdefault(form, set()).add(out)
    assert len(outputs["text"]) == len(outputs["sarif"]) == 1
    assert "new" in outputs["text"].pop()


def test_a_file_that_is_no_regular_file_is_a_note_and_the_others_are_scanned(tmp_path):
    for name in ("a.c", "d.c"):
        (tmp_path / name).write_text((CASES / "acquiring_wrapper.c").read_text())
    (tmp_path / "b.c").symlink_to(tmp_path / "missing.c")
    os.mkfifo(tmp_path / "c.c")     # read, it would block the scan for ever
    status, out, err = run_lockscan("scan", tmp_path, "--all-files", "--jobs", "2")
    assert status == 1 and err == ""      # the findings of a.c and d.c
    assert f"{tmp_path / 'b.c'}: note: skipped, a dangling symbolic link\n" in out
    assert f"{tmp_path / 'c.c'}: note: skipped, a FIFO, not a regular file\n" in out
    assert "total: 2 files," in out


def test_code_nested_too_deeply_is_said_not_a_traceback(tmp_path):
    """Recursion in the parser or the analysis costs that function, never the run."""
    blocks = 450
    statements = ("int f(struct foo *p, int x)\n{\n\tspin_lock(&p->lock);\n"
                  + "\tif (x) {\n" * blocks + "\tx++;\n" + "\t}\n" * blocks
                  + "\tspin_unlock(&p->lock);\n\treturn x;\n}\n")
    expression = ("int g(struct foo *p, int x)\n{\n\tspin_lock(&p->lock);\n\tx = "
                  + " + ".join(["x"] * 3000) + ";\n\tspin_unlock(&p->lock);\n\treturn x;\n}\n")
    (tmp_path / "statements.c").write_text(statements)
    (tmp_path / "expression.c").write_text(expression)
    status, out, err = run_lockscan("scan", tmp_path, "--all-files", "--jobs", "1")
    assert (status, err) == (0, ""), err
    assert f"{tmp_path / 'statements.c'}:1: note: f() not parsed: nested too deeply to parse" in out
    assert f"{tmp_path / 'expression.c'}:1: note: g() not analyzed: expression nested too " \
           f"deeply" in out


def test_a_counter_on_a_terminal_and_nothing_elsewhere():
    master, slave = pty.openpty()
    process = subprocess.run([sys.executable, "-m", "analyzer", "scan", str(CASES), "--all-files",
                              "--jobs", "2"], stdout=subprocess.PIPE, stderr=slave, cwd=ROOT)
    os.close(slave)
    shown = os.read(master, 1 << 16).decode()
    os.close(master)
    files = len(list(CASES.glob("*.c")))
    assert process.returncode == 1
    assert f"\rlockscan: 1/{files} files" in shown and f"\rlockscan: {files}/{files} files" in shown
    assert shown.endswith("\r\033[K")       # the counter is wiped before the report


def series_mbox(path, count):
    """An mbox of ``count`` format-patch mails, each nesting a second anon_vma lock
    in a function of its own (so each patch has its finding)."""
    mail = (ROOT / "tests" / "cases" / "commands" / "cover_letter_and_patch.mbox").read_text()
    patch = mail[mail.index("From 1111"):]
    nested = patch.replace("+\tanon_vma->last_walk = jiffies;",
                           "+\tspin_lock(&other->lock);").replace(
        "@@ -40,6 +40,7 @@ static void count_walk(struct anon_vma *anon_vma)",
        "@@ -40,6 +40,7 @@ static void count_walk(struct anon_vma *anon_vma, "
        "struct anon_vma *other)")
    path.write_text("".join(nested.replace("count_walk", f"count_walk_{n}") for n in range(count)))
    return path


def test_a_series_is_reported_patch_by_patch_as_it_is_read(tmp_path):
    """The first patches' report is out while the later ones are still being checked,
    and workers give it in order, batch after batch, as one process does."""
    mbox = series_mbox(tmp_path / "series.mbox", 1500)
    process = subprocess.Popen([sys.executable, "-m", "analyzer", "check", str(mbox),
                                "--jobs", "1"], stdout=subprocess.PIPE, cwd=ROOT)
    first = process.stdout.readline()
    assert first.startswith(b"patch 1: Evan Writer: ") and process.poll() is None
    one = first + process.stdout.read()
    assert process.wait() == 1
    assert one.count(b"[LOCK003] (introduced by the patch)") == 1500
    assert one.endswith(b"total: 1500 new (1500 error), 0 kept, 0 fixed\n")
    status, two, err = run_lockscan("check", mbox, "--jobs", "2")
    assert (status, two, err) == (1, one.decode(), "")
