"""Case numbers: unique, of a meeting that exists, contiguous within a year, in meeting blocks."""

from __future__ import annotations

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
            yield at(case.where("sak"), "E102", "; ".join(what))


def meeting_exists(archive: Archive) -> Iterator[Diagnostic]:
    """E103 and E108: the case's meeting has a meeting file, held in the case's year."""
    for case in numbered(archive):
        meeting = archive.meetings.get(case.number.meeting)
        if meeting is None:
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


def unread_numbers(archive: Archive) -> frozenset[tuple[int, int]]:
    """(year, running number) of each case file that could not be read (Archive.unread_numbers)."""
    return archive.unread_numbers


def gaps(archive: Archive) -> Iterator[Diagnostic]:
    """E104: running numbers of a year run without gaps, from 1 (except the archive's first year)."""
    first_year = archive.first_year
    unread = unread_numbers(archive)
    for year, cases in sorted(_by_year(archive).items()):
        cases.sort(key=lambda c: c.number.n)
        expected = cases[0].number.n if year == first_year else 1
        for case in cases:
            n = case.number.n
            while expected < n and (year, expected) in unread:
                expected += 1
            if n > expected:
                missing = str(expected) if n == expected + 1 else f"{expected}–{n - 1}"
                yield at(
                    case.where("sak"),
                    "E104",
                    f"running numbers of {year} jump to {n}: {missing} missing "
                    "(ho21 renumber closes the gap)",
                )
            expected = max(expected, n + 1)


def blocks(archive: Archive) -> Iterator[Diagnostic]:
    """E105: each meeting's cases form one block, after the block of the meeting before."""
    for _year, cases in sorted(_by_year(archive).items()):
        cases.sort(key=lambda c: (c.number.m, c.number.n))
        highest: Case | None = None  # the highest-numbered case of the earlier meetings
        current_m = None
        block_max: Case | None = None
        for case in cases:
            if case.number.m != current_m:
                if block_max and (highest is None or block_max.number.n > highest.number.n):
                    highest = block_max
                current_m, block_max = case.number.m, None
            if highest is not None and case.number.n <= highest.number.n:
                yield at(
                    case.where("sak"),
                    "E105",
                    f"case {case.number} of meeting {case.number.meeting} is numbered before "
                    f"{highest.number} of the earlier meeting {highest.number.meeting}",
                )
            if block_max is None or case.number.n > block_max.number.n:
                block_max = case
        # interleaving: a later meeting's case inside this meeting's block is caught above


def file_names(case: Case, _ctx: Context) -> Iterator[Diagnostic]:
    """W106: cases/<year>/<n>-<slug>.md agrees with the case number."""
    if case.number is None:
        return
    parts = case.path.split("/")
    name = parts[-1]
    match = _FILE_NUMBER.match(name)
    expected = f"cases/{case.number.year}/{case.number.n}-…"
    if len(parts) != 3 or parts[1] != str(case.number.year):
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
