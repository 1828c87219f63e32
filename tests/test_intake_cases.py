"""One test per intake case: tests/cases/intake/NAME.* with NAME.expected.json beside it.

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

CASES = Path(__file__).parent / "cases" / "intake"
INPUTS = sorted(path for path in CASES.iterdir()
                if path.is_file() and not path.name.endswith(".expected.json"))


@pytest.mark.parametrize("case", INPUTS, ids=[path.name for path in INPUTS])
def test_intake_case(case):
    expected_file = case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json")
    assert expected_file.exists(), f"{case.name} has no {expected_file.name}"
    expected = json.loads(expected_file.read_text())
    actual = patches_json(read_inputs([str(case)]))
    assert_subset(expected, actual)


def test_every_expectation_has_an_input():
    names = {path.name.rsplit(".", 1)[0] for path in INPUTS}
    for expected in CASES.glob("*.expected.json"):
        assert expected.name[:-len(".expected.json")] in names, f"{expected.name} has no input"
