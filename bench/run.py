#!/usr/bin/env python3
"""lockscan against the tools kernel developers already wait for (issue 6).

One run measures, side by side on this machine, alternating the commands of
each group (A B A B ...) and taking medians of wall time:

- `lockscan check` on the reference mail against `checkpatch.pl --no-tree`;
- `lockscan check series.mbox` on a generated 50-patch `git format-patch`
  series against `checkpatch.pl --no-tree` on its 50 patch files;
- `lockscan scan mm/rmap.c mm/mmap.c` against sparse with kbuild's flags;
- `lockscan scan mm/` with `--jobs 1` and `--jobs 2` against sparse over the
  same files (one after the other, and two at a time);
- peak RSS of every lockscan run;

compares the ratios with the issue's targets, profiles (cProfile) the lockscan
commands that miss theirs, and writes the table to bench/results.md.

The first run installs what is missing (as root), unpacks and configures the
kernel tree and takes sparse's flags (bench/common.py), and generates the
series (seeded, so every run measures the same bytes); later runs reuse the
cache.

    bench/run [--rounds N] [--profile]

Standard library only. Every command runs with the kernel tree as its working
directory (checkpatch must start from the tree root); the tree is not a git
checkout, so `lockscan check` reads the patches in mail mode.
"""

import argparse
import concurrent.futures
import datetime
import io
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import textwrap
import time

from common import (CACHE, LOCKSCAN, PACKAGES, ROOT, SPARSE_FILES, TREE, VENV_PYTHON, Run,
                    ensure_configured, ensure_packages, ensure_project_python,
                    ensure_sparse_commands, ensure_tree, find_functions, git, log,
                    machine_description, measure, run_sparse, versions)

RESULTS = ROOT / "bench" / "results.md"
REFERENCE_MAIL = ROOT.parent / "shared" / "seeds" / "000_7e979d24d400f308.txt"
CHECKPATCH = ["perl", "scripts/checkpatch.pl", "--no-tree"]
PROFILES = CACHE / "profiles"

