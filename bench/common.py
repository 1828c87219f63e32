"""What the benchmarks share: the cached, configured linux-source-6.1 tree,
sparse's kbuild command lines, timed child processes, and the machine and
version lines of a results file.

The first caller installs what is missing (as root), unpacks the full kernel
tree into the cache, configures it (defconfig, prepare) and takes sparse's
command lines from kbuild; later callers reuse all of that.

Standard library only.
"""

import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
LOCKSCAN = ROOT / ".venv" / "bin" / "lockscan"

TARBALL = Path("/usr/src/linux-source-6.1.tar.xz")
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lockscan"
TREE = CACHE / "linux-full-6.1"
PREPARED_STAMP = TREE / ".lockscan-prepared"
SPARSE_COMMANDS = CACHE / "sparse-commands-6.1.json"

# Debian packages: the kernel source and sparse, and what `make prepare` and
# compiling one object need.
PACKAGES = ["linux-source-6.1", "sparse", "make", "gcc", "flex", "bison", "bc", "libelf-dev",
            "libssl-dev", "xz-utils"]
SPARSE_FILES = ["mm/rmap.c", "mm/mmap.c"]


# A function definition: its header ends with ')' and the next line is a lone '{'.
HEADER_END = re.compile(r"\)\s*$")
CALLED_NAME = re.compile(r"(\w+)\s*\(")


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- environment

def ensure_project_python():
    """Re-run under the project's venv when the project cannot be imported here."""
    try:
        import analyzer.cfront  # noqa: F401
    except ImportError:
        if VENV_PYTHON.exists() and Path(sys.executable) != VENV_PYTHON:
            os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])
        sys.exit(f"cannot import analyzer; install the project first: "
                 f"python3 -m venv .venv && .venv/bin/pip install -e .  (in {ROOT})")


def installed(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                            capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.endswith("installed")


def ensure_packages(packages=PACKAGES):
    """apt-get install what is missing (update first); nothing when all is there."""
    missing = [package for package in packages if not installed(package)]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"missing Debian packages {' '.join(missing)}; install them as root")
    log(f"installing {' '.join(missing)}")
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update"], check=True, env=environment)
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *missing], check=True,
                   env=environment)


def ensure_tree():
    """The full linux-source-6.1 tree, unpacked once into the cache."""
    if TREE.is_dir():
        return
    # Unpack beside the final place and rename, so a half-unpacked tree is never reused.
    partial = TREE.with_name(TREE.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    log(f"unpacking {TARBALL} into {TREE} (once)")
    subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(partial)], check=True)
    (partial / "linux-source-6.1").rename(TREE)
    partial.rmdir()


def make(*arguments, capture=False):
    command = ["make", f"-j{os.cpu_count() or 1}", *arguments]
    log(f"  {' '.join(command)}  (in {TREE})")
    result = subprocess.run(command, cwd=TREE, text=True, check=False,
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                            stderr=subprocess.STDOUT if capture else None)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {TREE}"
                 + (f":\n{result.stdout[-3000:]}" if capture else ""))
    return result.stdout


def ensure_configured():
    """`make defconfig` and `make prepare`, once (a stamp file says it was done)."""
    if PREPARED_STAMP.exists():
        return
    log("configuring the kernel tree (once)")
    if not (TREE / ".config").exists():
        make("defconfig")
    make("prepare")
    PREPARED_STAMP.write_text("make defconfig && make prepare\n")


def ensure_sparse_commands():
    """kbuild's sparse command line for each file of SPARSE_FILES, cached as JSON.

    kbuild does not record the check in mm/.rmap.o.cmd, so it is taken from
    the V=1 output of `make C=2` (C=2 checks even when the object is up to date).
    """
    if SPARSE_COMMANDS.exists():
        stored = json.loads(SPARSE_COMMANDS.read_text())
        if stored.get("tree") == str(TREE) and set(stored["commands"]) == set(SPARSE_FILES):
            return stored["commands"]
    log("taking sparse's command lines from kbuild (once)")
    objects = [name[:-2] + ".o" for name in SPARSE_FILES]
    output = make("C=2", "V=1", *objects, capture=True)
    commands = {}
    for line in output.splitlines():
        words = line.strip().split(None, 1)
        if not words or os.path.basename(words[0]) != "sparse":
            continue
        argv = shlex.split(line)
        if argv[-1] in SPARSE_FILES:
            commands[argv[-1]] = argv
    missing = set(SPARSE_FILES) - set(commands)
    if missing:
        sys.exit(f"no sparse command for {', '.join(sorted(missing))} in the output of "
                 f"make C=2 V=1:\n{output[-3000:]}")
    SPARSE_COMMANDS.write_text(json.dumps({"tree": str(TREE), "commands": commands}, indent=1))
    return commands


# ---------------------------------------------------------------- subprocesses

class Run:
    """What one child (or batch of children) cost: wall and CPU seconds, peak RSS,
    exit status, output."""

    def __init__(self, wall, cpu, rss_kib, tree_rss_kib, status, output, warnings=None):
        self.wall = wall
        self.cpu = cpu
        self.rss_kib = rss_kib              # ru_maxrss from wait4 (see measure)
        self.tree_rss_kib = tree_rss_kib    # sampled sum over the process tree, or None
        self.status = status
        self.output = output                # the captured stream, bytes, or None
        self.warnings = warnings            # diagnostics counted by the caller, or None


