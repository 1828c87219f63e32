"""One test per case of tests/cases/intake (reading patches out of mail) and
tests/cases/extract (the functions they touch): NAME.* with NAME.expected.json beside it.

The expected file holds the part of ``lockscan patches --format json`` the case
is about; lists are compared in full (length included), objects by the keys
written.  ``reason_contains`` checks part of a reason.  Adding a case is
adding two files.
"""

import json
from pathlib import Path

import pytest

from analyzer.intake import read_inputs
from analyzer.report.patches import patches_json
from conftest import assert_subset

CASES = [Path(__file__).parent / "cases" / name for name in ("intake", "extract")]
INPUTS = sorted(path for folder in CASES for path in folder.iterdir()
                if path.is_file() and not path.name.endswith(".expected.json"))


@pytest.mark.parametrize("case", INPUTS, ids=[f"{p.parent.name}/{p.name}" for p in INPUTS])
def test_patches_case(case):
    expected_file = case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json")
    assert expected_file.exists(), f"{case.name} has no {expected_file.name}"
    expected = json.loads(expected_file.read_text())
    actual = patches_json(read_inputs([str(case)]))
    assert_subset(expected, actual)


def test_every_expectation_has_an_input():
    names = {path.with_name(path.name.rsplit(".", 1)[0]) for path in INPUTS}
    for folder in CASES:
        for expected in folder.glob("*.expected.json"):
            assert expected.with_name(expected.name[:-len(".expected.json")]) in names, \
                f"{expected.name} has no input"
