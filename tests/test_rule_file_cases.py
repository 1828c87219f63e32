"""Rule files that must be refused: each case under tests/cases/rules/ is a rule
file with the one-line error it gets written in it ("# expect-error: ...")."""

import shutil
from pathlib import Path

import pytest

from conftest import run_lockscan

CASES = sorted((Path(__file__).parent / "cases" / "rules").glob("*.toml"))
EXPECT = "# expect-error: "


def expected_error(path):
    found = [line[len(EXPECT):].strip() for line in path.read_text().splitlines()
             if line.startswith(EXPECT)]
    assert len(found) == 1, f"{path.name}: one '{EXPECT.strip()}' line, please"
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_a_wrong_rule_file_is_refused_in_one_line(case, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    copied = rules / case.name
    shutil.copy(case, copied)
    status, out, err = run_lockscan("scan", tmp_path, "--rules", rules)
    assert (status, out) == (2, "")
    assert err == f"lockscan: {copied}: {expected_error(case)}\n"
