"""Case numbers: unique, of a meeting that exists, contiguous within a year, in meeting blocks."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterator

from ho21.diagnostics import Diagnostic, at
from ho21.model import Archive, Case
from ho21.rules.context import Context

_FILE_NUMBER = re.compile(r"(\d+)-")


def numbered(archive: Archive) -> list[Case]:
    return [c for c in archive.cases if c.number is not None]


def duplicates(archive: Archive) -> Iterator[Diagnostic]:
    """E102: the same case number twice, or a running number used twice in one year; at
    every file that holds it, naming the others (a check of one of them alone shows it)."""
    holders: dict[tuple[int, int], list[Case]] = defaultdict(list)
    for case in sorted(numbered(archive), key=lambda c: c.path):
        holders[(case.number.year, case.number.n)].append(case)
    for group in holders.values():
        for case in group if len(group) > 1 else ():
            others = [other for other in group if other is not case]
            same = [other.path for other in others if other.number == case.number]
            used = [
                f"{other.number} ({other.path})" for other in others if other.number != case.number
            ]
            what = []
            if same:
                what.append(f"case {case.number} is also {', '.join(same)}")
            if used:
                what.append(
                    f"running number {case.number.n} of {case.number.year} is also used by "
                    f"{', '.join(used)}"
                )
            # two cases made on two branches meet in a merge: renumber settles that; a file
            # copied to start a new case and still holding the old number needs its own
            what.append("if each is meant, ho21 renumber gives each its own number")
            yield at(case.where("sak"), "E102", "; ".join(what))


def meeting_exists(archive: Archive) -> Iterator[Diagnostic]:
    """E103 and E108: the case's meeting has a meeting file, held in the case's year."""
    for case in numbered(archive):
        meeting = archive.meetings.get(case.number.meeting)
        if meeting is None:
            if archive.meetings_unlisted(case.number.year):
                continue  # it may be there: the folder's E001 says why it is not known
            yield at(
                case.where("sak"),
                "E103",
                f"case {case.number} is of meeting {case.number.meeting}, which has no meeting "
                f"file {case.number.meeting.file}",
            )
        elif meeting.dato is not None and meeting.dato.year != case.number.year:
            yield at(
                case.where("sak"),
                "E108",
                f"case {case.number} is of {case.number.year}, but meeting {meeting.id} is dated "
                f"{meeting.dato.isoformat()} ({meeting.path})",
            )


def _by_year(archive: Archive) -> dict[int, list[Case]]:
    years: dict[int, list[Case]] = defaultdict(list)
    for case in numbered(archive):
        years[case.number.year].append(case)
    return years


def gaps(archive: Archive) -> Iterator[Diagnostic]:
    """E104: running numbers of a year run without gaps, from 1 (except the archive's first
    year). Not in a year whose folder could not be listed: its E001 is the one finding; not
    at a case filed in another year's folder (`sak: 48/5/2022` in cases/2021/): whether its
    number or its place is wrong is W106's finding, and renumbering would not mend either."""
    first_year = archive.first_year
    unread = archive.unread_numbers
    for year, cases in sorted(_by_year(archive).items()):
        if archive.cases_unlisted(year):
            continue
        cases.sort(key=lambda c: c.number.n)
        expected = cases[0].number.n if year == first_year else 1
        for case in cases:
            n = case.number.n
            while expected < n and (year, expected) in unread:
                expected += 1
            if n > expected and not _misfiled(case):  # misfiled: which year is W106's question
                missing = str(expected) if n == expected + 1 else f"{expected}–{n - 1}"
                yield at(
                    case.where("sak"),
                    "E104",
                    f"running numbers of {year} jump to {n}: {missing} missing "
                    "(ho21 renumber closes the gap)",
                )
            expected = max(expected, n + 1)


def longest_run(keys: list, strict: bool = True) -> list[bool]:
    """Whether each key is in a longest run of the keys, in their order, that increases
    (strictly, or else never decreasing): the others are the ones out of place, so one
    thing moved is one finding, not one for each thing around it."""
    find = bisect.bisect_left if strict else bisect.bisect_right
    tails: list[int] = []  # tails[k]: index of the smallest last key of a run of k + 1
    tail_keys: list = []
    before: list[int | None] = []
    for i, key in enumerate(keys):
        k = find(tail_keys, key)
        before.append(tails[k - 1] if k else None)
        if k == len(tails):
            tails.append(i)
            tail_keys.append(key)
        else:
            tails[k] = i
            tail_keys[k] = key
    kept = [False] * len(keys)
    i = tails[-1] if tails else None
    while i is not None:
        kept[i] = True
        i = before[i]
    return kept


def blocks(archive: Archive) -> Iterator[Diagnostic]:
    """E105: each meeting's cases form one block, after the block of the meeting before: in
    running-number order the meetings never go back. Reported at the cases out of a longest
    such run (a case numbered into another meeting's block is the one finding)."""
    for _year, cases in sorted(_by_year(archive).items()):
        cases.sort(key=lambda c: (c.number.n, c.number.m))
        meetings = [c.number.m for c in cases]
        if all(a <= b for a, b in zip(meetings, meetings[1:], strict=False)):
            continue  # the usual year: in order
        kept = longest_run(meetings, strict=False)
        placed = [c for c, keep in zip(cases, kept, strict=True) if keep]
        for case, keep in zip(cases, kept, strict=True):
            if keep:
                continue
            number = case.number
            later = [c for c in placed if c.number.n < number.n and c.number.m > number.m]
            if later:
                other, where = later[-1], "after"
            else:
                other = next(c for c in placed if c.number.n > number.n and c.number.m < number.m)
                where = "before"
            yield at(
                case.where("sak"),
                "E105",
                f"case {number} of meeting {number.meeting} is numbered {where} {other.number} "
                f"of the {'later' if where == 'after' else 'earlier'} meeting "
                f"{other.number.meeting}",
            )


def _misfiled(case: Case) -> bool:
    """A numbered case whose file is not in the folder of its number's year."""
    parts = case.path.split("/")
    return len(parts) != 3 or parts[1] != str(case.number.year)


def file_names(case: Case, _ctx: Context) -> Iterator[Diagnostic]:
    """W106: cases/<year>/<n>-<slug>.md agrees with the case number."""
    if case.number is None:
        return
    parts = case.path.split("/")
    name = parts[-1]
    match = _FILE_NUMBER.match(name)
    expected = f"cases/{case.number.year}/{case.number.n}-…"
    if _misfiled(case):
        yield at(
            case.where("sak"),
            "W106",
            f"case {case.number} is filed in {'/'.join(parts[:-1])}/, expected {expected}",
        )
    elif match is None or int(match[1]) != case.number.n:
        yield at(
            case.where("sak"),
            "W106",
            f"file name {name} does not start with the running number {case.number.n}-",
        )


CASE_RULES = [file_names]
ARCHIVE_RULES = [duplicates, meeting_exists, gaps, blocks]
