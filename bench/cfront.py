#!/usr/bin/env python3
"""Benchmark of the C front end (analyzer/cfront) over linux-source-6.1.

One run prints every number, compares it with the issue's targets, and writes
the table to bench/results-cfront.md:

- parse rate: mm/*.c (top level), kernel/ and fs/ (recursive); crashes;
  the unparsed functions grouped by reason, one example each;
- speed: the mm/ front end (read, normalise, parse) in lines per CPU second,
  median of several runs; bare pycparser on plain C for reference;
- ``lockscan scan mm/rmap.c mm/mmap.c`` against sparse run with kbuild's own
  flags on the same two files, alternating, medians and ratio;
- peak RSS of ``lockscan scan`` over all of mm/.

The first run installs what is missing (as root), unpacks the full kernel
tree into the cache, configures it (defconfig, prepare) and takes sparse's
command lines from kbuild; later runs reuse all of that.

    .venv/bin/python bench/cfront.py [--runs N] [--rounds N] [--profile]

Standard library only (plus the project itself, for the in-process numbers).
"""

import argparse
import collections
import cProfile
import datetime
import gc
import io
import json
import os
import pstats
import re
import statistics
import sys
import time

from common import (LOCKSCAN, ROOT, SPARSE_FILES, TREE, VENV_PYTHON, ensure_configured,
                    ensure_packages, ensure_project_python, ensure_sparse_commands, ensure_tree,
                    log, machine_description, run_child, run_sparse, versions)

RESULTS = ROOT / "bench" / "results-cfront.md"

# The anchors.
TARGET_MM_RATE = 99.0           # % of functions parsed, mm/*.c
TARGET_TREE_RATE = 97.0         # % of functions parsed, kernel/ and fs/
TARGET_LINES_PER_SECOND = 30_000
PYCPARSER_ANCHOR = 35_000       # bare pycparser 3.12 on plain C, gc off (the figure)
TARGET_SPARSE_RATIO = 1.0       # lockscan time / sparse time
TARGET_RSS_MB = 300


# ---------------------------------------------------------------- parse rate

ERROR_AT = re.compile(r"^(?P<path>[^:]*):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$", re.S)
ERROR_IN_FILE = re.compile(r"^(?P<path>[^:]*): (?P<message>.*)$", re.S)


def split_error(error):
    """(line, column, message) of a pycparser error; line and column may be None."""
    match = ERROR_AT.match(error)
    if match:
        return int(match["line"]), int(match["column"]), match["message"]
    match = ERROR_IN_FILE.match(error)
    return None, None, match["message"] if match else error


def reason_group(message):
    """A reason with the names in it generalised, so one fix shows as one group."""
    if re.fullmatch(r"before: [A-Za-z_]\w*", message):
        return "before: an identifier (unknown macro?)"
    if re.fullmatch(r'before: ".*"', message, re.S):
        return "before: a string literal"
    return re.sub(r"'[A-Za-z_]\w*'", "'NAME'", message)


def c_files(directory, recursive):
    if not recursive:
        return sorted(str(path) for path in directory.glob("*.c"))
    from analyzer.scan import c_files as scan_c_files
    return scan_c_files([str(directory)])[0]


def measure_parse_rate(label, files):
    """Functions found and parsed, crashes, and the unparsed functions of ``files``."""
    from analyzer.cfront import parse_file
    from analyzer.intake import read_input
    rate = {"label": label, "files": len(files), "lines": 0, "functions": 0, "parsed": 0,
            "crashes": [], "unparsed": []}
    for path in files:
        text = read_input(path)
        rate["lines"] += text.count("\n") + 1
        try:
            result = parse_file(path, text)
        except Exception as error:  # a crash is a finding of the benchmark, not its end
            rate["crashes"].append((path, f"{type(error).__name__}: {error}"))
            continue
        for function in result.functions:
            rate["functions"] += 1
            if function.ast is not None:
                rate["parsed"] += 1
            else:
                rate["unparsed"].append((path, function, text))
    return rate


def percent(part, whole):
    return 100.0 * part / whole if whole else 0.0


