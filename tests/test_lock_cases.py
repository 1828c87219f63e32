"""One test per lock-analysis case: tests/cases/locks/NAME.c, its expected findings inside it.

A case is a small kernel-style C file (invented code, one construct per file);
what ``lockscan scan NAME.c --all-files --format json`` must report on it is
written in comments, in the style of clang's ``expected-warning{{...}}``:

  spin_lock_bh(&from->lock);	/* expect: LOCK003 error {{second lock of class stat_block.lock}}
				   {{CPU0 holds into->lock and wants from->lock}} note@71 */
  /* expect: none */
  /* rules: NAME.toml */
  /* check-known-to-fail: REASON */

The syntax is described in tests/cases/README.md: a finding's rule, level and
line, parts of its message, all its notes by line; a rule set of the case's
own beside it; the mark of a gap in the engine, which makes the case a strict
expected failure.  The findings must be the expected ones exactly, and every
function of a case must parse and be analyzed.  Adding a case is adding a file.
"""

import json
import re
import shutil
from pathlib import Path

import pytest

from analyzer.cfront import parse_file
from analyzer.extract import Touched
from analyzer.locks import analyze_image
from analyzer.locks.rules import load_rules
from conftest import ROOT, FindingsDiffer, case_params, pair_findings, run_lockscan, why_not

CASES = Path(__file__).parent / "cases" / "locks"
FILES = sorted(CASES.glob("*.c"))
MARKER = re.compile(r"/\*\s*expect:(.*?)\*/|//\s*expect:([^\n]*)", re.DOTALL)
FINDING = re.compile(r"\s*(LOCK\d{3})\s+(note|warning|error)(?=\s)")
PIN = re.compile(r"\s+\{\{(.+?)\}\}", re.DOTALL)
NOTE = re.compile(r"\s+note@(\d+)(?:\s+\{\{(.+?)\}\})?", re.DOTALL)
COMMA = re.compile(r"\s*,")
RULES_MARK = re.compile(r"/\*\s*rules:(.*?)\*/", re.DOTALL)
KNOWN_TO_FAIL = re.compile(r"/\*\s*check-known-to-fail:\s*(\S.*?)\s*\*/", re.DOTALL)


def known_to_fail(case):
    """The reason a case's check-known-to-fail mark gives, or None."""
    mark = KNOWN_TO_FAIL.search(case.read_text())
    if not mark:
        return None
    return " ".join(re.sub(r"^\s*\*(?!/)", "", mark.group(1), flags=re.MULTILINE).split())


def pinned(text):
    return " ".join(text.split())


def parse_marker(body, line):
    """The findings one expect: marker lists, as assert_subset expectations."""
    findings = []
    at = 0
    while True:
        head = FINDING.match(body, at)
        assert head, \
            f"line {line}: expected 'LOCKnnn level {{{{message}}}}' at {body[at:].strip()!r}"
        at = head.end()
        parts = []
        while pin := PIN.match(body, at):
            parts.append(pinned(pin.group(1)))
            at = pin.end()
        assert parts, f"line {line}: {head.group(1)} {head.group(2)} without {{{{message}}}}"
        notes = []
        while note := NOTE.match(body, at):
            notes.append({"line": int(note.group(1))} if note.group(2) is None else
                         {"line": int(note.group(1)), "text_contains": pinned(note.group(2))})
            at = note.end()
        findings.append({"line": line, "rule": head.group(1), "level": head.group(2),
                         "message_contains": parts, "related": notes})
        comma = COMMA.match(body, at)
        if not comma:
            break
        at = comma.end()
    assert body[at:].strip() == "", f"line {line}: not a FINDING: {body[at:].strip()!r}"
    return findings


def expectations(text):
    """The expected findings of a case, and whether it says none."""
    expected = []
    none = False
    for match in MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        body = match.group(1) if match.group(1) is not None else match.group(2)
        if body.strip() == "none":
            none = True
        else:
            expected.extend(parse_marker(body, line))
    return expected, none


def rule_files(case, text):
    """The rule files a case's rules: mark names, beside the case."""
    names = [name for mark in RULES_MARK.findall(text) for name in mark.split()]
    for name in names:
        assert name.endswith(".toml") and "/" not in name, \
            f"{case.name}: rules: takes file names (NAME.toml) beside the case, not {name!r}"
        assert (case.parent / name).is_file(), f"{case.name}: no {name} beside it"
    return [case.parent / name for name in names]


