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