def unparsed_by_reason(rates):
    """[(reason, count, {label: count}, example)] over all measured directories."""
    groups = collections.OrderedDict()
    for rate in rates:
        for path, function, text in rate["unparsed"]:
            line, column, message = split_error(function.error or "no AST")
            key = reason_group(message)
            entry = groups.setdefault(key, [0, collections.Counter(), None])
            entry[0] += 1
            entry[1][rate["label"]] += 1
            if entry[2] is None:
                source = text.split("\n")[line - 1].strip() if line else ""
                entry[2] = (path, line or function.line, function.name, message, source)
    return sorted(((key, count, by_label, example) for key, (count, by_label, example)
                   in groups.items()), key=lambda group: -group[1])


# ---------------------------------------------------------------- speed

def time_front_end(files, runs):
    """Lines of ``files`` and the CPU and wall seconds of each run of read + parse_file.

    parse_file turns the garbage collector off while it parses, as in real use;
    nothing here changes that.
    """
    from analyzer.cfront import parse_file
    from analyzer.intake import read_input
    cpu, wall, lines = [], [], 0
    for run in range(runs):
        gc.collect()    # each run starts from the same heap
        lines = 0
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        for path in files:
            text = read_input(path)
            lines += text.count("\n") + 1
            parse_file(path, text)
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    return lines, cpu, wall


def plain_c_corpus(files):
    """Plain C regenerated by pycparser from the ASTs of ``files``: one text per file,
    its inferred type names declared first, as bare pycparser can parse it."""
    from pycparser import c_generator

    from analyzer.cfront import parse_file
    from analyzer.cfront.preprocess import blank_literals, remove_comments, strip_directives
    from analyzer.cfront.typedefs import infer_typedefs
    from analyzer.intake import read_input
    generator = c_generator.CGenerator()
    texts = []
    for path in files:
        text = read_input(path)
        functions = [f.ast for f in parse_file(path, text).functions if f.ast is not None]
        shape = blank_literals(strip_directives(remove_comments(text))[0])
        names = sorted(name for name in infer_typedefs(shape, []) if name.isidentifier())
        prelude = "".join(f"typedef int {name};\n" for name in names)
        texts.append(prelude + "\n".join(generator.visit(f) for f in functions))
    return texts


def time_bare_pycparser(texts, runs):
    """Lines and median CPU seconds of CParser().parse over ``texts``, gc off, as the
    issue measured it; texts that do not parse as plain C are left out."""
    from pycparser import c_parser
    parsable = []
    for text in texts:
        try:
            c_parser.CParser().parse(text, "plain.c")
            parsable.append(text)
        except Exception:   # regenerated C that reuses a type name as a variable
            pass
    lines = sum(text.count("\n") + 1 for text in parsable)
    times = []
    for run in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            for text in parsable:
                c_parser.CParser().parse(text, "plain.c")
            times.append(time.process_time() - start)
        finally:
            gc.enable()
    return lines, len(parsable), len(texts), times


def profile_front_end(files, top=18):
    """cProfile of read + parse_file over ``files``: the top functions by own time."""
    from analyzer.cfront import parse_file
    from analyzer.intake import read_input
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        parse_file(path, read_input(path))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# ---------------------------------------------------------------- subprocesses

def compare_with_sparse(sparse_commands, rounds):
    """Alternate lockscan (A) and sparse (B) on SPARSE_FILES, ``rounds`` times each."""
    lockscan_command = [str(LOCKSCAN), "scan", *(str(TREE / name) for name in SPARSE_FILES)]
    lockscan_wall, sparse_wall, lockscan_cpu, sparse_cpu = [], [], [], []
    # What lockscan pays before it reads a file: the interpreter and the imports.
    startup_command = [str(VENV_PYTHON), "-c", "import analyzer.cli, analyzer.scan"]
    startup_wall = []
    failures = []
    sparse_warnings = 0
    for round_number in range(rounds):
        startup_wall.append(run_child(startup_command)[0])
        wall, cpu, _, status, _ = run_child(lockscan_command)
        lockscan_wall.append(wall)
        lockscan_cpu.append(cpu)
        if status != 0:
            failures.append(f"lockscan scan exited {status}")
        # kbuild runs sparse once per file: the same two runs, one after the other.
        wall_total = cpu_total = 0.0
        for name in SPARSE_FILES:
            result = run_sparse(sparse_commands[name])
            wall_total += result[0]
            cpu_total += result[1]
            if round_number == 0:
                sparse_warnings += result[2]
            if result[3] != 0:
                failures.append(f"sparse {name} exited {result[3]}")
        sparse_wall.append(wall_total)
        sparse_cpu.append(cpu_total)
    return {"lockscan_wall": lockscan_wall, "sparse_wall": sparse_wall,
            "startup_wall": startup_wall, "lockscan_cpu": lockscan_cpu, "sparse_cpu": sparse_cpu,
            "failures": sorted(set(failures)), "sparse_warnings": sparse_warnings}


