"""One test per review case: tests/cases/review/NAME.{patch,eml} and NAME.expected.json.

A case is a patch as people send it (a git format-patch mail, a quilt diff, a
reply quoting the patch) touching mm code; the expected file lists what
``lockscan check NAME --format json`` must report, in mail mode (no tree), as
{rule, level, line, state}: line in the post-image for new and unchanged
findings, in the pre-image for absent ones.  The findings are compared as a
multiset, exactly: nothing missing, nothing extra.  ``[]`` is a patch on which
the tool must stay silent.  Every hunk of a case must be read and its
functions parsed, so that a silent case is silent for the right reason.

A case on which the engine is wrong today keeps the right expectation and is
listed in ENGINE_BUGS (a strict expected failure: it turns red when fixed).
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, case_params, run_lockscan

CASES = Path(__file__).parent / "cases" / "review"
SUFFIX = ".expected.json"
INPUTS = sorted(path for path in CASES.iterdir()
                if path.is_file() and not path.name.endswith(SUFFIX))

# case file -> what the engine gets wrong on it (the expectation says what is right)
ENGINE_BUGS = {
}


def expected_of(case):
    return case.with_name(case.name.rsplit(".", 1)[0] + SUFFIX)


def key(finding):
    return (finding["rule"], finding["level"], finding["line"], finding["state"])


@pytest.mark.parametrize("case", case_params(INPUTS, ENGINE_BUGS))
def test_review_case(case):
    expected_file = expected_of(case)
    assert expected_file.exists(), f"{case.name} has no {expected_file.name}"
    expected = json.loads(expected_file.read_text())
    relative = case.relative_to(ROOT)

    status, out, err = run_lockscan("patches", relative, "--format", "json")
    assert status == 0, err
    hunks = [hunk for patch in json.loads(out)["patches"] for file in patch["files"]
             for hunk in file["hunks"] if file["path"].endswith(".c")]
    assert hunks, f"{case.name}: no C hunk read"
    assert all(hunk["status"] == "ok" and hunk["parsed"] for hunk in hunks), \
        f"{case.name}: a hunk skipped or not parsed: {hunks}"

    status, out, err = run_lockscan("check", relative, "--format", "json")
    assert status in (0, 1), err
    found = json.loads(out)
    shown = "\n".join(f"  {f['line']}: {f['rule']} {f['level']} {f['state']}: {f['message']}"
                      for f in found)
    missing = Counter(map(key, expected)) - Counter(map(key, found))
    extra = Counter(map(key, found)) - Counter(map(key, expected))
    assert not missing and not extra, \
        (f"{case.name}\n  missing: {sorted(missing.elements())}\n"
         f"  extra:   {sorted(extra.elements())}\nfindings:\n{shown}")


def test_every_expectation_has_an_input():
    names = {path.name.rsplit(".", 1)[0] for path in INPUTS}
    for expected in CASES.glob("*" + SUFFIX):
        assert expected.name[:-len(SUFFIX)] in names, f"{expected.name} has no input"


def test_every_listed_bug_has_a_case():
    assert set(ENGINE_BUGS) <= {path.name for path in INPUTS}