def scan_json(*arguments):
    status, out, err = run_lockscan("scan", *arguments, "--format", "json")
    assert status in (0, 1), err
    return json.loads(out)


def shown(finding):
    """A finding of the JSON output, as the failure of a case shows it."""
    notes = "".join(f" note@{note['line']} {{{{{note['text']}}}}}" for note in finding["related"])
    return (f"  {finding['line']}:{finding['column']}: {finding['rule']} {finding['level']}: "
            f"{finding['message']}{notes}")


def written(item):
    """An expected finding, as its marker says it."""
    pins = " ".join(f"{{{{{part}}}}}" for part in item["message_contains"])
    notes = "".join(f" note@{note['line']}" + (f" {{{{{note['text_contains']}}}}}"
                                               if "text_contains" in note else "")
                    for note in item["related"])
    return f"  {item['line']}: {item['rule']} {item['level']} {pins}{notes}"


def differences(name, missing, extra, findings):
    return "\n".join([name, "missing:"]
                     + [written(item) + "\n" + why_not(item, findings) for item in missing]
                     + ["extra:"] + [shown(finding) for finding in extra]
                     + ["findings:"] + [shown(finding) for finding in findings])


@pytest.mark.parametrize("case", case_params(FILES, known_to_fail))
def test_lock_case(case, tmp_path):
    text = case.read_text()
    assert "check-known-to-fail" not in text or known_to_fail(case), \
        f"{case.name}: write /* check-known-to-fail: REASON */, with the reason"
    expected, none = expectations(text)
    assert expected or none, f"{case.name}: no expect: marker (say /* expect: none */)"
    assert not (expected and none), f"{case.name}: expect: none and findings"

    options = []
    own = rule_files(case, text)
    if own:
        (tmp_path / "rules").mkdir()
        for path in own:
            shutil.copy(path, tmp_path / "rules" / path.name)
        options = ["--rules", tmp_path / "rules"]

    result = scan_json(case.relative_to(ROOT), "--all-files", *options)
    assert result["unparsed"] == [], f"{case.name}: functions that did not parse"
    parsed = parse_file(str(case), text)
    whole = [Touched(str(case), "function", f.name, f.line, new=f) for f in parsed.functions]
    rules = load_rules([tmp_path / "rules"] if own else [])
    not_analyzed = [(f.name, f.reason) for f in analyze_image(whole, "new", rules)
                    if not f.analyzed]
    assert not_analyzed == [], f"{case.name}: functions not analyzed"

    findings = result["findings"]
    missing, extra = pair_findings(expected, findings)
    if missing or extra:
        raise FindingsDiffer(differences(case.name, missing, extra, findings))


def test_every_rule_file_belongs_to_a_case():
    named = {path.name for case in FILES for path in rule_files(case, case.read_text())}
    assert {path.name for path in CASES.glob("*.toml")} == named


@pytest.mark.parametrize("marker", [
    "/* expect: LOCK003 error */",                          # no message pin
    "/* expect: LOCK003 error note@3 {{x}} */",             # the pin after the notes
    "/* expect: LOCK003 fatal {{x}} */",                    # no such level
    "/* expect: LOCK003 error {{x}} LOCK001 note {{y}} */",  # no comma between findings
    "/* expect: LOCK003 error {{x}} note@ */",              # a note without its line
])
def test_a_malformed_marker_is_refused(marker):
    with pytest.raises(AssertionError):
        expectations(marker)


def test_a_marker_reads_as_written():
    expected, none = expectations("int a;\n/* expect: LOCK003 error {{second lock}}\n"
                                  "   {{CPU0 holds  a and\n wants b}} note@1 note@4 {{exit}},\n"
                                  "   LOCK001 note {{a is read}} */\n")
    assert not none
    assert expected == [
        {"line": 2, "rule": "LOCK003", "level": "error",
         "message_contains": ["second lock", "CPU0 holds a and wants b"],
         "related": [{"line": 1}, {"line": 4, "text_contains": "exit"}]},
        {"line": 2, "rule": "LOCK001", "level": "note", "message_contains": ["a is read"],
         "related": []}]


def test_the_mm_guards_hold_in_mm_paths_only():
    """Without --all-files the base rule set covers tests/ (every path), the mm
    rule set does not: the lock findings are there, the mm fields' are not."""
    result = scan_json(CASES.relative_to(ROOT))
    rules = {finding["rule"] for finding in result["findings"]}
    assert {"LOCK003", "LOCK004", "LOCK005"} <= rules
    assert not rules & {"LOCK001", "LOCK002"}
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