# The children's environment. A developer's Python keeps compiled bytecode, so
# lockscan must not pay for compiling its sources on every run; this session may
# say PYTHONDONTWRITEBYTECODE. The bytecode goes to the cache, not the source tree.
CHILD_ENV = {name: value for name, value in os.environ.items()
             if name != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")

# The series: SERIES_LENGTH commits over mm/*.c, chosen by a seeded generator.
SERIES_LENGTH = 50
SERIES_SEED = 6
SERIES_DIR = CACHE / f"series-6.1-seed{SERIES_SEED}-n{SERIES_LENGTH}"
SERIES_MBOX = SERIES_DIR / "series.mbox"
SERIES_PATCHES = SERIES_DIR / "patches"

# The targets: lockscan's median wall time over the other tool's.
TARGET_MAIL = 0.75
TARGET_MAIL_FIRST = 0.9         # nothing cached (issue 13)
TARGET_SERIES = 1.0
TARGET_TWO_FILES = 1.0
TARGET_MM = 0.5                 # issue 13
TARGET_SPEEDUP = 1.7            # --jobs 1 over --jobs 2
TARGET_RSS_MB = 300


# ---------------------------------------------------------------- the series

# A lock or unlock call standing alone on its line: spin_lock(&l); mmap_read_unlock(mm);
# lock_page(page); down_write(&sem); "lock" must be a word of the name (not blockcount).
LOCK_CALL = re.compile(r"^(\t+)((?:\w+_)?(?:un)?lock(?:_\w+)?|(?:down|up)_(?:read|write)\w*)"
                       r"\(.*\);$")
# A one-line statement with no block in it, which a lock call may move past.
SIMPLE_STATEMENT = re.compile(r"^(\t+)(?!return\b|goto\b|break\b|continue\b)[a-z_(*][^{}]*;$")

ADDED_STATEMENTS = ["might_sleep();", "cond_resched();", "barrier();", "cpu_relax();",
                    "smp_mb();"]
ADDED_COMMENTS = ["Callers hold the page table lock here.", "No lock is needed below.",
                  "The vma cannot go away: mmap_lock is held.", "Keep the lock order of rmap.c."]


def add_statement(rng, lines, functions):
    """A call before a function's last top-level return (or its closing brace)."""
    name, start, end = rng.choice(functions)
    returns = [i for i in range(start + 1, end) if lines[i].startswith("\treturn")]
    at = returns[-1] if returns else end
    statement = rng.choice(ADDED_STATEMENTS)
    lines.insert(at, "\t" + statement)
    return f"call {statement[:-3]}() in {name}()", \
        f"Add a {statement[:-3]}() call at the end of {name}()."


def add_comment(rng, lines, functions):
    """A comment line above a top-level statement of a function."""
    name, start, end = rng.choice(functions)
    statements = [i for i in range(start + 1, end) if re.match(r"\t[a-z_]", lines[i])]
    if not statements:
        return None
    comment = rng.choice(ADDED_COMMENTS)
    lines.insert(rng.choice(statements), f"\t/* {comment} */")
    return f"document the locking in {name}()", f"Say in {name}() why: {comment}"


def move_lock_call(rng, lines, functions):
    """Swap a lock or unlock call with the simple statement after it (same depth),
    in any function of the file that has one."""
    candidates = []
    for name, start, end in functions:
        for i in range(start + 1, end - 1):
            lock, following = LOCK_CALL.match(lines[i]), SIMPLE_STATEMENT.match(lines[i + 1])
            if lock and following and lock.group(1) == following.group(1) \
                    and not LOCK_CALL.match(lines[i + 1]):
                candidates.append((i, name))
    if not candidates:
        return None
    i, name = rng.choice(candidates)
    call = LOCK_CALL.match(lines[i]).group(2)
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return f"move {call}() one statement later in {name}()", \
        f"Call {call}() after the statement that followed it in {name}()."


# Lock moves are what a lock analyzer is for; statements and comments are the
# everyday small patch.
EDITS = [add_statement, add_comment, move_lock_call, move_lock_call]


def ensure_series():
    """The 50-patch series (mbox and patch files), generated once into the cache.

    A git repository holds a copy of the tree's mm/ (checkpatch runs with
    --no-tree from the full tree, so it needs nothing in the repository);
    each commit makes one small edit to one function of one mm/*.c file.
    """
    if SERIES_MBOX.exists() and len(list(SERIES_PATCHES.glob("*.patch"))) == SERIES_LENGTH:
        return
    log(f"generating the {SERIES_LENGTH}-patch series in {SERIES_DIR} (once)")
    # Built beside the final place and renamed, so a half-made series is never reused.
    partial = SERIES_DIR.with_name(SERIES_DIR.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    repository = partial / "repo"
    # The sources only: the tree's mm/ also holds kbuild's objects and dot files.
    shutil.copytree(TREE / "mm", repository / "mm",
                    ignore=shutil.ignore_patterns(".*", "*.o", "*.a", "*.order", "*.mod"))
    date = 1_700_000_000
    git(repository, "init", "-q", "-b", "master")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "mm: as in linux-source-6.1", date=date)

    rng = random.Random(SERIES_SEED)
    files = sorted((repository / "mm").glob("*.c"))
    for number in range(1, SERIES_LENGTH + 1):
        for attempt in range(200):
            path = rng.choice(files)
            # surrogateescape: a byte that is not UTF-8 is written back unchanged.
            lines = path.read_text(encoding="utf-8", errors="surrogateescape").split("\n")
            functions = find_functions(lines)
            if not functions:
                continue
            edit = rng.choice(EDITS)
            message = edit(rng, lines, functions)
            if message:
                break
        else:
            sys.exit(f"no function to edit found for patch {number}")
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogateescape")
        summary, body = message
        stem = path.stem
        git(repository, "commit", "-q", "-a", "-m",
            f"mm/{stem}: {summary}\n\n{textwrap.fill(body, 72)}\n\n"
            f"Signed-off-by: Lock Scan <bench@lockscan.invalid>", date=date + 60 * number)

    with open(partial / "series.mbox", "wb") as mbox:
        git(repository, "format-patch", f"-{SERIES_LENGTH}", "--stdout", stdout=mbox)
    git(repository, "format-patch", "-q", f"-{SERIES_LENGTH}", "-o", str(partial / "patches"))
    if SERIES_DIR.exists():
        shutil.rmtree(SERIES_DIR)
    partial.rename(SERIES_DIR)


# ---------------------------------------------------------------- commands

def sparse_command(template, path):
    """kbuild's sparse command for ``path``: the one for mm/rmap.c with the
    per-object words (dependency file, KBUILD_* names) made for ``path``."""
    stem = path[:-2]
    directory, base = os.path.split(stem)
    command = []
    for word in template[:-1]:
        if word.startswith("-Wp,-MMD,"):
            word = f"-Wp,-MMD,{directory}/.{base}.o.d"
        elif word.startswith("-DKBUILD_MODFILE="):
            word = f'-DKBUILD_MODFILE="{stem}"'
        elif word.startswith("-DKBUILD_BASENAME="):
            word = f'-DKBUILD_BASENAME="{base}"'
        elif word.startswith("-DKBUILD_MODNAME="):
            word = f'-DKBUILD_MODNAME="{base}"'
        elif word.startswith("-D__KBUILD_MODNAME="):
            word = f"-D__KBUILD_MODNAME=kmod_{base}"
        command.append(word)
    return command + [path]


def mm_files():
    """Every .c file under mm/, relative to the tree, as `lockscan scan mm/` finds them."""
    found = []
    for directory, subdirectories, names in os.walk(TREE / "mm"):
        subdirectories.sort()
        found += [os.path.relpath(os.path.join(directory, name), TREE)
                  for name in sorted(names) if name.endswith(".c")]
    return found


def single_process(command):
    """``command`` with --jobs 1 when it is a scan: cProfile sees only the main
    process, not a pool's workers."""
    if "--jobs" in command:
        at = command.index("--jobs")
        return [*command[:at + 1], "1", *command[at + 2:]]
    if command[1] == "scan":
        return [*command, "--jobs", "1"]
    return command


class Contender:
    """One command of a group: how to run it once, and which exit statuses are normal."""

    def __init__(self, label, command, ok_statuses=(0, 1), run_once=None, is_lockscan=False,
                 env=CHILD_ENV):
        self.label = label
        self.command = command          # shown in results.md
        self.ok_statuses = ok_statuses
        self.run_once = run_once or (lambda: measure(command, cwd=TREE, env=env))
        self.is_lockscan = is_lockscan
        self.runs = []
        self.warmup = None


def lockscan(label, *arguments, env=CHILD_ENV):
    return Contender(label, [str(LOCKSCAN), *arguments], is_lockscan=True, env=env)


def checkpatch(label, paths):
    return Contender(label, [*CHECKPATCH, *paths])


def sparse_files(label, commands, workers):
    """All of ``commands`` (one sparse run per file, as kbuild does), ``workers`` at a time.

    Wall time is that of the whole batch; CPU is summed; status is the number of
    files sparse stopped on with a non-zero exit (information, not failure).
    """
    def run_once():
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(run_sparse, commands))
        wall = time.perf_counter() - start
        cpu = sum(result[1] for result in results)
        failed = sum(1 for result in results if result[3] != 0)
        warnings = sum(result[2] for result in results)
        return Run(wall, cpu, 0, None, failed, None, warnings)
    shown = ["sparse", "<kbuild flags>", f"({len(commands)} files, {workers} at a time)"]
    return Contender(label, shown, ok_statuses=None, run_once=run_once)