def measure(command, cwd=None, capture=None, sample_tree_rss=False, env=None):
    """Run ``command`` once and return its Run.

    capture: None, "stdout" or "stderr": the one stream kept (the other goes to
    /dev/null; one pipe only, so reading it cannot deadlock against the other).
    env: the child's environment (None: this one's).

    Peak RSS comes from os.wait4, which gives this child's own rusage, not the
    maximum over all children so far. The kernel folds in the child's reaped
    children as a maximum, not a sum: for a process pool it is the largest single
    process. sample_tree_rss also samples the sum of VmRSS over the child and its
    descendants every 20 ms, which is what a pool really holds at once.
    """
    devnull, pipe = subprocess.DEVNULL, subprocess.PIPE
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env,
                               stdout=pipe if capture == "stdout" else devnull,
                               stderr=pipe if capture == "stderr" else devnull)
    sampler = TreeRssSampler(process.pid) if sample_tree_rss else None
    output = None
    if capture == "stdout":
        output = process.stdout.read()
        process.stdout.close()
    elif capture == "stderr":
        output = process.stderr.read()
        process.stderr.close()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    # Tell Popen the child is reaped, so it never waits for it again.
    process.returncode = os.waitstatus_to_exitcode(status)
    tree_rss = sampler.stop() if sampler else None
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, tree_rss,
               process.returncode, output)


class TreeRssSampler:
    """The largest sum of VmRSS seen over a process and its descendants.

    This kernel may lack /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN), so
    the descendants are found from the parent field of every /proc/PID/stat.
    """

    INTERVAL = 0.02

    def __init__(self, pid):
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, self.sample())
            self.done.wait(self.INTERVAL)

    def sample(self):
        children = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    stat = handle.read()
            except OSError:     # the process ended between listing and reading
                continue
            # The command name may hold spaces and parentheses: split after the last ')'.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
        total, pending = 0, [self.pid]
        while pending:
            pid = pending.pop()
            total += vm_rss_kib(pid)
            pending.extend(children.get(pid, []))
        return total

    def stop(self):
        self.done.set()
        self.thread.join()
        return self.peak_kib


def vm_rss_kib(pid):
    """VmRSS of ``pid`` in KiB; 0 when it is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_child(command, cwd=None):
    """(wall seconds, CPU seconds, peak RSS in KiB, exit status, stdout) of one child."""
    run = measure(command, cwd=cwd, capture="stdout")
    return run.wall, run.cpu, run.rss_kib, run.status, run.output


def run_sparse(argv):
    """(wall, CPU, warning lines, exit status) of one sparse run in the tree."""
    run = measure(argv, cwd=TREE, capture="stderr")
    stderr = run.output.decode(errors="replace")
    warnings = sum(1 for line in stderr.splitlines() if ": warning: " in line
                   or ": error: " in line)
    return run.wall, run.cpu, warnings, run.status


# ---------------------------------------------------------------- report

def machine_description():
    model = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores (nproc), {model}, {platform.system()} {platform.release()}"


def versions():
    import pycparser

    import analyzer
    sparse = subprocess.run(["sparse", "--version"], capture_output=True, text=True)
    source = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "linux-source-6.1"],
                            capture_output=True, text=True)
    perl = subprocess.run(["perl", "-e", "print $^V"], capture_output=True, text=True)
    return (f"python {platform.python_version()}, pycparser {pycparser.__version__}, "
            f"sparse {(sparse.stdout or sparse.stderr).strip()}, perl {perl.stdout.strip()}, "
            f"lockscan {analyzer.__version__}, linux-source-6.1 {source.stdout.strip()}")


# ---------------------------------------------------------------- kernel code and git

def find_functions(lines):
    """[(name, index of '{', index of '}')] of the function definitions in ``lines``."""
    functions = []
    for index, line in enumerate(lines):
        if line != "{" or index == 0 or not HEADER_END.search(lines[index - 1]):
            continue
        start = index - 1
        while start > 0 and lines[start][:1] in (" ", "\t"):    # header continuation lines
            start -= 1
        name = CALLED_NAME.search(lines[start])
        if lines[start].startswith("#") or name is None:
            continue
        try:
            end = lines.index("}", index + 1)
        except ValueError:
            continue
        if end - index > 3:     # something to edit in
            functions.append((name.group(1), index, end))
    return functions


def git(repository, *arguments, date=None, stdout=None):
    # A fixed identity and dates, no user or system configuration: the same seed
    # gives the same commits, hashes and series bytes on every machine.
    environment = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
                       GIT_AUTHOR_NAME="Lock Scan", GIT_AUTHOR_EMAIL="bench@lockscan.invalid",
                       GIT_COMMITTER_NAME="Lock Scan",
                       GIT_COMMITTER_EMAIL="bench@lockscan.invalid")
    if date is not None:
        environment["GIT_AUTHOR_DATE"] = environment["GIT_COMMITTER_DATE"] = f"{date} +0000"
    subprocess.run(["git", *arguments], cwd=repository, env=environment, check=True,
                   stdout=stdout or subprocess.DEVNULL)
