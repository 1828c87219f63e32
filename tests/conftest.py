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
SEEDS = ROOT.parent / "shared" / "seeds"
REFERENCE_MAIL = SEEDS / "000_7e979d24d400f308.txt"


def case_params(paths, engine_bugs):
    """One pytest param per case file; a case named in ``engine_bugs`` (name ->
    the gap) is a strict expected failure, red the day the gap is closed."""
    return [pytest.param(path, id=path.name, marks=pytest.mark.xfail(
        strict=True, reason=engine_bugs[path.name]) if path.name in engine_bugs else ())
        for path in paths]


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
                name = key[:-len("_contains")]
                assert value in (actual.get(name) or ""), \
                    f"{where}.{name}: {actual.get(name)!r} lacks {value!r}"
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


@pytest.fixture
def reference_mail():
    if not REFERENCE_MAIL.exists():
        pytest.fail(f"the reference mail is missing: {REFERENCE_MAIL}")
    return REFERENCE_MAIL


def load_json(path):
    return json.loads(Path(path).read_text())
