"""`ho21 new-case`: a new case file with the next number of a meeting.

The case is placed before the meeting's closing standard items (council.yaml
`standardsaker.avslutning`, matched by title: Eventuelt, Evaluering av møtet), which move
down one number, as do the cases of any later meeting of the same year; every reference to a
moved case is rewritten and its file and attachment folder renamed. All of it happens under
the archive's lock in one transaction, and the new file is created exclusively.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ho21 import attachments
from ho21.authoring.fs import AuthoringError, archive_lock
from ho21.authoring.plan import load_archive, plan_moves, refuse_if_blocked
from ho21.authoring.renumber import apply, is_closing
from ho21.authoring.text import has_line_break, slugify, yaml_flow_list, yaml_scalar
from ho21.model import DECISION, Archive, Case, CaseNumber, MeetingId

SECTIONS = ("Bakgrunn", "Hvorfor saken fremmes", "Hovedpunkter")
PLACEHOLDER = "TODO"
# The proposed decision gets no TODO: a placeholder in a decision is an error (E302), and a
# new case should leave `ho21 check` with warnings only. The comment does not render.
DECISION_HINT = "<!-- Skriv forslaget til vedtak her. -->"
SUPPORTED = attachments.SUPPORTED


@dataclass
class AttachmentSpec:
    tittel: str
    source: Path | None = None  # a file to copy in; None: a Markdown stub to fill in

    @classmethod
    def parse(cls, value: str) -> AttachmentSpec:
        """`--vedlegg "Rapport=~/rapport.pdf"` or `--vedlegg "Notat"`.

        The value is split at its last '=' only when what follows is a path: it names an
        existing file, holds a '/', or ends in .md, .pdf or .docx. Otherwise the whole value
        is the title, so a title may hold '=' (`"Kvinner = menn"`)."""
        title, _sep, path = value.rpartition("=")
        path = path.strip()
        if not (_sep and path and _is_path(path)):
            title, path = value, ""
        title = title.strip()
        if not title:
            raise AuthoringError(f"--vedlegg '{value}': the attachment needs a title", 2)
        if has_line_break(title):
            raise AuthoringError(f"--vedlegg {value!r}: the title must be one line of text", 2)
        return cls(title, Path(path).expanduser() if path else None)


def _is_path(text: str) -> bool:
    """What follows '=' in `--vedlegg` names a file (see AttachmentSpec.parse)."""
    return "/" in text or text.lower().endswith(SUPPORTED) or Path(text).expanduser().is_file()


@dataclass
class NewCase:
    meeting: MeetingId | None = None
    title: str | None = None
    types: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)
    attachments: list[AttachmentSpec] = field(default_factory=list)

    def missing(self) -> list[str]:
        """The options still to be given (or asked for)."""
        named = [
            ("--meeting", self.meeting is None),
            ("--title", not self.title),
            ("--type", not self.types),
            ("--saksbehandler", not self.officers),
        ]
        return [option for option, absent in named if absent]


@dataclass
class Created:
    path: str
    number: CaseNumber
    moved: list[tuple[str, str]]  # old path -> new path of the cases that moved down
    references: int


def officer_names(archive: Archive) -> list[str]:
    """Who may be saksbehandler: the roster, and the secretariat as a whole."""
    if archive.council is None:
        return []
    names = list(archive.council.roster)
    if archive.council.sekretariat_navn:
        names.append(archive.council.sekretariat_navn)
    return names


def _did_you_mean(value: str, allowed: list[str]) -> str:
    """A near spelling (`Vedtak` for Vedtakssak), or the one name that holds the words given
    (`Ina` for Ina Dahlsveen); else every allowed value."""
    words = value.lower().split()
    holding = [a for a in allowed if words and all(w in a.lower().split() for w in words)]
    near = holding if len(holding) == 1 else difflib.get_close_matches(value, allowed, n=1)
    if near:
        return f"did you mean '{near[0]}'?"
    if len(holding) > 1:
        return f"did you mean one of: {', '.join(holding)}?"
    return f"allowed: {', '.join(allowed)}"


MAX_TITLE = 300


def validate(request: NewCase, archive: Archive) -> None:
    """Refuse bad option values (exit 2) and a meeting that is over (exit 1); put the
    values in their canonical form (title without surrounding spaces, names as in
    council.yaml)."""
    assert request.meeting is not None and request.title is not None
    check_meeting(archive, request.meeting)
    request.title = check_title(request.title)
    request.types = check_types(archive, request.types)
    request.officers = check_officers(archive, request.officers)


# Each check below is the one rule for its value, whether given as an option or answered at
# the prompt; `option` names the option in the message (None at the prompt).
def _named(option: str | None, message: str, subject: str = "") -> str:
    """The message about an option's value: `--title is empty…`; at the prompt, about the
    value itself (`The title is empty…`), or as it is when it names the value already."""
    if option:
        return f"{option} {message}"
    return f"{subject} {message}" if subject else message


def check_meeting(archive: Archive, meeting: MeetingId, option: str | None = "--meeting") -> None:
    """The meeting exists, its minutes are not written, and no held meeting's cases move."""
    if meeting not in archive.meetings:
        known = ", ".join(str(m) for m in sorted(archive.meetings)) or "none"
        raise AuthoringError(
            _named(option, f"{meeting}: no such meeting ({meeting.file}); ")
            + f"known: {known}; create it with ho21 new-meeting",
            2,
        )
    if meeting in archive.referats:
        raise AuthoringError(
            f"meeting {meeting} is over: its minutes are in {archive.referats[meeting].path}; "
            f"add the case to a later meeting ({_after(archive, meeting)})"
        )
    refuse_held(archive, meeting, insertion(archive, meeting)[1])