def measure_scan_rss():
    """Peak RSS and totals of `lockscan scan mm/ --format json` (the real command)."""
    wall, cpu, rss_kib, status, stdout = run_child(
        [str(LOCKSCAN), "scan", str(TREE / "mm"), "--format", "json"])
    metrics = json.loads(stdout)["metrics"] if status == 0 else {}
    return {"wall": wall, "cpu": cpu, "rss_mb": rss_kib / 1024, "status": status,
            "metrics": metrics}


# ---------------------------------------------------------------- report

def verdict(ok):
    return "ok" if ok else "MISSED"


def table(rows):
    lines = ["| measure | value | target | |", "|---|---|---|---|"]
    lines += [f"| {name} | {value} | {target} | {status} |" for name, value, target, status
              in rows]
    return "\n".join(lines)


def reasons_section(groups, limit=25):
    if not groups:
        return "All functions parsed."
    lines = ["| count | reason | where | example |", "|---|---|---|---|"]
    for reason, count, by_label, (path, line, name, message, source) in groups[:limit]:
        where = ", ".join(f"{label} {n}" for label, n in by_label.items())
        relative = os.path.relpath(path, TREE)
        example = f"`{relative}:{line}` {name}(): {message}"
        if source:
            quoted = source[:90].replace("|", "\\|")    # a | would split the table cell
            example += f" — `{quoted}`"
        lines.append(f"| {count} | {reason} | {where} | {example} |")
    if len(groups) > limit:
        rest = sum(count for _, count, _, _ in groups[limit:])
        lines.append(f"| {rest} | ({len(groups) - limit} more reasons) | | |")
    return "\n".join(lines)


# ---------------------------------------------------------------- main

