#!/usr/bin/env python3
"""Benchmark of intake (analyzer/intake) on a large mbox.

Builds, in a temporary directory, an mbox of about 10 MB of generated
``git format-patch`` mails (a series mbox as ``b4 am`` or ``git format-patch
--stdout`` writes it: headers, changelog, diffstat, diffs of kernel-like C,
signature), reads it with intake a few times in this process (garbage
collection left on, as in normal use), and prints the median time, the
throughput, and how it compares with the issue's target: 10 MB in under 2 s.
The verdict goes by CPU seconds: intake runs on one thread, and on a shared
machine the wall clock also counts whatever else runs; both are printed.  Also
printed: the time with every patch's unidiff PatchSet parsed too, which intake
leaves to the first consumer that asks for it.

    .venv/bin/python bench/intake.py [--megabytes N] [--runs N] [--profile]

``--profile`` adds the functions that take the most time in one run (cProfile).
"""

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from analyzer.intake import read_inputs

TARGET_SECONDS_PER_10_MB = 2.0
PATHS = ["mm/rmap.c", "mm/mmap.c", "mm/mremap.c", "mm/memory.c", "kernel/fork.c",
         "mm/ksm.c", "mm/huge_memory.c", "include/linux/rmap.h", "include/linux/mm_types.h"]
AUTHORS = ["Anna Kowalczyk <anna.kowalczyk@example.org>", "Jan Novak <jan.novak@example.com>",
           "Kenji Watanabe <kenji.watanabe@example.jp>", "Ingrid Haugen <ingrid.haugen@example.no>"]
STATEMENTS = [
    "anon_vma_lock_write(vma->anon_vma);", "anon_vma_unlock_write(vma->anon_vma);",
    "i_mmap_lock_write(mapping);", "i_mmap_unlock_write(mapping);",
    "vma->vm_start = start;", "vma->vm_end = end;", "vma->vm_pgoff = pgoff;",
    "spin_lock(&mm->page_table_lock);", "spin_unlock(&mm->page_table_lock);",
    "address = vma_address(page, vma);", "if (address == -EFAULT)", "continue;",
    "ret = rmap_one(page, vma, address, arg);", "if (ret != SWAP_AGAIN)", "break;",
    "struct anon_vma_chain *avc;", "unsigned long address;", "int ret = SWAP_AGAIN;",
    "list_for_each_entry(avc, &anon_vma->head, same_anon_vma) {", "}", "",
    "/* the walker holds the anon_vma lock here */", "mmap_assert_write_locked(mm);",
]


def hunk(rng, old_start, new_start):
    """One hunk: its lines and its @@ header."""
    lines = [" " + "\t" * rng.randint(1, 2) + rng.choice(STATEMENTS) for _ in range(3)]
    for _ in range(rng.randint(1, 3)):
        lines += ["-\t" + rng.choice(STATEMENTS) for _ in range(rng.randint(0, 2))]
        lines += ["+\t" + rng.choice(STATEMENTS) for _ in range(rng.randint(1, 4))]
        lines += [" \t" + rng.choice(STATEMENTS) for _ in range(rng.randint(1, 3))]
    old = sum(1 for line in lines if line[0] in " -")
    new = sum(1 for line in lines if line[0] in " +")
    header = f"@@ -{old_start},{old} +{new_start},{new} @@ static int rmap_walk_anon(void)"
    return [header] + lines, old, new


def mail(rng, number, total):
    author = rng.choice(AUTHORS)
    files = rng.sample(PATHS, rng.randint(1, 3))
    diff = []
    for path in files:
        diff += [f"diff --git a/{path} b/{path}", f"index {rng.getrandbits(48):012x}.."
                 f"{rng.getrandbits(48):012x} 100644", f"--- a/{path}", f"+++ b/{path}"]
        old_line = shift = 0
        for _ in range(rng.randint(1, 4)):
            old_line += rng.randint(20, 400)
            lines, old, new = hunk(rng, old_line, old_line + shift)
            diff += lines
            old_line += old
            shift += new - old
    stat = [f" {path} | {rng.randint(1, 30)} ++++--" for path in files]
    return "\n".join([
        f"From {rng.getrandbits(160):040x} Mon Sep 17 00:00:00 2001",
        f"From: {author}",
        f"Date: Mon, 4 Jan 2021 10:{number % 60:02d}:00 +0100",
        f"Subject: [PATCH {number}/{total}] mm/rmap: take the anon_vma lock in walker {number}",
        "",
        "rmap walkers read vm_start and vm_pgoff while vma_adjust() may be",
        "changing them; take the anon_vma lock around the reads.",
        "",
        f"Signed-off-by: {author}",
        "---",
        *stat,
        f" {len(files)} files changed",
        "",
        *diff,
        "-- ",
        "2.30.0",
        "",
        "",
    ])


def build_mbox(directory, megabytes):
    rng = random.Random(2021)
    mails = []
    size = 0
    while size < megabytes * 1_000_000:
        mails.append(mail(rng, len(mails) + 1, 9999))
        size += len(mails[-1]) + 1
    path = Path(directory) / "series.mbox"
    path.write_text("\n".join(mails))
    return path, len(mails)


def run(path, patchsets=False):
    """(wall, CPU) seconds of one intake of ``path``, and what it found (as counts,
    so that no run's result is still alive, for the collector to walk, in the next)."""
    wall, cpu = time.perf_counter(), time.process_time()
    intake = read_inputs([str(path)])
    if patchsets:
        for patch in intake.patches:
            patch.patchset  # noqa: B018 (parsed on first use)
    seconds = time.perf_counter() - wall, time.process_time() - cpu
    return seconds, (len(intake.patches), sum(len(patch.hunks()) for patch in intake.patches),
                     len(intake.skipped))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        path, mails = build_mbox(directory, arguments.megabytes)
        megabytes = path.stat().st_size / 1_000_000
        walls, cpus = [], []
        for _ in range(arguments.runs):
            (wall, cpu), (patches, hunks, skipped) = run(path)
            walls.append(wall)
            cpus.append(cpu)
        print(f"input: {megabytes:.1f} MB, {mails} mails; found {patches} patches, "
              f"{hunks} hunks, {skipped} skipped regions")
        for name, times in (("CPU", cpus), ("wall", walls)):
            median = statistics.median(times)
            print(f"intake {name}: median {median:.2f} s of {arguments.runs} runs (min "
                  f"{min(times):.2f}, max {max(times):.2f}), {megabytes / median:.1f} MB/s")
        with_patchsets = statistics.median(run(path, patchsets=True)[0][1]
                                           for _ in range(arguments.runs))
        print(f"intake CPU with unidiff PatchSets parsed: median {with_patchsets:.2f} s, "
              f"{megabytes / with_patchsets:.1f} MB/s")
        target = TARGET_SECONDS_PER_10_MB * megabytes / 10
        ratio = statistics.median(cpus) / target
        print(f"target: under {target:.2f} s for {megabytes:.1f} MB: "
              f"{'PASS' if ratio < 1 else 'FAIL'} (CPU median {ratio:.2f} of the target, "
              f"wall {statistics.median(walls) / target:.2f})")
        if arguments.profile:
            profile = cProfile.Profile()
            profile.runcall(read_inputs, [str(path)])
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
    return 0 if ratio < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