def check_title(title: str, option: str | None = "--title") -> str:
    """The title without surrounding spaces: one line, not empty, at most MAX_TITLE long."""
    title = title.strip()
    subject = "The title"
    if not title:
        raise AuthoringError(_named(option, "is empty; give the case a title", subject), 2)
    if has_line_break(title):
        raise AuthoringError(_named(option, "must be one line of text", subject), 2)
    if len(title) > MAX_TITLE:
        long = f"is {len(title)} characters long; at most {MAX_TITLE} are allowed"
        raise AuthoringError(_named(option, long, subject), 2)
    return title


def check_types(archive: Archive, kinds: list[str], option: str | None = "--type") -> list[str]:
    """Types of case from council.yaml sakstyper, in any letter case."""
    allowed = list(archive.sakstyper)
    return _choices(kinds, allowed, lambda k: _named(option, f"'{k}' is not a type of case"))


def check_officers(
    archive: Archive, names: list[str], option: str | None = "--saksbehandler"
) -> list[str]:
    """People of the roster, or the secretariat's collective name, in any letter case."""
    allowed = officer_names(archive)
    where = archive.council.path if archive.council else "council.yaml"
    return _choices(
        names, allowed, lambda n: _named(option, f"'{n}' is not in the roster of {where}")
    )


def _choices(values: list[str], allowed: list[str], refusal) -> list[str]:
    """values as written in `allowed` (letter case aside), each once; else a did-you-mean."""
    by_lower = {a.lower(): a for a in allowed}
    out: list[str] = []
    for value in values:
        found = by_lower.get(value.strip().lower())
        if found is None:
            raise AuthoringError(f"{refusal(value)}; {_did_you_mean(value, allowed)}", 2)
        if found not in out:
            out.append(found)
    return out


def check_sources(specs: list[AttachmentSpec]) -> None:
    """Every attachment to copy in exists, is of a kind ho21 includes, and opens as the
    packet opens it: what `ho21 check` would refuse in the new case is refused here, in
    check's words, before anything is written."""
    for spec in specs:
        source = spec.source
        if source is None:
            continue
        if not source.is_file():
            raise AuthoringError(f"--vedlegg '{spec.tittel}': no such file {source}", 2)
        suffix = source.suffix.lower()
        if suffix not in SUPPORTED:
            raise AuthoringError(
                f"--vedlegg {source}: ho21 includes {', '.join(SUPPORTED)} files, "
                f"not {source.suffix or 'files without a suffix'}",
                2,
            )
        try:
            attachments.usable(source, suffix)
        except attachments.Unusable as exc:
            raise AuthoringError(
                f"--vedlegg '{spec.tittel}': {exc.message(str(source))} "
                f"(ho21 check would report {exc.code})",
                2,
            ) from None


def insertion(archive: Archive, meeting: MeetingId) -> tuple[int, dict[str, int]]:
    """The new case's running number, and the cases (by path) that move down to make room."""
    agenda = archive.agenda(meeting)
    tail: list[Case] = []
    for case in reversed(agenda):
        if not is_closing(archive, case):
            break
        tail.insert(0, case)
    year_cases = [c for c in archive.cases if c.number and c.number.year == meeting.year]
    if tail:
        n = tail[0].number.n
    elif agenda:
        n = agenda[-1].number.n + 1
    else:
        earlier = [c.number.n for c in year_cases if c.number.m < meeting.m]
        if earlier:
            n = max(earlier) + 1
        elif meeting.year == archive.first_year and year_cases:
            n = min(c.number.n for c in year_cases)
        else:
            n = 1
    shifts = {c.path: c.number.n + 1 for c in year_cases if c.number.n >= n}
    return n, shifts


