"""References: every case, meeting and attachment number written in the archive resolves."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ho21.diagnostics import Diagnostic, Location, at
from ho21.model import Archive, Case, MeetingId, Ref, Referat
from ho21.references import attachment_cases
from ho21.rules.context import Context

_REFERAT_TITLE = re.compile(r"referat\w*\s+fra\s+(?:\w+)?møte\s+(\d{1,2}/\d{4})", re.IGNORECASE)


def archive_start(archive: Archive) -> MeetingId | None:
    if archive.council and archive.council.arkiv_fra:
        return archive.council.arkiv_fra
    return min(archive.meetings) if archive.meetings else None


def _before_start(archive: Archive, ref: Ref, start: MeetingId | None) -> bool:
    if start is None or ref.year is None:
        return False
    if ref.m is not None:
        return MeetingId(ref.year, ref.m) < start
    if ref.year != start.year:
        return ref.year < start.year
    first = min((n for (y, n) in archive.by_year_n if y == ref.year), default=None)
    return first is not None and ref.n is not None and ref.n < first


def _unknown(archive: Archive, ref: Ref) -> str:
    written = ref.text.strip()
    number = f"{ref.n}/{ref.m}/{ref.year}" if ref.m is not None else f"{ref.n} of {ref.year}"
    near = archive.by_year_n.get((ref.year, ref.n))
    hint = f" (did you mean {near.number} '{near.tittel}'?)" if near else ""
    as_written = "" if written == number else f" ('{written}')"
    return f"reference to unknown case {number}{as_written}{hint}"


def case_refs(
    archive: Archive,
    ref: Ref,
    start: MeetingId | None,
    here: MeetingId | None = None,
    unread: frozenset[tuple[int, int]] = frozenset(),
) -> Iterator[Diagnostic]:
    """E201 / W202 for one case reference; W207 when the text that holds it is of meeting
    `here` (a case's text, or the minutes of that meeting) and it names a case of a later
    meeting. Nothing for a case whose file could not be read (`unread`), or of a year whose
    folder could not be listed: that file's or folder's own finding says what is wrong."""
    target = archive.resolve(ref)
    if target is not None:
        if here is not None and target.number.meeting > here:
            yield at(
                ref.location,
                "W207",
                f"'{ref.text.strip()}' refers to a case of a later meeting "
                f"({target.number.meeting}) than this one ({here})",
            )
        return
    if _before_start(archive, ref, start):
        yield at(
            ref.location,
            "W202",
            f"'{ref.text.strip()}' is before the archive starts ({start}) and cannot be verified",
        )
    elif (ref.year, ref.n) not in unread and not archive.cases_unlisted(ref.year):
        yield at(ref.location, "E201", _unknown(archive, ref))


def meeting_ref(archive: Archive, ref: Ref, start: MeetingId | None) -> Iterator[Diagnostic]:
    """E205 / W202 for one meeting reference."""
    meeting = ref.meeting
    if meeting is None or meeting in archive.meetings:
        return
    if start is not None and meeting < start:
        yield at(
            ref.location,
            "W202",
            f"'{ref.text.strip()}' is before the archive starts ({start}) and cannot be verified",
        )
    elif not archive.meetings_unlisted(meeting.year):  # else the folder's E001 says it
        yield at(ref.location, "E205", f"meeting {meeting} does not exist (no meeting file)")


def _front_matter_refs(archive: Archive) -> Iterator[Ref]:
    """The references in front matter that no rule about their place judges.

    One problem, one finding: where a rule about the place says more than "no such case",
    that rule alone speaks. `tidligere_behandlet` naming this or a later meeting is E203
    (whether or not the case exists); every case the attendance and `inhabil` name must be
    on the meeting's agenda, which E406 says for a case that does not exist too.
    """
    for case in archive.cases:
        for ref in case.tidligere_behandlet:
            if not not_earlier(case, ref):
                yield ref
    for referat in archive.referats.values():
        if referat.godkjent_i:
            yield referat.godkjent_i


def _body_refs(referat: Referat) -> tuple[Ref, ...]:
    """The references in the minutes' text but the numbers of its section headings, whose
    rule (E402) says what is wrong with them."""
    headings = {section.ref.at for section in referat.sections}
    return tuple(ref for ref in referat.refs if ref.at not in headings)


def resolve_all(archive: Archive) -> Iterator[Diagnostic]:
    """E201, W202, E205, W207: every reference in front matter and text resolves, and a
    case's or the minutes' text names no case of a later meeting (each reference is
    resolved once)."""
    start = archive_start(archive)
    unread = archive.unread_numbers
    texts: list[tuple[MeetingId | None, tuple[Ref, ...]]] = [
        (None, tuple(_front_matter_refs(archive)))
    ]
    texts += [(c.number.meeting if c.number else None, c.refs) for c in archive.cases]
    texts += [(r.id, _body_refs(r)) for r in archive.referats.values()]
    by_number, by_year_n, meetings = archive.by_number, archive.by_year_n, archive.meetings
    for here, refs in texts:
        for ref in refs:
            # Most references resolve, and to an earlier meeting: only the others are looked at
            # again, by the functions that say what is wrong. This is Archive.resolve and
            # the test for a later meeting inlined, on the reference's values unpacked in one
            # step.
            kind, _text, _file, _at, year, n, m, _span = ref
            if kind == "case":
                if m is None:  # "Sak 28-20": the case found says which meeting
                    target = by_year_n.get((year, n))
                    m = target.number.m if target else None
                if (m is None or (year, n, m) not in by_number) or (here and (year, m) > here):
                    yield from case_refs(archive, ref, start, here, unread)
            elif kind == "meeting" and (year, m) not in meetings:
                yield from meeting_ref(archive, ref, start)
    for case in archive.cases:
        for attachment in case.vedlegg:
            if attachment.referat_ref:
                yield from meeting_ref(archive, attachment.referat_ref, start)
        # a title must name what exists; that it names something before the archive (the
        # minutes approved at the archive's first meeting) is no news worth a warning
        for ref in case.title_refs:
            if ref.kind == "case":
                found = case_refs(archive, ref, start, unread=unread)
            elif ref.kind == "meeting":
                found = meeting_ref(archive, ref, start)
            else:
                continue
            yield from (d for d in found if d.code != "W202")


def not_earlier(case: Case, ref: Ref) -> bool:
    """`ref`, in the case's `tidligere_behandlet`, names this or a later meeting (E203)."""
    meeting = ref.meeting
    return case.number is not None and meeting is not None and meeting >= case.number.meeting


def minutes_of_a_meeting(archive: Archive) -> Iterator[Diagnostic]:
    """E205: minutes are of a meeting that has a meeting file."""
    for meeting, referat in sorted(archive.referats.items()):
        if meeting not in archive.meetings:
            yield at(
                referat.where("mote"),
                "E205",
                f"meeting {meeting} does not exist (no meeting file {meeting.file})",
            )


def earlier_cases(case: Case, _ctx: Context) -> Iterator[Diagnostic]:
    """E203: tidligere_behandlet names cases of earlier meetings only."""
    for ref in case.tidligere_behandlet:
        if not_earlier(case, ref):
            meeting = ref.meeting
            when = "this meeting" if meeting == case.number.meeting else "a later meeting"
            yield at(
                ref.location,
                "E203",
                f"tidligere_behandlet names {ref.text.strip()}, a case of {when} ({meeting})",
            )


def _attachment_count(ref: Ref, whose: str, count: int) -> Diagnostic | None:
    """E204 when `vedlegg N` is not one of `count` attachments."""
    if 1 <= (ref.n or 0) <= count:
        return None
    has = f"has {count} attachment" + ("" if count == 1 else "s")
    if ref.n == 0:
        message = f"'{ref.text.strip()}': attachments are numbered from 1 ({whose} {has})"
    else:
        message = f"'{ref.text.strip()}' but {whose} {has}"
    return at(ref.location, "E204", message)


def attachment_numbers(case: Case, _ctx: Context) -> Iterator[Diagnostic]:
    """E204: `vedlegg N` names an attachment of the same case (unless it is about another
    case's attachments, `sak 43/5/2021 vedlegg 2`: see other_attachments)."""
    count = len(case.vedlegg)
    if not any(ref.kind == "vedlegg" and not 1 <= (ref.n or 0) <= count for ref in case.refs):
        return  # the usual case: each names one of this case's attachments, or there are none
    others = attachment_cases(case.refs)
    for i, ref in enumerate(case.refs):
        if ref.kind == "vedlegg" and i not in others:
            found = _attachment_count(ref, "this case", count)
            if found:
                yield found


def other_attachments(archive: Archive) -> Iterator[Diagnostic]:
    """E204: `sak 43/5/2021 vedlegg 2`, `vedlegg 2 til sak 43/5/2021` (in a case or the
    minutes) name an attachment of that case. A case that does not exist is E201 alone."""
    texts = [c.refs for c in archive.cases] + [r.refs for r in archive.referats.values()]
    for refs in texts:
        if "vedlegg" not in [ref[0] for ref in refs]:
            continue
        for i, case_ref in attachment_cases(refs).items():
            target = archive.resolve(case_ref)
            if target is not None:
                found = _attachment_count(refs[i], f"case {target.number}", len(target.vedlegg))
                if found:
                    yield found


def minutes_approved(case: Case) -> MeetingId | None:
    """The meeting whose minutes the case approves, as its title names them ("Godkjenning av
    referat fra møte 4/2021"), if it is such a case."""
    match = _REFERAT_TITLE.search(case.tittel)
    return MeetingId.parse(match[1]) if match else None


def referat_approval(archive: Archive) -> Iterator[Diagnostic]:
    """E206: a referat-approval case attaches the minutes of the meeting its title names."""
    start = archive_start(archive)
    for case in archive.cases:
        named = minutes_approved(case)
        if named is None:
            continue
        attached = [a for a in case.vedlegg if a.referat is not None]
        for attachment in case.vedlegg:
            if attachment.referat is not None and attachment.referat != named:
                yield at(
                    attachment.where(),
                    "E206",
                    f"the case approves the minutes of {named}, but attaches those of "
                    f"{attachment.referat}",
                )
            other = _REFERAT_TITLE.search(attachment.tittel)
            if attachment.referat is None and other and MeetingId.parse(other[1]) != named:
                title = attachment.tittel_location
                yield at(
                    Location(title.path, title.line, title.column + other.start(1))
                    if title
                    else attachment.location,
                    "E206",
                    f"the case approves the minutes of {named}, but vedlegg {attachment.index} "
                    f"is '{attachment.tittel}'",
                )
        in_archive = named is not None and (start is None or named >= start)
        if not attached and in_archive and named in archive.meetings:
            yield at(
                case.where("tittel"),
                "E206",
                f"the case approves the minutes of {named} but does not attach them "
                f"(vedlegg: - referat: {named})",
            )


CASE_RULES = [earlier_cases, attachment_numbers]
ARCHIVE_RULES = [resolve_all, minutes_of_a_meeting, other_attachments, referat_approval]
