"""Meetings: each opens and closes with the council's standard items."""

from __future__ import annotations

from collections.abc import Iterator

from ho21.diagnostics import Diagnostic, at
from ho21.model import Archive


def standard_items(archive: Archive) -> Iterator[Diagnostic]:
    """W602: every meeting with cases has the standard opening and closing items."""
    if archive.council is None:
        return
    items = archive.council.apning + archive.council.avslutning
    for meeting_id, meeting in sorted(archive.meetings.items()):
        agenda = archive.agenda(meeting_id)
        if not agenda:
            continue
        for item in items:
            if not any(item.matches(case.tittel) for case in agenda):
                title = item.tittel.replace("{forrige}", "…")
                yield at(
                    meeting.where("mote"),
                    "W602",
                    f"meeting {meeting_id} has no standard item '{title}'",
                )


ARCHIVE_RULES = [standard_items]
