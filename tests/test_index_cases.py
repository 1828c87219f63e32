"""One test per index case: tests/cases/index/NAME.patch and NAME.expected.json.

A case is a patch checked in tree mode against tests/cases/index/tree/, a tree
written for these cases, whose index (built on first use, as ``check --tree``
builds it) knows what the patch alone does not: the order the tree takes and
its comments state locks in, the summaries of functions other files define,
the fields its code accesses under one lock.  The expected file is written as
for tests/cases/review (tests/cases/README.md); ``[]`` pins silence.
"""

from pathlib import Path

import pytest

from conftest import ROOT, case_params, run_lockscan
from test_review_cases import REQUIRED, assert_findings, expected_of, known_to_fail, read_expected

CASES = Path(__file__).parent / "cases" / "index"
TREE = CASES / "tree"
INPUTS = sorted(CASES.glob("*.patch"))


@pytest.mark.parametrize("case", case_params(INPUTS, known_to_fail))
def test_index_case(case):
    expected, _ = read_expected(case)
    for item in expected:
        assert REQUIRED <= set(item), f"{expected_of(case).name}: {item} lacks a key"
    status, out, err = run_lockscan("check", case.relative_to(ROOT), "--tree",
                                    TREE.relative_to(ROOT), "--format", "json")
    assert_findings(case, expected, status, out, err)
