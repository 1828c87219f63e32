#!/usr/bin/env python3
"""Released code: what lockscan reports on Linux 6.1 as released (issue 15, point 5).

Released code is taken to be correct: every warning or error on it is a
false alarm until someone reads the source and shows otherwise.  The script
runs ``lockscan scan --all-files`` over mm/, kernel/*.c and fs/*.c of the
cached tree, prints the count by rule and level, the warnings and errors per
100,000 lines against the anchor (ANCHOR, the issue's target), and each
warning and error with its source line, so that each can be judged.

    bench/released.py [--jobs N] [--sample N]
"""

import argparse
import json
import subprocess
import sys
import time
from collections import Counter

from common import LOCKSCAN, TREE, ensure_project_python, ensure_tree, log

ANCHOR = 2.0            # warnings and errors per 100,000 lines
PATHS = ["mm", "kernel/*.c", "fs/*.c"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=100,
                        help="how many warnings and errors to print (default 100)")
    arguments = parser.parse_args()
    ensure_project_python()
    ensure_tree()
    started = time.monotonic()
    # the shell expands kernel/*.c as a user's command line would
    command = (f"{LOCKSCAN} scan {' '.join(PATHS)} --all-files --format json "
               f"--jobs {arguments.jobs}")
    process = subprocess.run(command, shell=True, cwd=TREE, capture_output=True, text=True)
    if process.returncode not in (0, 1):
        sys.exit(f"lockscan scan failed ({process.returncode}): {process.stderr.strip()}")
    seconds = time.monotonic() - started
    result = json.loads(process.stdout)
    findings = result["findings"]
    lines = result["metrics"]["lines"]
    counts = Counter((finding["rule"], finding["level"]) for finding in findings)
    alarms = [finding for finding in findings if finding["level"] in ("warning", "error")]
    rate = 100_000 * len(alarms) / lines
    log(f"scanned {' '.join(PATHS)} of {TREE}: {result['metrics']['files']} files, "
        f"{lines} lines in {seconds:.0f} s")
    print("rule     level    count")
    for (rule, level), count in sorted(counts.items()):
        print(f"{rule:8} {level:8} {count:5}")
    print(f"warnings and errors: {len(alarms)}, {rate:.1f} per 100,000 lines "
          f"(anchor {ANCHOR}: {'met' if rate <= ANCHOR else f'{rate / ANCHOR:.1f} times over'})")
    for finding in sorted(alarms, key=lambda f: (f["path"], f["line"]))[:arguments.sample]:
        source = (TREE / finding["path"]).read_text(errors="replace").splitlines()
        text = source[finding["line"] - 1].strip() if finding["line"] <= len(source) else ""
        print(f"\n{finding['path']}:{finding['line']}: {finding['level']} {finding['rule']} "
              f"in {finding['function']}()\n    {text}\n    {finding['message']}")


if __name__ == "__main__":
    main()
