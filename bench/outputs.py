#!/usr/bin/env python3
"""The outputs a refactor must leave unchanged: text, JSON and SARIF of

- `lockscan scan mm/` over linux-source-6.1 (and kernel/, fs/ with --all-files, JSON),
- `lockscan check` on the reference mail (../shared/seeds),
- `lockscan check` on the 50-patch series bench/run measures,

written into a directory, or compared with a directory written before:

    bench/outputs.py --save /tmp/before        # on the old code
    bench/outputs.py --compare /tmp/before     # on the new: exit 1 on any difference

The kernel tree and the series come from bench/run's cache (made on first use).
"""

import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, TREE, ensure_project_python, ensure_tree  # noqa: E402
from run import SERIES_MBOX, ensure_series  # noqa: E402

REFERENCE_MAIL = ROOT.parent / "shared" / "seeds" / "000_7e979d24d400f308.txt"
FORMATS = ("text", "json", "sarif")


def jobs():
    """(name, lockscan arguments) of every output compared."""
    found = [(f"mm.{form}", ["scan", str(TREE / "mm"), "--format", form]) for form in FORMATS]
    # beyond mm's rule set: more code through the whole analysis
    found += [(f"{folder}.json", ["scan", str(TREE / folder), "--all-files", "--format", "json"])
              for folder in ("kernel", "fs")]
    found += [(f"series.{form}", ["check", str(SERIES_MBOX), "--format", form])
              for form in FORMATS]
    if REFERENCE_MAIL.exists():
        found += [(f"mail.{form}", ["check", str(REFERENCE_MAIL), "--format", form])
                  for form in FORMATS]
    else:
        print(f"outputs: {REFERENCE_MAIL} is missing: the reference mail is not compared",
              file=sys.stderr)
    return found


def output(arguments):
    # from the tree's parent, so paths in the outputs do not depend on where we run
    process = subprocess.run([sys.executable, "-m", "analyzer", *arguments],
                             capture_output=True, cwd=ROOT,
                             env=dict(os.environ, COLUMNS="100"))
    return f"exit {process.returncode}\n{process.stderr.decode()}\n{process.stdout.decode()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", metavar="DIR")
    group.add_argument("--compare", metavar="DIR")
    options = parser.parse_args()
    ensure_project_python()
    ensure_tree()
    ensure_series()
    differing = 0
    for name, arguments in jobs():
        text = output(arguments)
        if options.save:
            Path(options.save).mkdir(parents=True, exist_ok=True)
            (Path(options.save) / name).write_text(text)
            print(f"{name}: saved ({len(text)} characters)")
            continue
        before = (Path(options.compare) / name).read_text()
        if before == text:
            print(f"{name}: identical")
            continue
        differing += 1
        print(f"{name}: DIFFERS")
        diff = difflib.unified_diff(before.splitlines(), text.splitlines(), "before", "after",
                                    lineterm="", n=1)
        for number, line in enumerate(diff):
            if number == 40:
                print("  ...")
                break
            print("  " + line[:200])
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
