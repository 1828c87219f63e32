"""One test per review case: tests/cases/review/NAME.{patch,eml} and NAME.expected.json.

A case is a patch as people send it (a git format-patch mail, a quilt diff, a
reply quoting the patch) touching mm code; the expected file lists what
``lockscan check NAME --format json`` must report, in mail mode (no tree).
The syntax is in tests/cases/README.md.  In short, each expected finding is

  {"rule": "LOCK003", "level": "error", "line": 1418, "state": "new",
   "message_contains": ["second lock of class anon_vma.lock", "CPU0 holds ..."],
   "related": [{"line": 1407}]}

line in the post-image for new and unchanged findings, in the pre-image for
absent ones; message_contains one part of the message or a list of parts, each
a plain substring (no pattern); related the finding's notes, all of them, in
order, each by its line (and "text_contains" where its text says more than the
code on that line).  Every other key written must equal the finding's.  Each
expected finding, in the order written, is paired with the first finding not
yet paired that it describes; one left without, or a finding left over, fails
the case.  ``[]`` is a patch on which the tool must stay silent.  Every hunk of
a case must be read and its functions parsed, so that a silent case is silent
for the right reason.

A case on which the engine is wrong today keeps the right expectation and says
so in its expected file, written as an object:

  {"check-known-to-fail": "what the engine gets wrong", "findings": [...]}

It is a strict expected failure of its findings: it turns red when fixed.

A case with a directory NAME.tree/ beside it is checked in tree mode, against
that directory (``--tree NAME.tree``): the files the patch applies to, as the
tree holds them before the patch, and the headers they include.
"""

import json
from pathlib import Path

import pytest

from conftest import ROOT, FindingsDiffer, case_params, pair_findings, run_lockscan, why_not

CASES = Path(__file__).parent / "cases" / "review"
SUFFIX = ".expected.json"
INPUTS = sorted(path for path in CASES.iterdir()
                if path.is_file() and not path.name.endswith(SUFFIX))
KNOWN_TO_FAIL = "check-known-to-fail"
REQUIRED = {"rule", "level", "line", "state", "message_contains", "related"}


def expected_of(case):
    return case.with_name(case.name.rsplit(".", 1)[0] + SUFFIX)


def read_expected(case):
    """The expected findings of a case, and the reason it is known to fail (or None)."""
    expected_file = expected_of(case)
    assert expected_file.exists(), f"{case.name} has no {expected_file.name}"
    data = json.loads(expected_file.read_text())
    if isinstance(data, list):
        return data, None
    assert isinstance(data, dict) and set(data) == {KNOWN_TO_FAIL, "findings"}, (
        f"{expected_file.name}: a list of findings, "
        f"or {{{KNOWN_TO_FAIL!r}: REASON, 'findings': [...]}}")
    assert isinstance(data[KNOWN_TO_FAIL], str) and data[KNOWN_TO_FAIL].strip(), \
        f"{expected_file.name}: {KNOWN_TO_FAIL} needs its reason"
    return data["findings"], data[KNOWN_TO_FAIL]


def tree_options(case):
    """``--tree NAME.tree`` when the case has a tree beside it, else nothing (mail mode)."""
    tree = case.with_name(case.name.rsplit(".", 1)[0] + ".tree")
    return ("--tree", tree.relative_to(ROOT)) if tree.is_dir() else ()


def known_to_fail(case):
    return read_expected(case)[1] if expected_of(case).exists() else None


def shown(finding):
    notes = "".join(f" note@{note['line']} {{{{{note['text']}}}}}" for note in finding["related"])
    return (f"  {finding['line']}: {finding['rule']} {finding['level']} {finding['state']}: "
            f"{finding['message']}{notes}")


@pytest.mark.parametrize("case", case_params(INPUTS, known_to_fail))
def test_review_case(case):
    expected, _ = read_expected(case)
    for item in expected:
        assert REQUIRED <= set(item), \
            f"{expected_of(case).name}: {item} lacks one of {', '.join(sorted(REQUIRED))}"
    relative = case.relative_to(ROOT)

    status, out, err = run_lockscan("patches", relative, *tree_options(case), "--format", "json")
    assert status == 0, err
    hunks = [hunk for patch in json.loads(out)["patches"] for file in patch["files"]
             for hunk in file["hunks"] if file["path"].endswith(".c")]
    assert hunks, f"{case.name}: no C hunk read"
    assert all(hunk["status"] == "ok" and hunk["parsed"] for hunk in hunks), \
        f"{case.name}: a hunk skipped or not parsed: {hunks}"

    status, out, err = run_lockscan("check", relative, *tree_options(case), "--format", "json")
    assert_findings(case, expected, status, out, err)


def assert_findings(case, expected, status, out, err):
    """That ``lockscan check --format json`` ran (``status``, ``out``, ``err``) and
    reported exactly the ``expected`` findings of ``case``."""
    assert status in (0, 1), err
    found = json.loads(out)["findings"]
    missing, extra = pair_findings(expected, found)
    if missing or extra:
        raise FindingsDiffer("\n".join(
            [case.name, "missing:"]
            + [f"  {json.dumps(item)}\n{why_not(item, found)}" for item in missing]
            + ["extra:"] + [shown(finding) for finding in extra]
            + ["findings:"] + [shown(finding) for finding in found]))


def test_every_expectation_has_an_input():
    names = {path.name.rsplit(".", 1)[0] for path in INPUTS}
    for expected in CASES.glob("*" + SUFFIX):
        assert expected.name[:-len(SUFFIX)] in names, f"{expected.name} has no input"


def test_a_known_to_fail_mark_is_read(tmp_path):
    case = tmp_path / "gap.patch"
    case.write_text("")
    expected_of(case).write_text(json.dumps({KNOWN_TO_FAIL: "the gap", "findings": []}))
    assert read_expected(case) == ([], "the gap")
    assert case_params([case], known_to_fail)[0].marks[0].kwargs["strict"] is True
    expected_of(case).write_text(json.dumps({KNOWN_TO_FAIL: " ", "findings": []}))
    with pytest.raises(AssertionError):
        read_expected(case)
    expected_of(case).write_text(json.dumps({"findings": []}))
    with pytest.raises(AssertionError):
        read_expected(case)
