"""Both cores for one list of work: a forked child does part of it while this process does the rest.

`check` spends its time reading thousands of files, each on its own; one process per core
reads a share and the children send their results back pickled through a pipe. Only where
fork is safe: on Linux, in a process with no other Python threads (a fork copies only the
calling thread). Elsewhere, with HO21_JOBS=1, or for a short list, everything runs here, in
order. A child that fails or cannot be started leaves its share to this process, so the
result is the same either way; if this process fails, its children are stopped and reaped.
"""

from __future__ import annotations

import itertools
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 500  # below this a fork and a pickle cost more than they save
# This process takes a larger share than each child: a child's results must still be
# pickled and sent when it is done, and this process unpickles them after its own share.
# On the 10,000-case benchmark, check took 2.55 s at 1.0, 2.23 s at 1.25, 2.14 s at 1.4 and
# 2.23 s at 1.7 (medians of 5, 2 cores).
OWN_SHARE_WEIGHT = 1.4


def _cores() -> int:
    """The cores this process may use (a container or taskset may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def default_jobs() -> int:
    """HO21_JOBS if set (1 turns parallel work off; more than the cores counts as the cores,
    but 2 is always allowed), else the cores this process may use."""
    value = os.environ.get("HO21_JOBS", "")
    if value.isascii() and value.isdecimal() and int(value) > 0:
        return min(int(value), max(2, _cores()))
    return _cores()


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
    children: dict[int, tuple[int, int]] = {}  # share number -> (pid, read end of its pipe)
    try:
        for i, share in enumerate(shares[1:], 1):
            try:
                children[i] = _fork(work, share)
            except OSError:  # no more processes allowed: this process does the rest
                break
        results = work(shares[0])
        for i, share in enumerate(shares[1:], 1):
            done = _collect(*children.pop(i)) if i in children else None
            results.extend(work(share) if done is None else done)
        return results
    finally:
        for pid, read_end in children.values():  # left only when this process failed
            _abandon(pid, read_end)


def _split(items: list[T], jobs: int) -> list[list[T]]:
    """Consecutive shares, the first (this process's) OWN_SHARE_WEIGHT times the others."""
    total = OWN_SHARE_WEIGHT + jobs - 1
    bounds = (
        [0]
        + [round(len(items) * (OWN_SHARE_WEIGHT + k) / total) for k in range(jobs - 1)]
        + [len(items)]
    )
    return [items[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def _fork(work: Callable[[list[T]], list[R]], share: list[T]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the child: compute, send, and leave without running any exit handlers
        try:
            os.close(read_end)
            data = pickle.dumps(work(share), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, read_end: int) -> list | None:
    """The child's results, or None if it sent none (it failed; the caller redoes its share)."""
    try:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
    finally:
        _reap(pid)
    if not data:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # a truncated result: the child died while writing
        return None


def _abandon(pid: int, read_end: int) -> None:
    """Stop a child whose results are no longer wanted, and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.close(read_end)
    _reap(pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # already reaped: SIGCHLD ignored, or a handler took it
        pass
