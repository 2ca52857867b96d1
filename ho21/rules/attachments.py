"""Attachments: the file exists inside the repository, is of a kind ho21 can include, and opens."""

from __future__ import annotations

from collections.abc import Iterator

from ho21.attachments import Unusable, locate, usable
from ho21.diagnostics import Diagnostic, at
from ho21.model import Archive, Case
from ho21.rules.context import Context


def files(case: Case, ctx: Context) -> Iterator[Diagnostic]:
    """E501–E504 for every `fil:` attachment, E001 for one that cannot be read or is not
    UTF-8, and E007 for one holding a merge left unfinished: each opened as the packet will
    open it."""
    for attachment in case.vedlegg:
        if not attachment.fil:
            continue
        try:
            path, suffix = locate(ctx.resolver, case.path, attachment.fil)
            usable(path, suffix)
        except Unusable as problem:
            yield at(attachment.where(), problem.code, problem.message(attachment.fil))


def unwritten_minutes(archive: Archive) -> Iterator[Diagnostic]:
    """W505: attached minutes of a meeting that has no minutes yet. Normal between two
    meetings; building the packet needs them (E501)."""
    for case in archive.cases:
        for attachment in case.vedlegg:
            meeting = attachment.referat
            if (
                meeting in archive.meetings
                and meeting not in archive.referats
                and not archive.minutes_unread(meeting)  # written; reported where they are
            ):
                yield at(
                    attachment.where(),
                    "W505",
                    f"vedlegg {attachment.index}: the minutes of {meeting} are "
                    f"not written yet ({meeting.referat_file})",
                )


def links(case: Case, ctx: Context) -> Iterator[Diagnostic]:
    """E701: links and images in a case's text name files inside the case's own folder."""
    from ho21.links import scan

    text = case.text
    if text.source.find("]", text.start) == -1 and text.source.find("<", text.start) == -1:
        return  # no link or image is written without one of these: skip the Markdown parse
    first_line = text.location(text.start).line

    def exists(path: str) -> bool:  # a root-relative path, as the link resolves it
        found = ctx.resolver.find("", path)
        return found is not None and found.is_file

    for refusal in scan(case.path, text.body, first_line, case.folder, exists).refusals:
        yield at(refusal.location, "E701", refusal.message)


CASE_RULES = [files, links]
ARCHIVE_RULES = [unwritten_minutes]
