"""Mail mode against tree mode on real code (issue 11, point 6), as a gate.

bench/differential.py's probes, few and seeded: nested same-class locks
inserted at random statement boundaries of Linux 6.1's mm, kernel and fs, the
patch made by ``git diff`` with the kernel's ``*.c diff=cpp``, read from the
hunks alone and from the tree.  The rates must stay at or above the anchors
below (bench/results.md has the full run they come from); a failure lists
every probe on which the modes disagree, with the patch's file and line.
"""

import sys
from pathlib import Path

import pytest

from kernel_source import kernel_source  # noqa: F401  (the fixture)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import differential  # noqa: E402

SEED = 11
COUNT = 60
FOLDERS = ("mm", "kernel", "fs")
# The anchors: in this run mail mode found 59 of the 60 probes (the other sits
# after a switch whose every case returns: tree mode misses it too), and the
# modes agreed on 59 (tree mode does not read a function in an #if branch the
# configuration leaves out: issue 11, point 2).  Two more misses fail.
MAIL_RECALL = 0.96
AGREEMENT = 0.96


@pytest.fixture(scope="module")
def outcomes(kernel_source):  # noqa: F811
    return differential.differential(kernel_source, FOLDERS, SEED, COUNT)


def listing(outcomes, belongs):
    return "\n".join(differential.describe(outcome) for outcome in outcomes if belongs(outcome))


def test_mail_mode_finds_the_probes(outcomes):
    rates = differential.rates(outcomes)
    assert rates.probes >= COUNT * 0.9, listing(outcomes, lambda o: o.tree_reasons)
    assert rates.mail_recall >= MAIL_RECALL, (
        f"mail mode found {rates.mail_recall:.1%} of {rates.probes} probes "
        f"(anchor {MAIL_RECALL:.0%}); the misses:\n"
        + listing(outcomes, lambda o: not o.mail_found and not o.tree_reasons))


def test_mail_mode_agrees_with_tree_mode(outcomes):
    rates = differential.rates(outcomes)
    assert rates.agreement >= AGREEMENT, (
        f"mail and tree mode agree on {rates.agreement:.1%} of {rates.probes} probes "
        f"(anchor {AGREEMENT:.0%}); the disagreements:\n"
        + listing(outcomes, lambda o: not o.agrees and not o.tree_reasons))
