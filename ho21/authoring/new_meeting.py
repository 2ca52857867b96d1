"""`ho21 new-meeting`: the meeting file and the meeting's standard opening and closing cases.

The standard items come from council.yaml (`standardsaker.apning`, then `.avslutning`), with
their types, text and proposed decisions; `{forrige}` in a title is the previous meeting of
the archive (across a year boundary too), and that case attaches its minutes
(`vedlegg: - referat: 5/2021`). The cases are numbered right after the last case of the year,
or from 1 in a year that has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ho21 import model
from ho21.authoring.fs import AuthoringError, Transaction, archive_lock
from ho21.authoring.renumber import apply
from ho21.authoring.text import has_line_break, slugify, yaml_flow_list, yaml_quoted, yaml_scalar
from ho21.loading import load
from ho21.model import Archive, CaseNumber, MeetingId, StandardItem

PREVIOUS = "{forrige}"


@dataclass
class CreatedMeeting:
    meeting_path: str
    cases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_meeting(value: str, option: str = "MEETING") -> MeetingId:
    meeting = MeetingId.parse(value)
    if meeting is None:
        named = f"{option} '{value}'" if option else f"'{value}'"
        raise AuthoringError(f"{named} is not a meeting number m/yyyy, e.g. 6/2021", 2)
    return meeting


def parse_date(value: str, option: str = "--date") -> dt.date:
    day = model.parse_date(value)
    if day is None:
        raise AuthoringError(
            f"{option} '{value}' is not a valid date YYYY-MM-DD, e.g. 2021-10-21", 2
        )
    return day


def _one_line(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise AuthoringError(f"{option} is empty; leave the option out instead", 2)
    if has_line_break(value):
        raise AuthoringError(f"{option} must be one line of text", 2)
    return value


def _refuse(archive: Archive, root: Path, meeting: MeetingId, date: dt.date) -> None:
    path = meeting.file
    if (root / path).exists() or meeting in archive.meetings:
        raise AuthoringError(f"meeting {meeting} exists already ({path})")
    taken = [c.path for c in archive.cases if c.number and c.number.meeting == meeting]
    if taken:
        raise AuthoringError(
            f"cases of meeting {meeting} exist already ({', '.join(taken)}) but it has no "
            f"meeting file; write {path} by hand instead"
        )
    if date.year != meeting.year:
        raise AuthoringError(
            f"--date {date.isoformat()} is not in {meeting.year}, the year of meeting {meeting}", 2
        )
    later = sorted(m for m in archive.meetings if m > meeting and m.year == meeting.year)
    if later:
        raise AuthoringError(
            f"meeting {meeting} is before {later[-1]}, the last meeting of {meeting.year}; "
            f"ho21 new-meeting adds a year's meetings in order (the next is "
            f"{MeetingId(meeting.year, later[-1].m + 1)})"
        )
    previous = archive.previous_meeting(meeting)
    before_date = archive.meetings[previous].dato if previous is not None else None
    if before_date is not None and before_date >= date:  # None: its file has no valid date
        before = before_date.isoformat()
        raise AuthoringError(
            f"--date {date.isoformat()} is not after meeting {previous} ({before})", 2
        )


def _first_number(archive: Archive, year: int) -> int:
    numbers = [c.number.n for c in archive.cases if c.number and c.number.year == year]
    return max(numbers) + 1 if numbers else 1


def meeting_yaml(meeting: MeetingId, date: dt.date, time: str | None, place: str | None) -> str:
    lines = [f"mote: {meeting}", f'dato: "{date.isoformat()}"']
    if time:
        lines.append(f"tid: {yaml_quoted(time)}")  # always quoted: 10.00 is a number to YAML
    if place:
        lines.append(f"sted: {yaml_scalar(place)}")
    return "\n".join(lines) + "\n"


def case_text(item: StandardItem, number: CaseNumber, title: str, previous: MeetingId | None):
    lines = [
        "---",
        f"sak: {number}",
        f"tittel: {yaml_scalar(title)}",
        f"type: {yaml_flow_list(item.types)}",
    ]
    if PREVIOUS in item.tittel and previous is not None:
        lines += ["vedlegg:", f"  - referat: {previous}"]
    lines += ["---", ""]
    if item.tekst:
        lines += [item.tekst.strip(), ""]
    lines += ["## Forslag til vedtak", "", item.forslag.strip(), ""]
    return "\n".join(lines)


def create(
    root: Path,
    meeting: MeetingId,
    date: dt.date,
    time: str | None = None,
    place: str | None = None,
) -> CreatedMeeting:
    """Write the meeting file and its standard cases, all or nothing, under the lock."""
    time = _one_line(time, "--time")
    place = _one_line(place, "--place")
    with archive_lock(root):
        archive, _found = load(root)
        if archive.council is None:
            raise AuthoringError("meetings/council.yaml cannot be read; run ho21 check", 2)
        _refuse(archive, root, meeting, date)
        transaction = Transaction(root)
        result = CreatedMeeting(meeting.file)
        transaction.creates[result.meeting_path] = meeting_yaml(meeting, date, time, place).encode()
        previous = archive.previous_meeting(meeting)
        n = _first_number(archive, meeting.year)
        for item in (*archive.council.apning, *archive.council.avslutning):
            if PREVIOUS in item.tittel and previous is None:
                result.notes.append(
                    f"no previous meeting in the archive: '{item.tittel}' was left out"
                )
                continue
            title = item.tittel.replace(PREVIOUS, str(previous))
            slug = slugify(item.tittel.replace(PREVIOUS, ""))
            path = f"cases/{meeting.year}/{n}-{slug}.md"
            text = case_text(item, CaseNumber(meeting.year, n, meeting.m), title, previous)
            transaction.creates[path] = text.encode()
            result.cases.append(path)
            n += 1
        apply(transaction)
    return result
