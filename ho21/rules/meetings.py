"""Meetings: each opens and closes with the council's standard items, and they are held in the
order of their numbers."""

from __future__ import annotations

from collections.abc import Iterator

from ho21.diagnostics import Diagnostic, at
from ho21.model import Archive


def standard_items(archive: Archive) -> Iterator[Diagnostic]:
    """W602: every meeting has the standard opening and closing items (a meeting with no
    case yet lacks them all: one finding says so). What could not be read is reported where
    it is, not here: a meeting file (its one finding), a case file of the meeting or a case's
    title (it may be the item)."""
    if archive.council is None:
        return
    items = archive.council.apning + archive.council.avslutning
    for meeting_id, meeting in sorted(archive.meetings.items()):
        if meeting.unread:
            continue
        agenda = archive.agenda(meeting_id)
        if archive.may_hold_unread_case(meeting_id) or any(not c.tittel for c in agenda):
            continue
        if not agenda and items:
            yield at(
                meeting.where("mote"),
                "W602",
                f"meeting {meeting_id} has no cases, so none of its {len(items)} standard "
                f"items; ho21 new-case adds cases to it",
            )
            continue
        for item in items:
            if not any(item.matches(case.tittel) for case in agenda):
                title = item.tittel.replace("{forrige}", "…")
                yield at(
                    meeting.where("mote"),
                    "W602",
                    f"meeting {meeting_id} has no standard item '{title}'",
                )


def dates(archive: Archive) -> Iterator[Diagnostic]:
    """E601: a meeting is dated in its year, and not before the meeting numbered before it.
    A meeting with cases dated in another year is E108 at each case instead."""
    # a meeting whose date is missing or invalid has its own finding (E004/E005)
    meetings = [m for _id, m in sorted(archive.meetings.items()) if m.dato is not None]
    for meeting in meetings:
        if meeting.dato.year != meeting.id.year and not archive.agenda(meeting.id):
            yield at(
                meeting.where("dato"),
                "E601",
                f"meeting {meeting.id} is dated {meeting.dato.isoformat()}, which is not in "
                f"{meeting.id.year}, the year of the meeting",
            )
    for before, meeting in zip(meetings, meetings[1:], strict=False):
        if meeting.dato < before.dato:
            yield at(
                meeting.where("dato"),
                "E601",
                f"meeting {meeting.id} is dated {meeting.dato.isoformat()}, before meeting "
                f"{before.id} ({before.dato.isoformat()}, {before.path})",
            )


ARCHIVE_RULES = [standard_items, dates]
