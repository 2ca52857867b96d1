"""Both cores for one list of work: a forked child does part of it while this process does the rest.

`check` spends its time reading thousands of files, each on its own; one process per core
reads a share and the children send their results back pickled, through a temporary file.
Only where fork is safe: on Linux, in a process with no other Python threads (a fork copies
only the calling thread). Elsewhere, with HO21_JOBS=1, or for a short list, everything runs
here, in order. A child that fails or cannot be started, or whose results cannot be read
back, leaves its share to this process, so the result is the same either way; if this
process fails, its children are stopped and reaped.
"""

from __future__ import annotations

import itertools
import mmap
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import BinaryIO, NamedTuple, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 500  # below this a fork and a pickle cost more than they save
# This process takes a larger share than each child: a child's results must still be
# pickled and written when it is done, and this process unpickles them after its own share.
# On the 10,000-case benchmark, check took 1.634 s at 1.25, 1.588 s at 1.4 and 1.622 s at 1.55
# (medians of 15, 2 cores).
OWN_SHARE_WEIGHT = 1.4


def cores() -> int:
    """The cores this process may use (a container or taskset may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def default_jobs() -> int:
    """HO21_JOBS if set (1 turns parallel work off; more than the cores counts as the cores,
    but 2 is always allowed), else the cores this process may use."""
    value = os.environ.get("HO21_JOBS", "")
    if value.isascii() and value.isdecimal() and int(value) > 0:
        return min(int(value), max(2, cores()))
    return cores()


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def map_chunks(
    work: Callable[[list[T]], list[R]],
    items: list[T],
    jobs: int | None = None,
    min_items: int | None = None,
) -> list[R]:
    """`work(items)`, done in up to `jobs` processes; results in the order of `items`.

    `work` maps a list to a list of results of the same length, and must not depend on
    being called once: each process calls it on its own consecutive share.
    """
    jobs = default_jobs() if jobs is None else jobs
    min_items = MIN_ITEMS if min_items is None else min_items
    if jobs < 2 or len(items) < max(min_items, 2) or not _can_fork():
        return work(items)
    shares = _split(items, jobs)
    children: dict[int, _Child] = {}  # by share number
    try:
        for i, share in enumerate(shares[1:], 1):
            try:
                children[i] = _fork(work, share)
            except OSError:  # no more processes allowed: this process does the rest
                break
        results = work(shares[0])
        for i, share in enumerate(shares[1:], 1):
            done = _collect(children.pop(i)) if i in children else None
            results.extend(work(share) if done is None else done)
        return results
    finally:
        for child in children.values():  # left only when this process failed
            _abandon(child)


def _split(items: list[T], jobs: int) -> list[list[T]]:
    """Consecutive shares, the first (this process's) OWN_SHARE_WEIGHT times the others."""
    total = OWN_SHARE_WEIGHT + jobs - 1
    bounds = (
        [0]
        + [round(len(items) * (OWN_SHARE_WEIGHT + k) / total) for k in range(jobs - 1)]
        + [len(items)]
    )
    return [items[a:b] for a, b in itertools.pairwise(bounds) if b > a]


class _Child(NamedTuple):
    pid: int
    done: int  # read end of a pipe: the child writes one byte to it when its results are in
    results: BinaryIO  # an unnamed temporary file the child writes its pickled results to


def _fork(work: Callable[[list[T]], list[R]], share: list[T]) -> _Child:
    """A child doing `work(share)`. Its results go through a file, not the pipe: a pipe holds
    64 KiB, so the child would wait for this process to read megabytes bit by bit."""
    results = tempfile.TemporaryFile()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        results.close()
        raise
    if pid == 0:  # the child: compute, write, tell, and leave without running exit handlers
        try:
            os.close(read_end)
            data = pickle.dumps(work(share), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(results.fileno(), view) :]
            os.write(write_end, b"1")
        finally:
            os._exit(0)
    os.close(write_end)
    return _Child(pid, read_end, results)


def _collect(child: _Child) -> list | None:
    """The child's results, or None if it sent none (it failed; the caller redoes its share)."""
    try:
        with os.fdopen(child.done, "rb") as pipe:
            done = pipe.read() == b"1"  # b"": the child ended without finishing
        if not done:
            return None
        with mmap.mmap(child.results.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return pickle.loads(data)
    except Exception:  # results that cannot be read back are no results: redo the share here
        return None
    finally:
        child.results.close()
        _reap(child.pid)


def _abandon(child: _Child) -> None:
    """Stop a child whose results are no longer wanted, and reap it."""
    try:
        os.kill(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.close(child.done)
    child.results.close()
    _reap(child.pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # already reaped: SIGCHLD ignored, or a handler took it
        pass
