"""Reading on both cores: a forked child does a share of the files; nothing may depend on it."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from ho21 import parallel
from ho21.checker import check

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="ho21 forks only on Linux"
)


def _with_pid(items: list[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


def test_two_processes_share_the_work_and_keep_the_order() -> None:
    items = list(range(1001))
    results = parallel.map_chunks(_with_pid, items, jobs=2, min_items=0)
    assert [item for item, _pid in results] == items
    pids = [pid for _item, pid in results]
    assert pids[0] == os.getpid()  # this process does the first share itself
    assert pids[-1] != os.getpid()
    assert len(set(pids)) == 2


def test_one_job_or_a_short_list_stays_in_this_process(monkeypatch) -> None:
    items = list(range(50))
    assert {pid for _i, pid in parallel.map_chunks(_with_pid, items, jobs=1, min_items=0)} == {
        os.getpid()
    }
    assert {pid for _i, pid in parallel.map_chunks(_with_pid, items, jobs=2, min_items=51)} == {
        os.getpid()
    }
    monkeypatch.setenv("HO21_JOBS", "1")
    assert {pid for _i, pid in parallel.map_chunks(_with_pid, items, min_items=0)} == {os.getpid()}


def test_a_failed_child_share_is_done_here() -> None:
    parent = os.getpid()

    def work(items: list[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return [item * 2 for item in items]

    assert parallel.map_chunks(work, list(range(10)), jobs=2, min_items=0) == [
        item * 2 for item in range(10)
    ]


def _refused_in(pid: int, item: int) -> int:
    if os.getpid() == pid:
        raise ValueError("cannot be unpickled here")
    return item


class _Unreadable:
    """Pickled fine by the child; unpickling it in the parent fails."""

    def __init__(self, item: int, parent: int):
        self.item, self.parent = item, parent

    def __reduce__(self):
        return (_refused_in, (self.parent, self.item))


def test_results_that_cannot_be_read_back_are_redone_here() -> None:
    parent = os.getpid()

    def work(items: list[int]) -> list:
        if os.getpid() == parent:
            return [("here", item) for item in items]
        return [_Unreadable(item, parent) for item in items]

    results = parallel.map_chunks(work, list(range(10)), jobs=2, min_items=0)
    assert results == [("here", item) for item in range(10)]


def test_an_error_in_the_work_itself_reaches_the_caller() -> None:
    def work(items: list[int]) -> list[int]:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        parallel.map_chunks(work, list(range(10)), jobs=3, min_items=0)
    with pytest.raises(ChildProcessError):  # and the children were stopped and reaped
        os.waitpid(-1, os.WNOHANG)


def test_no_fork_allowed_means_this_process_does_it_all(monkeypatch) -> None:
    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    results = parallel.map_chunks(_with_pid, list(range(100)), jobs=2, min_items=0)
    assert results == [(i, os.getpid()) for i in range(100)]


def test_ignored_sigchld_does_not_break_the_collection() -> None:
    """With SIGCHLD ignored (inherited from some supervisors) the kernel reaps children."""
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        results = parallel.map_chunks(_with_pid, list(range(100)), jobs=2, min_items=0)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert [item for item, _pid in results] == list(range(100))


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("2", 2), ("²", None), ("x", None)])
def test_ho21_jobs(monkeypatch, value: str, expected: int | None) -> None:
    monkeypatch.setenv("HO21_JOBS", value)
    assert parallel.default_jobs() == (expected or parallel.cores())


def test_ho21_jobs_above_the_cores_counts_as_the_cores(monkeypatch) -> None:
    monkeypatch.setenv("HO21_JOBS", "2000")
    assert parallel.default_jobs() == max(2, parallel.cores())


def test_check_reads_in_two_processes_and_finds_the_same(
    tmp_path: Path, archive, monkeypatch
) -> None:
    """A broken archive gives the same findings, in one process or two."""
    root = archive(
        tmp_path,
        {
            "cases/2022/3-budsjett.md": "---\nsak: 3/1/2022\ntittel: [\n---\n",
            "cases/2022/4-eventuelt.md": None,
        },
    )
    monkeypatch.setenv("HO21_JOBS", "1")
    _archive, serial = check(root)
    forks = []
    real_fork = parallel._fork
    monkeypatch.setattr(parallel, "_fork", lambda *a: forks.append(1) or real_fork(*a))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setenv("HO21_JOBS", "2")
    _archive, two = check(root)
    assert forks == [1]
    assert two == serial
    assert any(d.code == "E002" for d in serial) and any(d.code == "E104" for d in serial)


def test_cases_read_by_the_child_arrive_whole(example_copy: Path, monkeypatch) -> None:
    """A case sent back from the child (pickled, its named tuples as plain tuples) is the
    case read here: same fields and places, and its references point into its own text."""
    monkeypatch.setenv("HO21_JOBS", "1")
    serial, _found = check(example_copy)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setenv("HO21_JOBS", "2")
    two, _found = check(example_copy)
    assert [c.path for c in two.cases] == [c.path for c in serial.cases]
    for here, there in zip(serial.cases, two.cases, strict=True):
        assert there == here
        assert there.spans == here.spans
        assert there.title_refs == here.title_refs
        assert [r.location for r in there.refs] == [r.location for r in here.refs]
        assert [h.location for h in there.headings] == [h.location for h in here.headings]
        assert all(r.file is there.text for r in there.refs + there.tidligere_behandlet)
        assert type(there.number) is type(here.number)
        assert [there.where(key) for key in there.spans.offsets] == [
            here.where(key) for key in here.spans.offsets
        ]
        assert there.spans.text is there.text
        for mine, theirs in zip(here.vedlegg, there.vedlegg, strict=True):
            assert theirs.spans == mine.spans and theirs.where() == mine.where()
            assert theirs.spans.text is there.text
            assert type(theirs.referat) is type(mine.referat)
    assert sum(len(c.refs) for c in two.cases) > 10  # the example has references to compare
    assert any(a.referat for c in two.cases for a in c.vedlegg)  # and attached minutes


def test_no_temporary_file_means_this_process_does_it_all(monkeypatch) -> None:
    """A child's results come back through a temporary file; without one, nothing forks."""

    def refuse() -> None:
        raise PermissionError(13, "Permission denied")

    def no_fork() -> int:
        raise AssertionError("forked without a file for the results")

    monkeypatch.setattr(parallel.tempfile, "TemporaryFile", refuse)
    monkeypatch.setattr(os, "fork", no_fork)
    results = parallel.map_chunks(_with_pid, list(range(100)), jobs=2, min_items=0)
    assert results == [(i, os.getpid()) for i in range(100)]