def run_group(name, contenders, rounds):
    """A warm-up run of each contender, then ``rounds`` rounds of A B ... in turn."""
    log(f"{name}: warm-up")
    for contender in contenders:
        if contender.is_lockscan:
            # The warm-up also samples the process tree's RSS and keeps stderr, so the
            # timed runs are not slowed by the sampler.
            contender.warmup = measure(contender.command, cwd=TREE, capture="stderr",
                                       sample_tree_rss=True, env=CHILD_ENV)
        else:
            contender.warmup = contender.run_once()
    for round_number in range(1, rounds + 1):
        log(f"{name}: round {round_number}/{rounds}")
        for contender in contenders:
            contender.runs.append(contender.run_once())


# ---------------------------------------------------------------- results

def median_wall(contender):
    return statistics.median(run.wall for run in contender.runs)


def failure(contender):
    """Why a contender's runs are not usable, or None."""
    if contender.ok_statuses is None:
        return None
    statuses = sorted({run.status for run in [contender.warmup, *contender.runs]})
    bad = [status for status in statuses if status not in contender.ok_statuses]
    if not bad:
        return None
    reason = f"exit {bad[0]}"
    if contender.warmup.output:
        last = contender.warmup.output.decode(errors="replace").strip().splitlines()
        reason += f": {last[-1][:120]}" if last else ""
    return reason


