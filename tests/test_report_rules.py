"""``lockscan rules`` and docs/rules/: one source, kept in sync."""

import pytest

from analyzer.checks import CHECKS
from analyzer.report.rules import rule_markdown
from conftest import ROOT, run_lockscan

RULE_DOCS = ROOT / "docs" / "rules"


@pytest.mark.parametrize("module", CHECKS, ids=lambda module: module.ID)
def test_rule_doc_is_current(module):
    path = RULE_DOCS / f"{module.ID}.md"
    assert path.exists() and path.read_text() == rule_markdown(module), \
        f"{path} is stale: run 'lockscan rules --docs docs/rules'"


def test_no_doc_without_a_rule():
    assert sorted(path.stem for path in RULE_DOCS.glob("*.md")) == \
        sorted(module.ID for module in CHECKS)


def test_rules_command_prints_every_rule():
    status, out, err = run_lockscan("rules")
    assert (status, err) == (0, "")
    for module in CHECKS:
        assert rule_markdown(module) in out
        for section in ("What it does", "Why it matters", "Example", "How to fix"):
            assert f"## {section}" in module.DOC, (module.ID, section)