def refuse_held(archive: Archive, meeting: MeetingId, shifts: dict[str, int]) -> None:
    """Refuse to move the cases of a meeting whose minutes are written: the numbers in
    minutes that were sent out or approved must not change."""
    moving = {c.number.meeting for c in archive.cases if c.path in shifts}
    held = sorted(m for m in moving if m in archive.referats)
    if held:
        later = held[-1]
        raise AuthoringError(
            f"meeting {later} is held (its minutes are in {archive.referats[later].path}), and "
            f"a new case in {meeting} would renumber its cases; add the case to a meeting after "
            f"{later} instead ({_after(archive, later)})"
        )


def _after(archive: Archive, held: MeetingId) -> str:
    """Where a case can go instead: the open meetings after `held`, or a new one."""
    open_ = [m for m in open_meetings(archive) if m > held]
    if open_:
        return "e.g. --meeting " + " or --meeting ".join(str(m) for m in open_)
    return "create one with ho21 new-meeting"


def open_meetings(archive: Archive) -> list[MeetingId]:
    """The meetings a case can be added to: no minutes, and none of their year's later
    meetings has minutes either (its cases would move)."""
    held = [m for m in archive.referats if m in archive.meetings]
    return sorted(
        m
        for m in archive.meetings
        if m not in archive.referats and not any(h.year == m.year and h > m for h in held)
    )


def render(request: NewCase, number: CaseNumber, stem: str, files: list[tuple[str, str]]) -> str:
    """The new case file: front matter, the standard sections, placeholders to fill in."""
    lines = [
        "---",
        f"sak: {number}",
        f"tittel: {yaml_scalar(request.title or '')}",
        f"type: {yaml_flow_list(request.types)}",
        f"saksbehandler: {yaml_flow_list(request.officers)}",
    ]
    if files:
        lines.append("vedlegg:")
        for title, name in files:
            lines.append(f"  - tittel: {yaml_scalar(title)}")
            lines.append(f"    fil: {yaml_scalar(f'{stem}/{name}')}")
    lines += ["---", ""]
    for section in SECTIONS:
        lines += [f"## {section}", "", PLACEHOLDER, ""]
    lines += [f"## {DECISION}", "", DECISION_HINT, ""]
    return "\n".join(lines)


def _attachment_files(specs: list[AttachmentSpec]) -> list[tuple[str, str, bytes]]:
    """(title, file name, content) of each attachment; names unique within the folder."""
    check_sources(specs)
    out: list[tuple[str, str, bytes]] = []
    taken: set[str] = set()
    for spec in specs:
        if spec.source is None:
            base, suffix = slugify(spec.tittel, fallback="vedlegg"), ".md"
            data = f"# {spec.tittel}\n\n{PLACEHOLDER}\n".encode()
        else:
            name = spec.source.name
            base, suffix = name[: -len(spec.source.suffix)], spec.source.suffix.lower()
            base = slugify(base, words=10, fallback="vedlegg")
            try:
                data = spec.source.read_bytes()
            except OSError as exc:
                raise AuthoringError(f"--vedlegg {spec.source}: {exc.strerror}", 2) from None
        name, i = f"{base}{suffix}", 2
        while name in taken:
            name, i = f"{base}-{i}{suffix}", i + 1
        taken.add(name)
        out.append((spec.tittel, name, data))
    return out


def create(root: Path, request: NewCase) -> Created:
    """Write the new case (and move the closing items down), under the archive's lock."""
    if request.missing():
        raise AuthoringError(f"missing {', '.join(request.missing())}", 2)
    attachments = _attachment_files(request.attachments)
    with archive_lock(root):
        archive, blocking = load_archive(root)
        validate(request, archive)  # refuses a meeting whose new case would move held ones
        meeting = request.meeting
        n, shifts = insertion(archive, meeting)
        if shifts:
            refuse_if_blocked(blocking)
        plan = plan_moves(root, archive, shifts)
        number = CaseNumber(meeting.year, n, meeting.m)
        stem = f"{n}-{slugify(request.title or '')}"
        path = f"cases/{meeting.year}/{stem}.md"
        files = [(title, name) for title, name, _data in attachments]
        plan.transaction.creates[path] = render(request, number, stem, files).encode()
        for _title, name, data in attachments:
            plan.transaction.creates[f"cases/{meeting.year}/{stem}/{name}"] = data
        apply(plan.transaction)
    moved = [(case.path, new_path) for case, _n, new_path in plan.moves]
    return Created(path, number, moved, plan.references)
