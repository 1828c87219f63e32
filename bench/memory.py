#!/usr/bin/env python3
"""Peak memory of ``lockscan check`` over a large mbox (issue 14, point 6).

Writes, in a temporary directory, an mbox of 20,000 small ``git format-patch``
mails (one hunk each, to mm/ functions made up here in the kernel's manner:
a lock taken, a field updated, the lock dropped; one patch in eight nests a
second lock of the same class), runs ``lockscan check`` on it with ``--jobs 1``
and with ``--jobs 2``, text output to /dev/null, and prints each run's peak
RSS (``ru_maxrss`` of the waited-for process; with workers, the largest single
process) and wall time, against the anchor: 150 MB.

    .venv/bin/python bench/memory.py [--messages N] [--jobs N ...] [--format text|json|sarif]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANCHOR_MB = 150
LOCKSCAN = [sys.executable, "-m", "analyzer"]
ROOT = Path(__file__).resolve().parent.parent
FILES = ["mm/rmap.c", "mm/mmap.c", "mm/mremap.c", "mm/memory.c", "mm/ksm.c"]
FIELDS = ["nr_pages", "flags", "count", "refs", "state"]


def message(number):
    """One format-patch mail: a function that updates a counter under its lock, and
    the patch that adds a second update, nested under a second lock every 8th time."""
    path = FILES[number % len(FILES)]
    field = FIELDS[number // len(FILES) % len(FIELDS)]
    name = f"walk_{field}_{number}"
    start = 100 + number % 900
    if number % 8 == 0:
        added = ["+\tspin_lock(&other->lock);", f"+\tother->{field}++;",
                 "+\tspin_unlock(&other->lock);"]
    else:
        added = [f"+\tanon_vma->{field} += {number % 7 + 1};"]
    context = [f" static void {name}(struct anon_vma *anon_vma, struct anon_vma *other)",
               " {", " \tspin_lock(&anon_vma->lock);",
               f" \tanon_vma->{field}++;"]
    tail = [" \tspin_unlock(&anon_vma->lock);", " }"]
    hunk = context + added + tail
    old = len(context) + len(tail)
    new = old + len(added)
    return "\n".join([
        f"From {number:040x} Mon Sep 17 00:00:00 2001",
        f"From: Dev {number % 97} <dev{number % 97}@example.org>",
        "Date: Mon, 7 Dec 2026 10:00:00 +0000",
        f"Subject: [PATCH {number + 1}/20000] mm: update {field} in {name}",
        "",
        f"Keep {field} of the other anon_vma in step with this one.",
        "",
        "Signed-off-by: Dev <dev@example.org>",
        "---",
        f" {path} | {len(added)} +",
        f" 1 file changed, {len(added)} insertions(+)",
        "",
        f"diff --git a/{path} b/{path}",
        "index 1111111..2222222 100644",
        f"--- a/{path}",
        f"+++ b/{path}",
        f"@@ -{start},{old} +{start},{new} @@",
        *hunk,
        "-- ",
        "2.43.0",
        "", ""])


def write_mbox(path, count):
    with open(path, "w") as handle:
        for number in range(count):
            handle.write(message(number))


def measure(mbox, jobs, form):
    """(peak RSS in MB, wall seconds, exit status) of one check of ``mbox``."""
    started = time.monotonic()
    process = subprocess.Popen([*LOCKSCAN, "check", str(mbox), "--jobs", str(jobs),
                                "--format", form, "-o", os.devnull], cwd=ROOT,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    error = process.stderr.read().decode()
    process.stderr.close()
    if error:
        sys.stderr.write(error)
    return usage.ru_maxrss / 1024, wall, os.waitstatus_to_exitcode(status)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--format", default="text", choices=("text", "b4", "json", "sarif"))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lockscan-memory-") as directory:
        mbox = Path(directory) / "series.mbox"
        write_mbox(mbox, options.messages)
        size = mbox.stat().st_size / 1e6
        print(f"mbox: {options.messages} messages, {size:.1f} MB; format {options.format}")
        for jobs in options.jobs:
            peak, wall, status = measure(mbox, jobs, options.format)
            verdict = "ok" if peak < ANCHOR_MB and status in (0, 1) else "MISSED"
            print(f"--jobs {jobs}: peak RSS {peak:.0f} MB (anchor {ANCHOR_MB} MB), "
                  f"{wall:.1f} s, exit {status}: {verdict}")


if __name__ == "__main__":
    main()
