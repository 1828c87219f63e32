"""SARIF output: schema-valid wherever the tests make it, what code scanning
needs on the reference mail, GitHub's line hash, and --baseline."""

import difflib
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from analyzer.checks import CHECKS
from analyzer.report.line_hash import line_hashes
from analyzer.report.sarif import plain_json
from conftest import (REFERENCE_MAIL, ROOT, SARIF_SCHEMA, needs_reference_mail,
                      needs_sarif_schema, run_lockscan)

EXAMPLE_MAIL = ROOT / "fixtures" / "example-mail.txt"

# Two mutexes of one class nested: a LOCK003 error at line 9, column 2.
NESTED_MUTEXES = """\
struct gadget {
\tstruct mutex lock;
\tint state;
};

static void gadget_pair(struct gadget *a, struct gadget *b)
{
\tmutex_lock(&a->lock);
\tmutex_lock(&b->lock);
\ta->state = b->state;
\tmutex_unlock(&b->lock);
\tmutex_unlock(&a->lock);
}
"""

# The same nesting made by a patch, checked against a tree holding the pre-image.
BEFORE = NESTED_MUTEXES.replace("\tmutex_lock(&b->lock);\n", "").replace(
    "\tmutex_unlock(&b->lock);\n", "")
PATCH = "".join(difflib.unified_diff(BEFORE.splitlines(True), NESTED_MUTEXES.splitlines(True),
                                     "a/drivers/gadget.c", "b/drivers/gadget.c"))
# A hunk whose body does not match its header: skipped, and said so.
DAMAGED = """\
--- a/mm/rmap.c
+++ b/mm/rmap.c
@@ -10,5 +10,6 @@ static void f(void)
 {
+\tspin_lock(&a->lock);
"""

NOT_C = """\
--- a/Documentation/mm/locking.rst
+++ b/Documentation/mm/locking.rst
@@ -1,3 +1,3 @@
 Locking
-=====
+=======
 Text.
"""


COMMAND_CASES = ROOT / "tests" / "cases" / "commands"


def lockscan_in(directory, *args, stdin=b""):
    """lockscan run from ``directory`` (scans name files relative to the checkout)."""
    process = subprocess.run([sys.executable, "-m", "analyzer", *map(str, args)], input=stdin,
                             capture_output=True, cwd=directory)
    return process.returncode, process.stdout.decode(), process.stderr.decode()


def sarif_of(*args, stdin=b""):
    status, out, err = run_lockscan(*args, "--format", "sarif", stdin=stdin)
    assert status in (0, 1), err
    return json.loads(out)


def assert_valid(log):
    """Valid against the SARIF 2.1.0 schema, with the invariants of every lockscan log."""
    if SARIF_SCHEMA.exists():     # ../shared: test_every_sarif_is_valid skips without it
        jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["automationDetails"]["id"] == "lockscan/"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [m.ID for m in CHECKS]
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["locations"]) == 1
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith(("/", ".", "file:"))
        ids = [related["id"] for related in result.get("relatedLocations", [])]
        assert ids == list(range(1, len(ids) + 1))
        assert "lockscan/v1" in result["partialFingerprints"]
    return run


@pytest.fixture(scope="module")
def reference_sarif():
    if not REFERENCE_MAIL.exists():
        pytest.skip(f"needs {REFERENCE_MAIL} (../shared beside the checkout; a fresh clone "
                    "has none)")
    return sarif_of("check", REFERENCE_MAIL)


def scan_sarif(tmp_path):
    (tmp_path / "pair.c").write_text(NESTED_MUTEXES)
    status, out, err = lockscan_in(tmp_path, "scan", "--all-files", "pair.c", "--format", "sarif")
    assert (status, err) == (1, "")
    return json.loads(out)


def clean_sarif(tmp_path):
    return sarif_of("check", "-", stdin=NOT_C.encode())


def baseline_sarif(tmp_path):
    old = tmp_path / "old.sarif"
    run_lockscan("check", EXAMPLE_MAIL, "--format", "sarif", "-o", old)
    return sarif_of("check", EXAMPLE_MAIL, "--baseline", old)


def tree_sarif(tmp_path):
    (tmp_path / "drivers").mkdir()
    (tmp_path / "drivers" / "gadget.c").write_text(BEFORE)
    return sarif_of("check", "--all-files", "--tree", tmp_path, "-", stdin=PATCH.encode())


def damaged_sarif(tmp_path):
    return sarif_of("check", "-", stdin=DAMAGED.encode())


def ignored_sarif(tmp_path):
    """A finding the configuration ignores (tests/cases/commands: ignored_finding)."""
    return sarif_of("check", COMMAND_CASES / "ignored_finding.patch",
                    "--config", COMMAND_CASES / "ignored_finding.toml")


SOURCES = {
    "reference mail": lambda tmp_path: sarif_of("check", REFERENCE_MAIL),
    "example mail": lambda tmp_path: sarif_of("check", EXAMPLE_MAIL),
    "scan": scan_sarif,
    "clean": clean_sarif,
    "baseline": baseline_sarif,
    "tree": tree_sarif,
    "skipped hunk": damaged_sarif,
    "ignored": ignored_sarif,
}


@needs_sarif_schema
@pytest.mark.parametrize("source", [pytest.param(name, marks=needs_reference_mail)
                                    if name == "reference mail" else name for name in SOURCES])
def test_every_sarif_is_valid(source, tmp_path):
    assert_valid(SOURCES[source](tmp_path))


