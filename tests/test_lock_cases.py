"""One test per lock-analysis case: tests/cases/locks/NAME.c, its expected findings inside it.

A case is a small kernel-style C file (invented code, one construct per file);
what ``lockscan scan NAME.c --all-files --format json`` must report on it is
written in comments:

  spin_lock(&b->lock);  /* expect: LOCK003 error */
      a finding of that rule and level on the line where the marker starts;
      several on one line are separated by commas (LOCK001 note, LOCK002 note).
  /* expect: none */
      once, in the header of a file on which the tool must stay silent.

The findings of a case, as a set of (line, rule, level), must equal the
expected set exactly: nothing missing, nothing extra.  Every function of a
case must parse and be analyzed.  Adding a case is adding a file.

A case on which the engine is wrong today keeps the right expectation and is
listed in ENGINE_BUGS: it is an expected failure (strict, so the test turns
red the day the bug is fixed and the entry must go).
"""

import json
import re
from pathlib import Path

import pytest

from analyzer.cfront import parse_file
from analyzer.extract import Touched
from analyzer.locks import analyze_image
from analyzer.locks.rules import load_rules
from conftest import ROOT, case_params, run_lockscan

CASES = Path(__file__).parent / "cases" / "locks"
FILES = sorted(CASES.glob("*.c"))
MARKER = re.compile(r"/\*\s*expect:(.*?)\*/|//\s*expect:(.*)$", re.MULTILINE)
FINDING = re.compile(r"^(LOCK\d{3})\s+(note|warning|error)$")

# case file -> what the engine gets wrong on it (the case says what is right)
ENGINE_BUGS = {
}


def expectations(text):
    """The expected {(line, rule, level)} of a case, and whether it says none."""
    expected = set()
    none = False
    for match in MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        body = " ".join((match.group(1) or match.group(2)).split())
        if body == "none":
            none = True
            continue
        for item in body.split(","):
            finding = FINDING.match(item.strip())
            assert finding, f"line {line}: not 'LOCKnnn level': {item.strip()!r}"
            expected.add((line, finding.group(1), finding.group(2)))
    return expected, none


def scan_json(*arguments):
    status, out, err = run_lockscan("scan", *arguments, "--format", "json")
    assert status in (0, 1), err
    return json.loads(out)


@pytest.mark.parametrize("case", case_params(FILES, ENGINE_BUGS))
def test_lock_case(case):
    text = case.read_text()
    expected, none = expectations(text)
    assert expected or none, f"{case.name}: no expect: marker (say /* expect: none */)"
    assert not (expected and none), f"{case.name}: expect: none and findings"

    result = scan_json(case.relative_to(ROOT), "--all-files")
    assert result["unparsed"] == [], f"{case.name}: functions that did not parse"
    parsed = parse_file(str(case), text)
    whole = [Touched(str(case), "function", f.name, f.line, new=f) for f in parsed.functions]
    not_analyzed = [(f.name, f.reason) for f in analyze_image(whole, "new", load_rules())
                    if not f.analyzed]
    assert not_analyzed == [], f"{case.name}: functions not analyzed"

    findings = result["findings"]
    found = {(f["line"], f["rule"], f["level"]) for f in findings}
    shown = "\n".join(f"  {f['line']}:{f['column']}: {f['rule']} {f['level']}: {f['message']}"
                      for f in findings)
    assert sorted(found) == sorted(expected), \
        (f"{case.name}\n  missing: {sorted(expected - found)}\n"
         f"  extra:   {sorted(found - expected)}\nfindings:\n{shown}")


def test_every_listed_bug_has_a_case():
    assert set(ENGINE_BUGS) <= {path.name for path in FILES}


def test_cases_are_outside_the_rule_scope():
    """Without --all-files the mm rule set does not cover tests/: nothing is checked."""
    result = scan_json(CASES.relative_to(ROOT))
    assert result["findings"] == []
    assert result["metrics"]["files"] == len(FILES)


FLAGGED_WALK = """
static void walk_flag_{index}(struct vm_area_struct *vma)
{{
	struct anon_vma *anon_vma = vma->anon_vma;
	int locked = 0;

	if (anon_vma) {{
		spin_lock(&anon_vma->lock);
		locked = 1;
	}}
	vma_touch(vma);
	if (locked)
		spin_unlock(&anon_vma->lock);
}}
"""


def test_declarations_keep_their_names(tmp_path):
    """The same balanced function 300 times over: every copy is silent, in every run.

    A cache keyed by id(AST node) once gave a short-lived node (the name of a
    declaration with an initialiser) the text of another that had lived at the
    same address: 'int locked = 0;' read as 'anon_vma = 0', findings that
    changed from run to run.  One copy rarely shows it; 300 always did."""
    case = tmp_path / "flagged_walks.c"
    case.write_text("".join(FLAGGED_WALK.format(index=index) for index in range(300)))
    result = scan_json(case, "--all-files")
    assert result["unparsed"] == []
    assert [(f["function"], f["line"], f["rule"]) for f in result["findings"]] == []
