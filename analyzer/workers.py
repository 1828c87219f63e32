"""Work shared among forked processes, and a counter of it on stderr; used by
``scan`` (files) and ``check`` (patches).

The workers are forked here rather than by concurrent.futures, whose imports
(multiprocessing, threads, queues) take 12 ms: a twentieth of a scan of two
files.  Forking also hands each worker the work function as it is, closures
and all; only results travel, as a length and a pickle.
"""

import os
import sys

PROGRESS_FROM = 20     # files or patches: below this, a run is over before a counter helps


def in_workers(work, order, jobs):
    """(index, work(index)) for every index in ``order``, as each is done.

    With ``jobs`` > 1 and more than one index, ``jobs`` forked workers do the
    work: the parent hands out one index at a time, in ``order``, over a pipe
    the workers share, and the next each time a result comes back, so no
    worker idles while another has a queue.  An exception raised by ``work``
    is raised again here, as it was.
    """
    if jobs < 2 or len(order) < 2:
        for index in order:
            yield index, work(index)
        return
    import pickle
    import selectors
    tasks_read, tasks_write = os.pipe()
    workers = selectors.DefaultSelector()
    for _ in range(min(jobs, len(order))):
        results_read, results_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            # whatever happens, the worker never returns into the parent's code, and
            # never flushes what the parent had buffered
            status = 1
            try:
                os.close(tasks_write)
                os.close(results_read)
                status = worker(work, tasks_read, results_write)
            finally:
                os._exit(status)
        os.close(results_write)
        workers.register(results_read, selectors.EVENT_READ, [pid, b""])
    os.close(tasks_read)
    handed = 0

    def hand_out():
        """The next index to whichever worker reads first; after the last, the end."""
        nonlocal handed
        if handed < len(order):
            os.write(tasks_write, order[handed].to_bytes(4, "little"))
        elif handed == len(order):
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
                    raise error     # as work raised it: InputError, or a bug
                hand_out()
                done += 1
                yield index, result
    if done < len(order):
        raise RuntimeError(f"workers ended with {len(order) - done} items not done: "
                           + ", ".join(ended))


def worker(work, tasks, results):
    """A forked worker: do the work of the indexes that come through ``tasks``,
    until it is closed; the exit status."""
    import pickle
    import traceback
    with open(tasks, "rb", buffering=0) as task_pipe, open(results, "wb") as result_pipe:
        # reads of 4 bytes from a pipe written 4 bytes at a time: one index each
        while index := task_pipe.read(4):
            index = int.from_bytes(index, "little")
            try:
                message = (index, work(index), None)
            except Exception as error:
                message = (index, None, error)
            try:
                data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
            except Exception:
                failure = RuntimeError(f"item {index}:\n{traceback.format_exc()}")
                data = pickle.dumps((index, None, failure), pickle.HIGHEST_PROTOCOL)
            result_pipe.write(len(data).to_bytes(8, "little") + data)
            result_pipe.flush()
    return 0


def exit_reason(pid):
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def progress(items, total, what):
    """The items, with a counter of ``what`` on stderr when it is a terminal and
    the work is long (``total`` None: not known, a stream).  The counter is
    wiped before each item is handed on, so that what is written of it (a
    streamed report on the same terminal) never lands on the counter's line."""
    show = (total is None or total >= PROGRESS_FROM) and sys.stderr.isatty()
    shown = False
    for done, item in enumerate(items, 1):
        if shown:
            sys.stderr.write("\r\033[K")
        yield item
        if show and (total is not None or done >= PROGRESS_FROM):
            sys.stderr.write(f"\rlockscan: {done}/{total} {what}" if total is not None
                             else f"\rlockscan: {done} {what}")
            sys.stderr.flush()
            shown = True
    if shown:
        sys.stderr.write("\r\033[K")
