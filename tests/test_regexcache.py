"""Compiled regular expressions kept across runs: the same patterns come back,
and a missing, damaged or foreign file only costs time."""

import marshal
import os
import subprocess
import sys
from re import _compiler

import _sre
import pytest

from conftest import REFERENCE_MAIL, ROOT

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="regexcache knows the re internals of 3.11 only")
SAMPLES = [REFERENCE_MAIL.read_text(errors="replace"),
           (ROOT / "tests" / "cases" / "locks" / "acquiring_wrapper.c").read_text()]


def check(cache_home):
    """lockscan check on the reference mail, keeping its caches in cache_home."""
    process = subprocess.run([sys.executable, "-m", "analyzer", "check", str(REFERENCE_MAIL)],
                             capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "XDG_CACHE_HOME": str(cache_home)})
    assert process.returncode == 1 and process.stderr == "", process.stderr
    return process.stdout


def kept_file(cache_home):
    found = list((cache_home / "lockscan").glob("regex-*.marshal"))
    assert len(found) == 1, found
    return found[0]


def test_kept_patterns_are_the_patterns_re_compiles(tmp_path):
    check(tmp_path)
    written_by, entries = marshal.loads(kept_file(tmp_path).read_bytes())
    assert written_by == sys.version and len(entries) > 50
    for flags, arguments in entries:
        pattern = arguments[0]
        kept = _sre.compile(*arguments)
        fresh = _compiler.compile(pattern, flags)       # past re's cache
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == \
            (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
        for sample in SAMPLES:
            text = sample if isinstance(pattern, str) else sample.encode()
            assert [m.span() for m in kept.finditer(text)] == \
                [m.span() for m in fresh.finditer(text)], pattern


def test_a_second_run_reads_them_and_writes_nothing(tmp_path):
    first = check(tmp_path)
    written = kept_file(tmp_path).stat().st_mtime_ns
    assert check(tmp_path) == first
    assert kept_file(tmp_path).stat().st_mtime_ns == written


@pytest.mark.parametrize("content", [b"\x00damaged",
                                     marshal.dumps(("2.7.18 (another build)", [(0, ("x",))]))])
def test_a_damaged_or_foreign_file_is_replaced(tmp_path, content):
    expected = check(tmp_path)
    kept_file(tmp_path).write_bytes(content)
    assert check(tmp_path) == expected
    written_by, entries = marshal.loads(kept_file(tmp_path).read_bytes())
    assert written_by == sys.version and len(entries) > 50


def test_an_entry_this_interpreter_rejects_is_not_used(tmp_path):
    script = (f"import marshal, os, re, sys; os.environ['XDG_CACHE_HOME'] = {str(tmp_path)!r}\n"
              "from analyzer import regexcache\n"
              "os.makedirs(os.path.dirname(regexcache.kept_path()))\n"
              "with open(regexcache.kept_path(), 'wb') as kept:\n"
              "    marshal.dump((sys.version, [(0, ('abc', 32, [1, 2, 3], 0, {}, ()))]), kept)\n"
              "regexcache.preload()\n"
              "print(bool(re.fullmatch('abc', 'abc')), bool(re.fullmatch('abc', 'abd')))\n")
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             cwd=ROOT)
    assert process.stdout == "True False\n", process.stderr