def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--runs", type=int, default=5, help="timed runs of the mm/ front end")
    arguments.add_argument("--rounds", type=int, default=9,
                           help="rounds of lockscan vs sparse (each runs both)")
    arguments.add_argument("--profile", action="store_true",
                           help="profile the mm/ front end even when every target is met")
    options = arguments.parse_args()
    ensure_project_python()
    ensure_packages()
    ensure_tree()
    ensure_configured()
    sparse_commands = ensure_sparse_commands()

    log("parse rate: mm/*.c, kernel/, fs/")
    mm_top = c_files(TREE / "mm", recursive=False)
    rates = [measure_parse_rate("mm/*.c", mm_top),
             measure_parse_rate("kernel/", c_files(TREE / "kernel", recursive=True)),
             measure_parse_rate("fs/", c_files(TREE / "fs", recursive=True))]

    log(f"speed: mm/ front end, {options.runs} runs")
    mm_all = c_files(TREE / "mm", recursive=True)
    mm_lines, cpu_times, wall_times = time_front_end(mm_all, options.runs)
    cpu_rate = mm_lines / statistics.median(cpu_times)
    wall_rate = mm_lines / statistics.median(wall_times)

    log("speed: bare pycparser on plain C regenerated from mm/*.c")
    plain_lines, plain_files, all_files, plain_times = time_bare_pycparser(
        plain_c_corpus(mm_top), options.runs)
    plain_rate = plain_lines / statistics.median(plain_times) if plain_times else 0.0

    log(f"lockscan scan vs sparse on {' '.join(SPARSE_FILES)}, {options.rounds} rounds")
    versus = compare_with_sparse(sparse_commands, options.rounds)
    lockscan_median = statistics.median(versus["lockscan_wall"])
    sparse_median = statistics.median(versus["sparse_wall"])
    ratio = lockscan_median / sparse_median
    cpu_ratio = statistics.median(versus["lockscan_cpu"]) / statistics.median(versus["sparse_cpu"])

    log("peak RSS: lockscan scan mm/")
    rss = measure_scan_rss()

    crashes = [crash for rate in rates for crash in rate["crashes"]]
    rows = []
    for rate in rates:
        value = percent(rate["parsed"], rate["functions"])
        target = TARGET_MM_RATE if rate["label"] == "mm/*.c" else TARGET_TREE_RATE
        rows.append((f"parse rate {rate['label']}",
                     f"{value:.2f}% ({rate['parsed']}/{rate['functions']} functions, "
                     f"{rate['files']} files, {rate['lines']:,} lines)",
                     f">= {target:g}%", verdict(value >= target)))
    rows.append(("crashes (parse_file raised)", str(len(crashes)), "0", verdict(not crashes)))
    rows.append(("front end mm/ (read, normalise, parse)",
                 f"{cpu_rate:,.0f} lines/CPU-s (median of {options.runs}; wall {wall_rate:,.0f} "
                 f"lines/s; {mm_lines:,} lines, {len(mm_all)} files)",
                 f">= {TARGET_LINES_PER_SECOND:,} lines/s",
                 verdict(cpu_rate >= TARGET_LINES_PER_SECOND)))
    rows.append(("bare pycparser, plain C from mm/*.c ASTs, gc off (reference)",
                 f"{plain_rate:,.0f} lines/CPU-s (median of {len(plain_times)}; {plain_lines:,} "
                 f"lines, {plain_files}/{all_files} files)",
                 f"issue: ~{PYCPARSER_ANCHOR:,} lines/s", "ref"))
    rows.append((f"`lockscan scan {' '.join(SPARSE_FILES)}` (wall)",
                 f"{lockscan_median:.3f} s median of {options.rounds}, of which start-up "
                 f"(python, imports) {statistics.median(versus['startup_wall']):.3f} s", "", ""))
    rows.append(("sparse, kbuild flags, same files (wall)",
                 f"{sparse_median:.3f} s median of {options.rounds}", "", ""))
    rows.append(("lockscan / sparse",
                 f"{ratio:.2f} x wall (CPU {cpu_ratio:.2f} x)"
                 + (f"; failures: {'; '.join(versus['failures'])}" if versus["failures"] else ""),
                 f"<= {TARGET_SPARSE_RATIO:g} x",
                 verdict(ratio <= TARGET_SPARSE_RATIO and not versus["failures"])))
    rows.append(("peak RSS `lockscan scan mm/`",
                 f"{rss['rss_mb']:.0f} MB ({rss['wall']:.1f} s wall, "
                 f"{rss['metrics'].get('functionsParsed', '?')}/"
                 f"{rss['metrics'].get('functions', '?')} functions, exit {rss['status']})",
                 f"< {TARGET_RSS_MB} MB", verdict(rss["rss_mb"] < TARGET_RSS_MB
                                                  and rss["status"] == 0)))

    groups = unparsed_by_reason(rates)
    missed_speed = cpu_rate < TARGET_LINES_PER_SECOND or ratio > TARGET_SPARSE_RATIO
    profile = profile_front_end(mm_all) if missed_speed or options.profile else ""

    header = [
        "# cfront benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: {machine_description()} (shared and noisy: medians quoted)",
        f"- versions: {versions()}",
        f"- tree: {TREE} (full linux-source-6.1, defconfig, prepared)",
        f"- sparse: kbuild's command from `make C=2 V=1`, run in the tree "
        f"({versus['sparse_warnings']} warning/error lines on the first round)",
        f"- command: `{' '.join(['bench/cfront.py', *sys.argv[1:]])}`",
    ]
    report = "\n".join(header) + "\n\n" + table(rows) + "\n"
    report += "\n## Unparsed functions by reason\n\n" + reasons_section(groups) + "\n"
    if crashes:
        report += "\n## Crashes\n\n" + "\n".join(
            f"- `{os.path.relpath(path, TREE)}`: {error}" for path, error in crashes) + "\n"
    if profile:
        report += "\n## Profile of the mm/ front end (cProfile)\n\n```\n" + profile.strip() + \
            "\n```\n"
    print(report)
    RESULTS.write_text(report)
    log(f"written to {RESULTS}")
    return 0 if all(status != "MISSED" for _, _, _, status in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