def test_reference_mail(reference_sarif):
    run = assert_valid(reference_sarif)
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["markdown"].startswith("## What it does")
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert {"tags", "precision", "problem.severity"} <= set(rule["properties"])
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["semanticVersion"]) == ("lockscan", "0.1.0")
    assert run["properties"]["metrics"] == {
        "patches": 2, "files": 6, "hunks": 9, "hunksAnalyzed": 9, "hunksSkipped": 0,
        "functions": 7, "functionsParsed": 7}
    assert run["invocations"][0]["executionSuccessful"] is True
    new = [result for result in run["results"] if result["baselineState"] == "new"]
    assert [(r["ruleId"], r["level"]) for r in new] == [("LOCK003", "error")]
    nested = new[0]
    location = nested["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "mm/rmap.c"
    assert location["physicalLocation"]["region"]["startLine"] == 1367
    assert location["logicalLocations"] == [{"kind": "function", "name": "rmap_walk_anon"}]
    assert nested["properties"]["patch"] == {
        "index": 1, "author": "Minchan Kim",
        "subject": "Re: [PATCH 04/14] mm,migration: Allow the migration ofPageSwapCache pages"}
    assert "[spin_lock(&anon_vma->lock)](1)" in nested["message"]["text"]
    assert nested["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 1359
    steps = nested["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps] == [1359, 1367]
    # a mail is not the whole file: no GitHub line hash
    assert "primaryLocationLineHash" not in nested["partialFingerprints"]
    assert {r["baselineState"] for r in run["results"]} == {"new", "absent"}
    # what the patch fixed passes: no alert's level, the level it had beside
    fixed = [result for result in run["results"] if result["baselineState"] == "absent"]
    assert {(r["kind"], r["level"], r["properties"]["fixedLevel"]) for r in fixed} == {
        ("pass", "none", "note")}
    assert all("patch" in r["properties"] for r in run["results"])


def test_explicit_defaults_are_written():
    """sarif-om's to_json would drop both: an explicit level "warning", an empty list."""
    import sarif_om as om
    result = om.Result(message=om.Message(text="x."), level="warning", related_locations=[])
    assert plain_json(result) == {"kind": "fail", "level": "warning", "message": {"text": "x."},
                                  "relatedLocations": []}


def test_clean_input_has_empty_results(tmp_path):
    run = assert_valid(clean_sarif(tmp_path))
    assert run["results"] == []
    assert run["properties"]["metrics"]["functions"] == 0


def test_scan_gives_github_line_hash(tmp_path):
    run = assert_valid(scan_sarif(tmp_path))
    [result] = run["results"]
    assert "baselineState" not in result      # a scan compares with nothing
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pair.c"
    line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert line == 9
    assert result["partialFingerprints"]["primaryLocationLineHash"] == \
        line_hashes(NESTED_MUTEXES)[line - 1]


def test_tree_mode_gives_github_line_hash(tmp_path):
    """With the tree, the whole post-image is at hand: the hash GitHub computes
    on the checkout with the patch applied."""
    run = assert_valid(tree_sarif(tmp_path))
    [result] = run["results"]
    assert (result["ruleId"], result["baselineState"]) == ("LOCK003", "new")
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert result["partialFingerprints"]["primaryLocationLineHash"] == \
        line_hashes(NESTED_MUTEXES)[8]


def test_skipped_hunk_is_a_notification(tmp_path):
    run = assert_valid(damaged_sarif(tmp_path))
    [notification] = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"].startswith("hunk skipped: ")
    assert "@@ -10,5 +10,6 @@" in notification["message"]["text"]
    assert notification["level"] == "warning"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "mm/rmap.c"
    metrics = run["properties"]["metrics"]
    assert (metrics["hunks"], metrics["hunksAnalyzed"], metrics["hunksSkipped"]) == (1, 0, 1)


def test_an_ignored_finding_is_a_suppressed_result(tmp_path):
    """SARIF keeps what the configuration ignores, as suppressed (code scanning
    closes such an alert), with the configuration's reason."""
    run = assert_valid(ignored_sarif(tmp_path))
    [result] = run["results"]
    assert result["ruleId"] == "LOCK005"
    assert result["suppressions"] == [{
        "kind": "external",
        "justification": "reviewed: the second lock is a test of the self-deadlock report"}]


def test_baseline_reports_only_what_is_new(tmp_path):
    old = tmp_path / "old.sarif"
    assert run_lockscan("check", EXAMPLE_MAIL, "--format", "sarif", "-o", old)[0] == 1
    status, out, err = run_lockscan("check", EXAMPLE_MAIL, "--baseline", old)
    assert (status, err) == (0, "")
    assert out.endswith("total: 0 new, 0 kept, 0 fixed\n")
    status, out, err = run_lockscan("check", EXAMPLE_MAIL, "--baseline", tmp_path / "missing")
    assert status == 2 and out == "" and "missing" in err


# github/codeql-action src/fingerprints.test.ts: its published inputs and hashes
HASH_VECTORS = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1",
                            "a23a3dc5e078b07b:1"]),
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
     ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
      "b86d3392aea1be30:1", "e6ceba753e1a442:1"]),
] + [(text, ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1",
             "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",
             "c129715d7a2bc9a3:1"])
     for text in (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
                  " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
                  " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
                  " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n")] + [
    ("Lorem ipsum dolor sit amet.\n" * 10,
     [f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)] + [
         "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1",
         "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"]),
    ("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
     ["e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1",
      "54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1"]),
]


@pytest.mark.parametrize("text, expected", HASH_VECTORS)
def test_line_hash_matches_github(text, expected):
    assert line_hashes(text) == expected


def test_reference_sarif_is_stable(reference_sarif, tmp_path):
    """-o writes what standard output shows, and two runs agree byte for byte."""
    out = tmp_path / "reference.sarif"
    status, _, err = run_lockscan("check", REFERENCE_MAIL,
                                  "--format", "sarif", "-o", out)
    assert (status, err) == (1, "")
    assert json.loads(Path(out).read_text()) == reference_sarif