def peak_rss_mb(contender):
    """(max ru_maxrss over the runs, the warm-up's sampled tree sum), in MB."""
    wait4 = max(run.rss_kib for run in [contender.warmup, *contender.runs]) / 1024
    tree = (contender.warmup.tree_rss_kib or 0) / 1024
    return wait4, tree


def describe_time(contender):
    run_cpu = statistics.median(run.cpu for run in contender.runs)
    return f"{median_wall(contender):.3f} s (CPU {run_cpu:.3f} s)"


def ratio_row(measure_name, a, b, target):
    """A table row: a against b, median over median, checked against ``target``."""
    problems = [f"{c.label}: {failure(c)}" for c in (a, b) if failure(c)]
    ratio = median_wall(a) / median_wall(b)
    # CPU seconds do not count time the machine gave to other work: a check on wall.
    cpu_ratio = (statistics.median(run.cpu for run in a.runs)
                 / statistics.median(run.cpu for run in b.runs))
    if problems:
        verdict = "FAILED: " + "; ".join(problems)
    elif target is None:
        verdict = "ref"
    else:
        verdict = "ok" if ratio <= target else "MISSED"
    rss = ""
    if a.is_lockscan:
        wait4, tree = peak_rss_mb(a)
        rss = f"{wait4:.0f} MB (tree {tree:.0f} MB)"
    return {"measure": measure_name, "lockscan": describe_time(a), "against": describe_time(b),
            "ratio": f"{ratio:.2f} x (CPU {cpu_ratio:.2f} x)",
            "target": f"<= {target:g} x" if target else "", "rss": rss, "verdict": verdict,
            "contender": a}


def markdown_table(rows):
    columns = [("measure", "measure"), ("lockscan", "lockscan (median wall)"),
               ("against", "other tool (median wall)"), ("ratio", "ratio"),
               ("target", "target"), ("rss", "lockscan peak RSS"), ("verdict", "")]
    lines = ["| " + " | ".join(title for _, title in columns) + " |",
             "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(str(row[key]).replace("|", "\\|") for key, _ in columns)
                     + " |")
    return "\n".join(lines)


def samples_section(groups):
    lines = []
    for name, contenders in groups:
        lines.append(f"- {name}")
        for contender in contenders:
            walls = ", ".join(f"{run.wall:.3f}" for run in contender.runs)
            extra = ""
            if contender.warmup.warnings is not None:
                extra = (f"; {contender.warmup.warnings} warning/error lines, "
                         f"{contender.warmup.status} files stopped with an error")
            elif contender.warmup and contender.ok_statuses:
                extra = f"; exit {contender.warmup.status}"
            lines.append(f"  - {contender.label}: `{' '.join(shorten(contender.command))}`: "
                         f"{walls} s{extra}")
    return "\n".join(lines)


def shorten(command):
    """A command as shown in results.md: cache paths relative to the tree."""
    shown = []
    for word in command:
        word = word.replace(str(TREE) + "/", "").replace(str(ROOT) + "/", "")
        shown.append(word.replace(str(CACHE), "~/.cache/lockscan"))
    if len(shown) > 8:      # 50 patch files
        shown = shown[:6] + [f"... ({len(shown) - 7} more)", shown[-1]]
    return shown


# ---------------------------------------------------------------- profiles

