import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# lockscan's cache (parsed rule files) in a directory of this run's
# own, set before anything imports analyzer: tests start cold, and nothing is left
# in the user's ~/.cache
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="lockscan-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

ROOT = Path(__file__).resolve().parent.parent
# ../shared, beside the checkout where CI has it and a fresh clone does not: the
# reference mail and the SARIF schema.  Tests that read them skip without them.
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
REFERENCE_MAIL = SEEDS / "000_7e979d24d400f308.txt"
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def needs(*paths):
    """A skip mark for a test reading files of ../shared, naming those missing."""
    missing = [str(path) for path in paths if not path.exists()]
    return pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} "
                              "(../shared beside the checkout; a fresh clone has none)")


needs_reference_mail = needs(REFERENCE_MAIL)
needs_sarif_schema = needs(SARIF_SCHEMA)


class FindingsDiffer(AssertionError):
    """A case's findings are not the ones it expects (what a known-to-fail case may do)."""


def case_params(paths, known_to_fail):
    """One pytest param per case file.  ``known_to_fail(path)`` reads the case's own
    check-known-to-fail mark (the gap in the engine it names) or gives None.  A
    marked case is a strict expected failure, and only of its findings
    (FindingsDiffer): red the day the gap is closed and the mark must go, and red
    as well if the case stops being read, parsed or analyzed."""
    params = []
    for path in paths:
        reason = known_to_fail(path)
        marks = () if reason is None else pytest.mark.xfail(
            strict=True, raises=FindingsDiffer, reason=reason)
        params.append(pytest.param(path, id=path.name, marks=marks))
    return params


def run_lockscan(*args, stdin=b""):
    """lockscan as a user runs it: a separate process, its exit status and streams."""
    process = subprocess.run([sys.executable, "-m", "analyzer", *map(str, args)],
                             input=stdin, capture_output=True, cwd=ROOT)
    return process.returncode, process.stdout.decode(), process.stderr.decode()


def assert_subset(expected, actual, where="$"):
    """Every key written in ``expected`` matches; lists match element by element
    and in length, so an invented or a lost entry fails."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            if key.endswith("_contains"):
                # NAME_contains: a part of NAME's text, or a list of parts it all has
                name = key[:-len("_contains")]
                for part in [value] if isinstance(value, str) else value:
                    assert part in (actual.get(name) or ""), \
                        f"{where}.{name}: {actual.get(name)!r} lacks {part!r}"
                continue
            assert key in actual, f"{where}: no key {key!r} in {sorted(actual)}"
            assert_subset(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: expected a list, got {actual!r}"
        assert len(expected) == len(actual), \
            f"{where}: expected {len(expected)} entries, got {len(actual)}: {actual!r}"
        for index, (item, got) in enumerate(zip(expected, actual)):
            assert_subset(item, got, f"{where}[{index}]")
    else:
        assert expected == actual, f"{where}: expected {expected!r}, got {actual!r}"


def describes(expected, actual):
    """Whether ``expected`` matches ``actual`` as assert_subset reads it."""
    try:
        assert_subset(expected, actual)
    except AssertionError:
        return False
    return True


def pair_findings(expected, found):
    """Pairs each expected finding, in the order written, with the first finding
    it describes that no other expected finding took.  Gives what is left over
    on each side: (expected findings missing, findings nobody expected)."""
    extra = list(found)
    missing = []
    for item in expected:
        for index, finding in enumerate(extra):
            if describes(item, finding):
                del extra[index]
                break
        else:
            missing.append(item)
    return missing, extra


def why_not(item, found, same=("rule", "level", "line")):
    """For an expected finding nothing matched: what assert_subset says about each
    finding of its rule and level on its line (the pinned text that differs)."""
    reasons = []
    for finding in found:
        if all(finding.get(key) == item.get(key) for key in same):
            try:
                assert_subset(item, finding)
            except AssertionError as error:
                reasons.append(f"    not {finding['message']!r}: {str(error).splitlines()[0]}")
    return "\n".join(reasons)


@pytest.fixture
def reference_mail():
    if not REFERENCE_MAIL.exists():
        pytest.skip(f"needs {REFERENCE_MAIL} (../shared beside the checkout; a fresh "
                    "clone has none)")
    return REFERENCE_MAIL


def load_json(path):
    return json.loads(Path(path).read_text())


def git_in(repository, *args):
    """git in ``repository``, as a committer of the tests; its standard output."""
    return subprocess.run(["git", "-C", str(repository), "-c", "user.name=Dev",
                           "-c", "user.email=dev@example.org", *args],
                          capture_output=True, check=True).stdout


def commit_nesting_series(repository):
    """A git repository of three commits to mm/walk.c: a walk under an anon_vma
    lock; one that nests the chain's anon_vma lock under it at line 16, far
    below where the first is taken; one that edits a line the second added."""
    (repository / "mm").mkdir(parents=True)
    git_in(repository, "init", "-q")
    body = "".join(f"\tstep{n}(avc);\n" for n in range(12))
    walk = ("static void walk(struct anon_vma *anon_vma, struct anon_vma_chain *avc)\n{\n"
            "\tanon_vma_lock_write(anon_vma);\n" + body
            + "\tvisit(avc);\n\tanon_vma_unlock_write(anon_vma);\n}\n")
    nested = walk.replace("\tvisit(avc);\n", "\tanon_vma_lock_write(avc->vma->anon_vma);\n"
                          "\tvisit(avc);\n\tanon_vma_unlock_write(avc->vma->anon_vma);\n")
    edited = nested.replace("\tanon_vma_unlock_write(avc->vma->anon_vma);\n",
                            "\tanon_vma_unlock_write(avc->vma->anon_vma);\t/* the chain's */\n")
    for text, subject in ((walk, "mm: walk"), (nested, "mm: lock the chain's anon_vma too"),
                          (edited, "mm: say whose lock is dropped")):
        (repository / "mm" / "walk.c").write_text(text)
        git_in(repository, "add", ".")
        git_in(repository, "commit", "-q", "-m", subject)
    return repository
