"""The files lockscan keeps between runs (analyzer/cache.py): a damaged or
foreign one only costs time.  It never ends a run, never changes a finding or
the exit status, and never blames the rule file it was made from; it is
parsed again and rewritten."""

import concurrent.futures
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import cache
from conftest import ROOT

EXAMPLE_MAIL = ROOT / "fixtures" / "example-mail.txt"   # bundled: the test runs in a fresh clone

FLIPPED_BITS = 160      # single-bit flips of the mm.toml cache entry, spread over the file


def check(cache_home):
    """lockscan check on the bundled example mail, its caches in ``cache_home``."""
    process = subprocess.run([sys.executable, "-m", "analyzer", "check", str(EXAMPLE_MAIL)],
                             capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "XDG_CACHE_HOME": str(cache_home)})
    return process.returncode, process.stdout, process.stderr


@pytest.fixture(scope="module")
def uncached():
    """What a run with no cache at all reports (XDG_CACHE_HOME unusable)."""
    result = check("/dev/null")
    assert result[0] == 1 and "LOCK003" in result[1] and result[2] == "", result
    return result


def kept_rule_files(cache_home):
    return {path.name: path for path in (Path(cache_home) / "lockscan" / "rules").iterdir()}


def mm_entry(cache_home):
    [path] = [path for name, path in kept_rule_files(cache_home).items()
              if name.endswith("%mm.toml.marshal")]
    return path


def bit_positions(size):
    """FLIPPED_BITS bit offsets into a file of ``size`` bytes: one in each byte of
    the header and the checksum, the rest evenly over the payload, at every bit
    position of a byte in turn, the last bit of the file among them."""
    head = len(cache.HEADER) + cache.CHECKSUM_SIZE
    positions = [byte * 8 + byte % 8 for byte in range(head)]
    rest = FLIPPED_BITS - len(positions) - 1
    positions += [(head + (size - head) * index // rest) * 8 + index % 8 for index in range(rest)]
    return sorted(set(positions + [size * 8 - 1]))


def test_every_single_bit_flip_of_the_rules_cache_is_rebuilt(tmp_path, uncached):
    filled = tmp_path / "filled"
    assert check(filled) == uncached     # the first run fills the cache
    entry = mm_entry(filled)
    intact = entry.read_bytes()
    value = cache.load_kept(entry)
    assert value is not None
    positions = bit_positions(len(intact))
    assert len(positions) >= 140
    assert any(p < len(cache.HEADER) * 8 for p in positions)
    assert any(p >= (len(cache.HEADER) + cache.CHECKSUM_SIZE) * 8 for p in positions)

    def flipped_run(position):
        """A run on a copy of the filled cache with one bit of the entry flipped."""
        home = tmp_path / f"bit{position}"
        shutil.copytree(filled, home)
        damaged = bytearray(intact)
        damaged[position // 8] ^= 1 << (position % 8)
        mm_entry(home).write_bytes(damaged)
        noticed = cache.load_kept(mm_entry(home)) is None
        return noticed, check(home), cache.load_kept(mm_entry(home))

    # runs in parallel: each has a cache of its own
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        for position, (noticed, result, rebuilt) in zip(positions,
                                                        pool.map(flipped_run, positions)):
            assert noticed, f"bit {position} went unnoticed"
            assert result == uncached, f"bit {position} changed the run"
            assert rebuilt == value, f"bit {position}: the entry was not rebuilt"


@pytest.mark.parametrize("damage", ["empty", "truncated", "header only", "old format",
                                    "foreign", "intact but not a rule file's entry"])
def test_a_damaged_or_foreign_cache_file_is_rebuilt(tmp_path, uncached, damage):
    assert check(tmp_path) == uncached
    entries = kept_rule_files(tmp_path)
    kept = {name: cache.load_kept(path) for name, path in entries.items()}
    assert len(entries) >= 3 and None not in kept.values()
    for path in entries.values():
        intact = path.read_bytes()
        path.write_bytes({
            "empty": b"",
            "truncated": intact[:len(intact) // 2],
            "header only": cache.HEADER,
            # what lockscan wrote before entries carried a checksum
            "old format": marshal.dumps(kept[path.name]),
            "foreign": b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4,
            "intact but not a rule file's entry": cache.entry(("source", {"x": 1})),
        }[damage])
    assert check(tmp_path) == uncached
    assert {name: cache.load_kept(path) for name, path in kept_rule_files(tmp_path).items()} \
        == kept


def test_entries_are_checked_against_their_checksum(tmp_path):
    path = tmp_path / "entry"
    cache.keep(str(path), ("a", [1, 2.5, {"b": None}]))
    assert cache.load_kept(path) == ("a", [1, 2.5, {"b": None}])
    data = path.read_bytes()
    assert data.startswith(cache.HEADER)
    path.write_bytes(data + b"\x00")
    assert cache.load_kept(path) is None
    assert cache.load_kept(tmp_path / "missing") is None
    # what marshal cannot write is not kept, and nothing is left behind
    import datetime
    cache.keep(str(tmp_path / "date"), datetime.date(2026, 12, 7))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry"]
