"""``lockscan scan``: the front end, the lock analysis and the checks over whole C files."""

import gc
import os
import sys

from analyzer.cfront import ERROR_POSITION, parse_file
from analyzer.checks import Image, run_checks
from analyzer.extract import Touched, numbered
from analyzer.extract.fragments import fields_in_lines
from analyzer.inputs import read_input
from analyzer.locks import analyze_image
from analyzer.locks.rules import learn_struct_types

PROGRESS_FROM = 20     # files: below this, a run is over before a counter helps


def c_files(paths):
    """The .c files named or found under the directories named, sorted; OSError if missing."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            for directory, subdirectories, names in os.walk(path):
                subdirectories.sort()
                found.extend(os.path.join(directory, name) for name in sorted(names)
                             if name.endswith(".c"))
        elif os.path.exists(path):
            found.append(path)
        else:
            raise FileNotFoundError(path)
    return found


def scan(paths, rules, all_files=False, jobs=1):
    """({metrics, unparsed functions}, findings) of the C files under ``paths``.

    With ``jobs`` > 1 the files are shared out to that many processes; the
    results come back in file order, so the output does not depend on it.
    """
    files = c_files(paths)
    # what is alive now lives to the end: the collections after each file skip it
    gc.freeze()
    if jobs > 1 and len(files) > 1:
        per_file = [None] * len(files)
        for index, result in progress(scan_in_processes(files, rules, all_files, jobs),
                                      len(files)):
            per_file[index] = result
    else:
        per_file = list(progress((scan_file(path, rules, all_files) for path in files),
                                 len(files)))
    metrics = {"files": 0, "lines": 0, "functions": 0, "functionsParsed": 0}
    unparsed = []
    findings = []
    for file_metrics, file_unparsed, file_findings in per_file:
        for name, value in file_metrics.items():
            metrics[name] += value
        unparsed.extend(file_unparsed)
        findings.extend(file_findings)
    return {"metrics": metrics, "unparsed": unparsed}, findings


def scan_file(path, rules, all_files):
    """(metrics, unparsed functions, findings) of one C file."""
    parsed = parse_file(path, read_input(path))
    metrics = {"files": 1, "lines": parsed.lines, "functions": len(parsed.functions),
               "functionsParsed": sum(1 for f in parsed.functions if f.ast is not None)}
    unparsed = [{"path": path, "line": f.line, "function": f.name,
                 "reason": ERROR_POSITION.sub("", f.error).lstrip()}
                for f in parsed.functions if f.ast is None]
    findings = []
    if all_files or rules.applies_to(path):
        # struct definitions of this file give pointer types, for this file only
        rules = rules.with_own_types()
        for struct in parsed.structs:
            if struct.name:
                learn_struct_types(rules, struct.name, fields_in_lines(numbered(struct)))
        whole = [Touched(path, "function", f.name, f.line, new=f) for f in parsed.functions]
        image = Image(analyze_image(whole, "new", rules))
        findings = run_checks(image, rules)
        # a function the analysis gave up on is said, not silently clean
        lines = {f.name: f.line for f in parsed.functions}
        unparsed += [{"path": path, "line": lines.get(facts.name, 0), "function": facts.name,
                      "reason": f"not analyzed: {facts.reason}"}
                     for facts in image.functions if not facts.analyzed]
    # the file's syntax trees and flow graphs hold cycles; free them before the next file
    gc.collect()
    return metrics, unparsed, findings


def scan_in_processes(files, rules, all_files, jobs):
    """(index, scan_file's result) of every file, from ``jobs`` forked workers, as
    each comes back.

    The workers are forked here rather than by concurrent.futures, whose imports
    (multiprocessing, threads, queues) take 12 ms: a twentieth of a scan of two
    files.  The parent hands out one file at a time, largest first, over a pipe
    the workers share, and the next one each time a result comes back, so no
    worker idles while another has a queue.  A result is a length and a pickle.
    """
    import pickle
    import selectors
    order = sorted(range(len(files)), key=lambda i: -file_size(files[i]))
    tasks_read, tasks_write = os.pipe()
    workers = selectors.DefaultSelector()
    for _ in range(min(jobs, len(files))):
        results_read, results_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            # whatever happens, the worker never returns into the parent's code, and
            # never flushes what the parent had buffered
            status = 1
            try:
                os.close(tasks_write)
                os.close(results_read)
                status = scan_worker(files, rules, all_files, tasks_read, results_write)
            finally:
                os._exit(status)
        os.close(results_write)
        workers.register(results_read, selectors.EVENT_READ, [pid, b""])
    os.close(tasks_read)
    handed = 0

    def hand_out():
        """The next file to whichever worker reads first; after the last, the end."""
        nonlocal handed
        if handed < len(files):
            os.write(tasks_write, order[handed].to_bytes(4, "little"))
        elif handed == len(files):
            os.close(tasks_write)
        handed += 1

    for _ in range(len(workers.get_map())):
        hand_out()
    done = 0
    ended = []      # how each worker ended: by itself once the work ran out, unless it died
    while workers.get_map():
        for key, _ in workers.select():
            state = key.data
            chunk = os.read(key.fd, 1 << 16)
            if not chunk:
                workers.unregister(key.fd)
                os.close(key.fd)
                ended.append(exit_reason(state[0]))
                continue
            state[1] += chunk
            while len(state[1]) >= 8:
                size = int.from_bytes(state[1][:8], "little")
                if len(state[1]) < 8 + size:
                    break
                index, result, error = pickle.loads(state[1][8:8 + size])
                state[1] = state[1][8 + size:]
                if error:
                    raise error     # as scan_file raised it: InputError, or a bug
                hand_out()
                done += 1
                yield index, result
    if done < len(files):
        raise RuntimeError(f"scan workers ended with {len(files) - done} files not scanned: "
                           + ", ".join(ended))


def scan_worker(files, rules, all_files, tasks, results):
    """A forked worker: scan the files whose indexes come through ``tasks``, until
    it is closed; the exit status."""
    import pickle
    import traceback
    with open(tasks, "rb", buffering=0) as task_pipe, open(results, "wb") as result_pipe:
        # reads of 4 bytes from a pipe written 4 bytes at a time: one index each
        while index := task_pipe.read(4):
            index = int.from_bytes(index, "little")
            try:
                message = (index, scan_file(files[index], rules, all_files), None)
            except Exception as error:
                message = (index, None, error)
            try:
                data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
            except Exception:
                failure = RuntimeError(f"scanning {files[index]}:\n{traceback.format_exc()}")
                data = pickle.dumps((index, None, failure), pickle.HIGHEST_PROTOCOL)
            result_pipe.write(len(data).to_bytes(8, "little") + data)
            result_pipe.flush()
    return 0


def file_size(path):
    """The size of a file; 0 for one that cannot be read (its worker says why)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def exit_reason(pid):
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def progress(items, total):
    """The items, with a counter on stderr when it is a terminal and the work is long."""
    show = total >= PROGRESS_FROM and sys.stderr.isatty()
    for done, item in enumerate(items, 1):
        if show:
            sys.stderr.write(f"\rlockscan: {done}/{total} files")
            sys.stderr.flush()
        yield item
    if show:
        sys.stderr.write("\r\033[K")
