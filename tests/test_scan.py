"""``lockscan scan --jobs N``: worker processes change nothing but the time taken."""

import json

from conftest import ROOT, run_lockscan

CASES = ROOT / "tests" / "cases" / "locks"


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


def test_a_file_a_worker_cannot_read_is_one_line_on_stderr(tmp_path):
    for name in ("a.c", "c.c"):
        (tmp_path / name).write_text((CASES / "acquiring_wrapper.c").read_text())
    (tmp_path / "b.c").symlink_to(tmp_path / "missing.c")
    status, out, err = run_lockscan("scan", tmp_path, "--all-files", "--jobs", "2")
    assert status == 2 and out == ""
    assert err == f"lockscan: cannot read {tmp_path / 'b.c'}: No such file or directory\n"


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
