"""Minutes: one section per case of the meeting, each with a decision; people from the roster."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ho21 import names
from ho21.diagnostics import Diagnostic, at
from ho21.model import Archive, Attendee, CaseNumber, Ref, Referat, ReferatSection
from ho21.rules.context import Context
from ho21.rules.numbering import longest_run
from ho21.rules.references import minutes_approved


def sections(archive: Archive) -> Iterator[Diagnostic]:
    """E401, E402, E403: the sections match the agenda, once each, each with `Vedtak:` (the
    minutes of a meeting with no meeting file have no agenda: E205 is their one finding)."""
    unread = archive.unread_numbers
    for referat in archive.referats.values():
        # the cases of a year whose folder could not be listed are unknown: its E001 says so
        unlisted = archive.cases_unlisted(referat.id.year)
        agenda = [] if unlisted else archive.agenda(referat.id)
        on_agenda = {c.number for c in agenda}
        seen: dict[CaseNumber, ReferatSection] = {}
        for section in referat.sections:
            number = section.ref.case
            if _unread(number, referat, unread) or unlisted or referat.id not in archive.meetings:
                pass  # its case file could not be read, its meeting has no file (E205 says), or
                # its year's cases are unknown
            elif number not in on_agenda:
                yield at(
                    section.ref.location,
                    "E402",
                    f"section {section.ref.text.strip()} is not a case on the agenda of "
                    f"{referat.id}",
                )
            elif number in seen:
                first = seen[number].ref.location.line
                yield at(
                    section.ref.location,
                    "E402",
                    f"case {number} has a second section (the first is on line {first})",
                )
            else:
                seen[number] = section
            if section.vedtak is None:
                yield at(
                    section.heading.location,
                    "E403",
                    f"section {section.ref.text.strip()} has no paragraph starting 'Vedtak:'",
                )
            elif not section.vedtak:
                yield at(section.heading.location, "E403", "the 'Vedtak:' paragraph is empty")
        for case in agenda:
            if case.number not in seen:
                yield at(
                    _where_missing(referat, case.number),
                    "E401",
                    f"case {case.number} '{case.tittel}' has no section '## {case.number}'",
                )


def order(archive: Archive) -> Iterator[Diagnostic]:
    """E407: the sections follow the agenda, in running-number order."""
    for referat in archive.referats.values():
        written = [section.ref[4:6] for section in referat.sections]  # (year, n)
        if all(a < b for a, b in zip(written, written[1:], strict=False)):
            continue  # the usual case: in order, and each case once
        on_agenda = {c.number for c in archive.agenda(referat.id)}
        seen: set[CaseNumber] = set()
        sections = []
        for section in referat.sections:  # each case's first section (a second one is E402)
            if section.ref.case in on_agenda and section.ref.case not in seen:
                seen.add(section.ref.case)
                sections.append(section)
        kept = longest_run([section.ref.case for section in sections])
        placed = [(s, i) for i, s in enumerate(sections) if kept[i]]
        for i, section in enumerate(sections):
            if kept[i]:
                continue
            number = section.ref.case
            later = [s for s, j in placed if j < i and s.ref.case > number]
            earlier = [s for s, j in placed if j > i and s.ref.case < number]
            if later:
                where = f"after section {later[-1].ref.case} (line {later[-1].ref.location.line}), which is later"
            else:
                where = f"before section {earlier[0].ref.case} (line {earlier[0].ref.location.line}), which is earlier"
            yield at(
                section.ref.location,
                "E407",
                f"section {number} is out of agenda order: it comes {where} on the agenda",
            )


def _unread(number: CaseNumber | None, referat: Referat, unread) -> bool:
    """A case of this meeting whose file could not be read, by its running number."""
    return number is not None and number.meeting == referat.id and number[:2] in unread


def _where_missing(referat: Referat, number):
    """The heading of the section that should follow the missing one, else the last line."""
    for section in referat.sections:
        if section.ref.case and section.ref.case > number:
            return section.heading.location
    return referat.text.location(max(len(referat.text.source) - 1, 0))


def _everyone(referat: Referat) -> Iterator[tuple[str, Attendee]]:
    if referat.moteleder:
        yield "moteleder", referat.moteleder
    for role in ("tilstede", "forfall", "motende_vara", "observatorer", "sekretariat", "andre"):
        for person in getattr(referat, role):
            yield role, person
    for person, _ref in referat.inhabil:
        yield "inhabil", person


def people(referat: Referat, ctx: Context) -> Iterator[Diagnostic]:
    """E404: everyone named in the minutes is in the roster of council.yaml."""
    if ctx.council is None or not ctx.council.medlemmer:
        return  # no roster (E004 at council.yaml): the names cannot be checked
    roster = ctx.council.roster
    for role, person in _everyone(referat):
        if person.navn in roster:
            continue
        near = difflib.get_close_matches(person.navn, list(roster), n=1, cutoff=0.75)
        hint = (
            f"; {names.hint(person.navn, near[0])}"
            if near
            else "; add them to meetings/council.yaml"
        )
        yield at(person.location, "E404", f"'{person.navn}' ({role}) is not in the roster{hint}")


_ATTENDANCE = ("tilstede", "forfall", "motende_vara", "observatorer", "sekretariat", "andre")
_LABEL = {
    "tilstede": "present",
    "forfall": "absent",
    "motende_vara": "deputy",
    "observatorer": "observer",
    "sekretariat": "secretariat",
    "andre": "other present",
}


def twice(referat: Referat, _ctx: Context) -> Iterator[Diagnostic]:
    """E405: nobody is listed twice, or both present and absent; nobody is inhabil twice in
    one case, and no case is twice in someone's `saker`."""
    first: dict[str, tuple[str, Attendee]] = {}
    for role in _ATTENDANCE:
        for person in getattr(referat, role):
            yield from _case_twice(person)
            if person.navn in first:
                prev_role, prev = first[person.navn]
                both = (
                    f"listed twice as {_LABEL[role]}"
                    if prev_role == role
                    else f"listed as {_LABEL[prev_role]} (line {prev.location.line}) "
                    f"and as {_LABEL[role]}"
                )
                yield at(person.location, "E405", f"'{person.navn}' is {both}")
            else:
                first[person.navn] = (role, person)
    declared: dict[tuple[str, CaseNumber], Attendee] = {}
    for person, ref in referat.inhabil:
        if ref is None or ref.case is None:
            continue
        key = (person.navn, ref.case)
        if key in declared:
            yield at(
                person.location,
                "E405",
                f"'{person.navn}' is listed twice as inhabil in {ref.case} "
                f"(first on line {declared[key].location.line})",
            )
        else:
            declared[key] = person