def profile(lockscan_command, top=15):
    """cProfile of one run of a lockscan command (its main process only), as text."""
    PROFILES.mkdir(parents=True, exist_ok=True)
    shown = " ".join(shorten(["lockscan", *lockscan_command[1:]]))
    output = PROFILES / (re.sub(r"\W+", "-", shown).strip("-") + ".prof")
    # main(), not the console entry: that one ends the process with os._exit,
    # before cProfile could write its file; the collector off, as the entry has it
    driver = ("import cProfile, gc, sys; from analyzer.cli import main; gc.disable(); "
              "cProfile.run('main(sys.argv[2:])', sys.argv[1])")
    command = [str(VENV_PYTHON), "-c", driver, str(output), *lockscan_command[1:]]
    subprocess.run(command, cwd=TREE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=CHILD_ENV)
    text = io.StringIO()
    stats = pstats.Stats(str(output), stream=text)
    stats.strip_dirs()
    text.write(f"`{shown}`: top {top} by own time\n")
    stats.sort_stats("tottime").print_stats(top)
    text.write(f"`{shown}`: top {top} by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(top)
    # Only the table of each listing: pstats' headers repeat the file name.
    kept = [line for line in text.getvalue().splitlines()
            if line.strip() and not line.lstrip().startswith(("Ordered by", "List reduced"))
            and str(output) not in line]
    return "\n".join(kept)


def import_times(lockscan_command, top=12):
    """The imports that cost the most, from `python -X importtime` on the command."""
    command = [str(VENV_PYTHON), "-X", "importtime", *lockscan_command]
    result = subprocess.run(command, cwd=TREE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=CHILD_ENV)
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((int(match[2]), int(match[1]), len(match[3]) // 2, match[4]))
    top_level = sorted((row for row in rows if row[2] == 0), reverse=True)[:top]
    total = sum(row[0] for row in rows if row[2] == 0)
    shown = " ".join(shorten(["lockscan", *lockscan_command[1:]]))
    lines = [f"`{shown}`: imports, {total / 1000:.1f} ms in all; top-level modules by "
             f"cumulative ms (own ms)"]
    lines += [f"  {cumulative / 1000:8.1f} ({own / 1000:6.1f})  {name}"
              for cumulative, own, _, name in top_level]
    return "\n".join(lines)


# ---------------------------------------------------------------- main

def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--rounds", type=int, default=5,
                           help="rounds of each group; each round runs every command once")
    arguments.add_argument("--profile", action="store_true",
                           help="profile every lockscan command, even those on target")
    options = arguments.parse_args()
    load_at_start = os.getloadavg()[0]
    ensure_project_python()
    ensure_packages([*PACKAGES, "perl", "git"])
    ensure_tree()
    ensure_configured()
    sparse_commands = ensure_sparse_commands()
    ensure_series()
    if not REFERENCE_MAIL.exists():
        sys.exit(f"reference mail not found: {REFERENCE_MAIL}")
    mail = str(REFERENCE_MAIL)
    patches = sorted(str(path) for path in SERIES_PATCHES.glob("*.patch"))
    all_mm = mm_files()
    mm_sparse = [sparse_command(sparse_commands["mm/rmap.c"], path) for path in all_mm]

    # Start-up floors, for reading the mail row: the interpreter alone, and
    # lockscan's entry point with its imports.
    python_floor = Contender("python -c pass", [str(VENV_PYTHON), "-c", "pass"])
    lockscan_floor = lockscan("lockscan --version", "--version")
    # lockscan keeps parsed rule files (~/.cache/lockscan) from a user's first run on;
    # with XDG_CACHE_HOME unwritable every run is a first run.
    rules_cold = lockscan("lockscan check (mail), nothing cached", "check", mail,
                          env={**CHILD_ENV, "XDG_CACHE_HOME": "/dev/null"})
    mail_group = [lockscan("lockscan check (mail)", "check", mail),
                  checkpatch("checkpatch.pl (mail)", [mail]), python_floor, lockscan_floor,
                  rules_cold]
    series_group = [lockscan("lockscan check series.mbox", "check", str(SERIES_MBOX)),
                    checkpatch("checkpatch.pl 50 patch files", patches)]
    two_files_group = [lockscan("lockscan scan rmap+mmap", "scan", *SPARSE_FILES),
                       sparse_files("sparse rmap+mmap", [sparse_commands[name]
                                                         for name in SPARSE_FILES], 1)]
    mm_lockscan = [lockscan("lockscan scan mm/ --jobs 1", "scan", "mm", "--jobs", "1"),
                   lockscan("lockscan scan mm/ --jobs 2", "scan", "mm", "--jobs", "2")]
    sparse_serial = sparse_files("sparse mm/, one at a time", mm_sparse, 1)
    sparse_parallel = sparse_files("sparse mm/, two at a time", mm_sparse, 2)
    mm_group = [mm_lockscan[0], sparse_serial, *mm_lockscan[1:], sparse_parallel]

    groups = [("reference mail", mail_group), (f"{SERIES_LENGTH}-patch series", series_group),
              ("mm/rmap.c + mm/mmap.c", two_files_group), ("all of mm/", mm_group)]
    for name, group in groups:
        run_group(name, group, options.rounds)

    rows = [ratio_row("reference mail: check vs checkpatch", mail_group[0], mail_group[1],
                      TARGET_MAIL),
            ratio_row("start-up floor: `lockscan --version` vs checkpatch (mail)",
                      lockscan_floor, mail_group[1], None),
            ratio_row("reference mail, first run (rule files parsed) vs checkpatch",
                      rules_cold, mail_group[1], TARGET_MAIL_FIRST),
            ratio_row(f"{SERIES_LENGTH}-patch series: check series.mbox vs checkpatch on the "
                      f"patch files", series_group[0], series_group[1], TARGET_SERIES),
            ratio_row("mm/rmap.c + mm/mmap.c: scan vs sparse (one after the other)",
                      two_files_group[0], two_files_group[1], TARGET_TWO_FILES)]
    jobs_one, jobs_two = mm_lockscan
    rows.append(ratio_row(f"mm/ ({len(all_mm)} files): --jobs 1 vs sparse one at a time",
                          jobs_one, sparse_serial, None))
    rows.append(ratio_row("mm/: --jobs 2 vs sparse one at a time (total)", jobs_two,
                          sparse_serial, TARGET_MM))
    rows.append(ratio_row("mm/: --jobs 2 vs sparse two at a time", jobs_two, sparse_parallel,
                          None))
    speedup = median_wall(jobs_one) / median_wall(jobs_two)
    # sparse's own gain from a second worker, in the same rounds, shows how much of
    # a second core this shared machine really had to give.
    sparse_speedup = median_wall(sparse_serial) / median_wall(sparse_parallel)
    rows.append({"measure": "mm/: speed-up of --jobs 2 over --jobs 1",
                 "lockscan": describe_time(jobs_two), "against": describe_time(jobs_one),
                 "ratio": f"{speedup:.2f} x faster (sparse, two at a time over one at a time, "
                          f"same rounds: {sparse_speedup:.2f} x)",
                 "target": f">= {TARGET_SPEEDUP:g} x",
                 "rss": "", "contender": jobs_two,
                 "verdict": "ok" if speedup >= TARGET_SPEEDUP else "MISSED"})
    mm_rss = max(max(peak_rss_mb(contender)) for contender in mm_lockscan)
    rows.append({"measure": "mm/: peak RSS of lockscan scan (largest of wait4 and tree sum)",
                 "lockscan": f"{mm_rss:.0f} MB", "against": "", "ratio": "",
                 "target": f"<= {TARGET_RSS_MB} MB", "rss": f"{mm_rss:.0f} MB",
                 "contender": jobs_two,
                 "verdict": "ok" if mm_rss <= TARGET_RSS_MB else "MISSED"})

    # Profile what missed its target (or everything with --profile), in one process.
    to_profile = []
    for row in rows:
        contender = row["contender"]
        if row["verdict"] == "MISSED" or options.profile:
            command = single_process(contender.command)
            if contender.is_lockscan and command not in to_profile:
                to_profile.append(command)
    profiles = []
    shutil.rmtree(PROFILES, ignore_errors=True)     # only this run's profiles
    for command in to_profile:
        log(f"profiling {' '.join(shorten(command))}")
        profiles.append(profile(command))
        if command[1] == "check":     # short runs: start-up is the question
            profiles.append(import_times(command))

    sparse_failed = sparse_serial.warmup.status
    header = [
        "# lockscan against checkpatch.pl and sparse (issue 6)",
        "",
        f"- date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: {machine_description()}; shared: other sessions' tests may run at the "
        f"same time (load average {load_at_start:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end), hence alternation, medians, CPU ratios beside "
        f"the wall ratios, and sparse's own two-worker speed-up beside lockscan's",
        f"- versions: {versions()}",
        f"- command: `{' '.join(['bench/run', *sys.argv[1:]])}`; {options.rounds} rounds, each "
        f"group's commands alternating (A B A B ...) after one warm-up run each; wall time",
        f"- tree: {shorten([str(TREE)])[0]} (full linux-source-6.1, defconfig, prepared); every "
        f"command runs from its root. It is not a git checkout, so `lockscan check` reads "
        f"patches in mail mode (functions rebuilt from the hunks)",
        f"- reference mail: `{REFERENCE_MAIL.relative_to(ROOT.parent)}`",
        f"- series: {SERIES_LENGTH} commits (seed {SERIES_SEED}) editing functions of mm/*.c "
        f"in a git copy of the tree's mm/, in `{shorten([str(SERIES_DIR)])[0]}`; lockscan "
        f"reads `series.mbox` (`git format-patch -{SERIES_LENGTH} --stdout`), checkpatch the "
        f"{SERIES_LENGTH} files of `git format-patch -o patches` in one run, as a developer "
        f"checks a series before `git send-email`",
        f"- sparse: kbuild's command line from `make C=2 V=1` for mm/rmap.c and mm/mmap.c; for "
        f"the other mm/ files the same flags with the per-object names made for the file. "
        f"One sparse process per file, as kbuild runs it; 'one at a time' is the wall time of "
        f"all of them in a row, 'two at a time' with two workers (like `make -j2 C=2`). "
        f"{sparse_failed} of {len(all_mm)} files stop early on an error under defconfig "
        f"(mm/kasan/*: `asm/mte-kasan.h`), so sparse's mm/ total is slightly low",
        "- peak RSS: `ru_maxrss` of `os.wait4` on the lockscan process, the largest over its "
        "runs; for a process pool the kernel reports the largest single process, so the warm-up "
        "run also samples the sum of VmRSS over the process tree every 20 ms (\"tree\")",
        "- lockscan runs with its defaults (text output; `scan --jobs` defaults to the "
        "number of cores) unless the row says otherwise",
        "- exit status 1 of lockscan and checkpatch means findings, not failure",
        "- Python children run with compiled bytecode cached (PYTHONPYCACHEPREFIX in the "
        "cache; PYTHONDONTWRITEBYTECODE removed), as on a developer's machine",
        "- lockscan keeps the parsed rule files (keyed by their bytes, each file checked "
        "against its own checksum) in ~/.cache/lockscan from its first run on; the warm-up "
        "run fills it. The \"first run\" row runs with XDG_CACHE_HOME=/dev/null, so every "
        "run parses them. Regular expressions are compiled by every run",
    ]
    report = "\n".join(header) + "\n\n" + markdown_table(rows) + "\n"
    report += "\n## Samples (wall seconds per round)\n\n" + samples_section(groups) + "\n"
    if profiles:
        report += ("\n## Profiles of the commands that missed their target\n\n"
                   "cProfile of one run each (`cProfile.run('main(...)')` in the venv's python, "
                   "with `--jobs 1` where lockscan takes it: cProfile sees only the main "
                   f"process; "
                   f"files in `{shorten([str(PROFILES)])[0]}`).\n\n```\n"
                   + "\n\n".join(profiles) + "\n```\n")
    print(report)
    RESULTS.write_text(report)
    log(f"written to {RESULTS}")
    return 0 if all(row["verdict"] in ("ok", "ref") for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
