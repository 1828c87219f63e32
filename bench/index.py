#!/usr/bin/env python3
"""Benchmark of the tree index (`lockscan index`) over linux-source-6.1.

Prints, as a markdown block for bench/results.md:

- full: the time to index fs/ + kernel/ + mm/ + net/ + drivers/ from an empty
  cache with --jobs 2, files and files/s, and what the index holds;
- incremental: the same again after one file changed (a comment appended to
  mm/rmap.c, put back afterwards): one file indexed, the rest read back;
- anchor: on mm/ alone, `lockscan index` from an empty cache against
  `lockscan scan --all-files` (the per-file analysis without the index's
  extras), both --jobs 2: what the index adds to the analysis it shares.

The tree is unpacked from the Debian tarball into its own cache directory
(~/.cache/lockscan/bench-6.1), apart from the tests' tree; the index is
kept in a scratch cache of its own.  Every run uses a copy of the code taken
at the start: the index's entries are keyed by the code, so an edit during
the benchmark would make the incremental run a cold one.

    .venv/bin/python bench/index.py [--scope DIR ...] [--jobs N]

Standard library only.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
TARBALL = Path("/usr/src/linux-source-6.1.tar.xz")
TOP = "linux-source-6.1"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lockscan"
TREE = CACHE / "bench-6.1" / TOP
SCOPE = ["fs", "kernel", "mm", "net", "drivers"]
FOLDERS = SCOPE + ["include"]
CHANGED = "mm/rmap.c"


def bench_tree():
    """The unpacked tree, unpacked first if a folder is missing."""
    if all((TREE / folder).is_dir() for folder in FOLDERS):
        return TREE
    TREE.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(TREE.parent),
                    *(f"{TOP}/{folder}" for folder in FOLDERS)], check=True)
    return TREE


def lockscan(code, cache, *arguments, cwd):
    """A `lockscan` run of the copy of the code in ``code``, with its own cache."""
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache), PYTHONPATH=str(code))
    return subprocess.run([str(PYTHON), "-m", "analyzer", *arguments], capture_output=True,
                          text=True, env=environment, cwd=cwd)


def timed_index(code, cache, tree, scope, jobs):
    """(wall seconds, the index's JSON report) of one `lockscan index` run."""
    started = time.monotonic()
    process = lockscan(code, cache, "index", str(tree), "--scope", *scope, "--jobs", str(jobs),
                       "--format", "json", cwd=code)
    wall = time.monotonic() - started
    if process.returncode != 0:
        sys.exit(f"lockscan index failed: {process.stderr.strip()}")
    return wall, json.loads(process.stdout)


def timed_scan(code, cache, tree, folder, jobs):
    started = time.monotonic()
    lockscan(code, cache, "scan", folder, "--all-files", "--jobs", str(jobs), "--format", "json",
             "-o", os.devnull, cwd=tree)
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scope", nargs="+", default=SCOPE)
    parser.add_argument("--jobs", type=int, default=2)
    arguments = parser.parse_args()
    tree = bench_tree()
    scratch = Path(tempfile.mkdtemp(prefix="lockscan-bench-index-"))
    code = scratch / "code"
    shutil.copytree(ROOT / "analyzer", code / "analyzer",
                    ignore=shutil.ignore_patterns("__pycache__"))
    try:
        rows = []
        full_wall, full = timed_index(code, scratch / "full", tree, arguments.scope,
                                           arguments.jobs)
        changed = tree / CHANGED
        text, stamp = changed.read_bytes(), changed.stat()
        try:
            changed.write_bytes(text + b"\n/* lockscan bench: one changed file */\n")
            again_wall, again = timed_index(code, scratch / "full", tree, arguments.scope,
                                            arguments.jobs)
        finally:
            changed.write_bytes(text)
            os.utime(changed, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        mm_wall, mm = timed_index(code, scratch / "mm", tree, ["mm"], arguments.jobs)
        scan_wall = timed_scan(code, scratch / "scan", tree, "mm", arguments.jobs)
        rows.append(f"- full index of {' + '.join(arguments.scope)} (--jobs {arguments.jobs}, "
                    f"empty cache): {full_wall:.1f} s wall, {full['files']} files, "
                    f"{full['files'] / full_wall:.1f} files/s; {full['functions']} functions "
                    f"({full['functions_parsed']} parsed), {full['summaries']} summaries, "
                    f"{full['edges']} lock-order edges, {full['stated_orders']} stated order "
                    f"chains, {full['beliefs']} guard beliefs, {len(full['skipped'])} skipped")
        rows.append(f"- incremental, {CHANGED} changed: {again_wall:.2f} s wall, "
                    f"{again['indexed']} file indexed, {again['files'] - again['indexed']} "
                    f"read back")
        rows.append(f"- anchor, mm/ ({mm['files']} files, .c and .h): index {mm_wall:.1f} s "
                    f"against `scan mm --all-files` {scan_wall:.1f} s (.c only): "
                    f"{mm_wall / scan_wall:.2f} x")
        print("\n".join(rows))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