def _case_twice(person: Attendee) -> Iterator[Diagnostic]:
    """E405: a case written twice in one person's `saker`."""
    seen: set[CaseNumber] = set()
    for ref in person.saker:
        if ref.case in seen:
            yield at(
                ref.location,
                "E405",
                f"'{person.navn}' has {ref.case} twice in saker",
            )
        elif ref.case is not None:
            seen.add(ref.case)


_PRESENT = ("tilstede", "motende_vara", "observatorer", "sekretariat", "andre")


def _absence(referat: Referat, navn: str, case: CaseNumber) -> str | None:
    """Why `navn` was not present for `case`, as the attendance says; None if present (or
    the attendance does not say: a bad til_og_med or saker has its own finding)."""
    if referat.moteleder and referat.moteleder.navn == navn:
        return None
    listed = [p for role in _PRESENT for p in getattr(referat, role) if p.navn == navn]
    if any(p.til_og_med is None and not p.saker for p in listed):
        return None
    for person in listed:
        until = person.til_og_med
        if until is not None and (until.case is None or case <= until.case):
            return None
        if any(ref.case in (case, None) for ref in person.saker):
            return None
    if listed:
        person = listed[0]
        if person.til_og_med is not None:
            return f"present only until {person.til_og_med.case} (line {person.location.line})"
        cases = ", ".join(str(ref.case) for ref in person.saker)
        return f"present only for {cases} (line {person.location.line})"
    absent = [p for p in referat.forfall if p.navn == navn]
    if absent:
        return f"listed as absent (line {absent[0].location.line})"
    return "not listed as present"


def inhabil_present(referat: Referat, _ctx: Context) -> Iterator[Diagnostic]:
    """E409: whoever declares a conflict of interest in a case was present for it (a case
    of another meeting is E406 alone)."""
    for person, ref in referat.inhabil:
        if ref is None or ref.case is None or ref.case.meeting != referat.id:
            continue
        why = _absence(referat, person.navn, ref.case)
        if why is not None:
            yield at(
                person.location,
                "E409",
                f"'{person.navn}' is inhabil in {ref.case} but was not at the meeting for it: {why}",
            )


def _named_cases(referat: Referat) -> Iterator[Ref]:
    """The cases the front matter names: til_og_med and saker of the attendance, and inhabil."""
    for role in _ATTENDANCE:
        for person in getattr(referat, role):
            if person.til_og_med:
                yield person.til_og_med
            yield from person.saker
    for _person, ref in referat.inhabil:
        if ref:
            yield ref


def partial_attendance(archive: Archive) -> Iterator[Diagnostic]:
    """E406: til_og_med, saker and inhabil name cases on that meeting's agenda (a case that
    does not exist is not on it: this is the one finding for that too)."""
    unread = archive.unread_numbers
    for referat in archive.referats.values():
        if referat.id not in archive.meetings or archive.cases_unlisted(referat.id.year):
            continue  # minutes of a meeting that has no file (E205), or no agenda known (E001)
        on_agenda = {c.number for c in archive.agenda(referat.id)}
        for ref in _named_cases(referat):
            if ref.case not in on_agenda and not _unread(ref.case, referat, unread):
                yield at(
                    ref.location,
                    "E406",
                    f"{ref.text.strip()} is not a case on the agenda of {referat.id}",
                )


def approved_in(archive: Archive) -> Iterator[Diagnostic]:
    """E408: `godkjent_i` names the case of a later meeting that approves these minutes (its
    title names them, or it attaches them). A case that does not exist is E201 alone."""
    for referat in archive.referats.values():
        ref = referat.godkjent_i
        target = archive.resolve(ref) if ref else None
        if target is None or target.number is None:
            continue
        if target.number.meeting <= referat.id:
            yield at(
                ref.location,
                "E408",
                f"minutes of {referat.id} approved in {target.number}, a case of "
                f"{'the same' if target.number.meeting == referat.id else 'an earlier'} "
                "meeting: minutes are approved at a later meeting",
            )
        elif minutes_approved(target) != referat.id and not any(
            a.referat == referat.id for a in target.vedlegg
        ):
            yield at(
                ref.location,
                "E408",
                f"{target.number} '{target.tittel}' does not approve the minutes of "
                f"{referat.id} (its title does not name them and it does not attach them)",
            )


REFERAT_RULES = [people, twice, inhabil_present]
ARCHIVE_RULES = [sections, order, partial_attendance, approved_in]
