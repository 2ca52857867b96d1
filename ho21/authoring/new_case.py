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

from ho21.authoring.fs import AuthoringError, archive_lock
from ho21.authoring.plan import load_archive, plan_moves, refuse_if_blocked
from ho21.authoring.renumber import apply, is_closing
from ho21.authoring.text import slugify, yaml_flow_list, yaml_scalar
from ho21.model import DECISION, Archive, Case, CaseNumber, MeetingId

SECTIONS = ("Bakgrunn", "Hvorfor saken fremmes", "Hovedpunkter")
PLACEHOLDER = "TODO"
# The proposed decision gets no TODO: a placeholder in a decision is an error (E302), and a
# new case should leave `ho21 check` with warnings only. The comment does not render.
DECISION_HINT = "<!-- Skriv forslaget til vedtak her. -->"
SUPPORTED = (".md", ".pdf", ".docx")


@dataclass
class AttachmentSpec:
    tittel: str
    source: Path | None = None  # a file to copy in; None: a Markdown stub to fill in

    @classmethod
    def parse(cls, value: str) -> AttachmentSpec:
        """`--vedlegg "Rapport=~/rapport.pdf"` or `--vedlegg "Notat"`."""
        title, sep, path = value.rpartition("=") if "=" in value else (value, "", "")
        title = title.strip()
        if not title:
            raise AuthoringError(f"--vedlegg '{value}': the attachment needs a title", 2)
        return cls(title, Path(path.strip()).expanduser() if sep and path.strip() else None)


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
    near = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return f"did you mean '{near[0]}'?" if near else f"allowed: {', '.join(allowed)}"


def validate(request: NewCase, archive: Archive) -> None:
    """Refuse bad option values (exit 2) and a meeting that is over (exit 1)."""
    meeting = request.meeting
    assert meeting is not None and request.title
    if meeting not in archive.meetings:
        known = ", ".join(str(m) for m in sorted(archive.meetings)) or "none"
        raise AuthoringError(
            f"--meeting {meeting}: no such meeting ({meeting.file}); "
            f"known: {known}; create it with ho21 new-meeting",
            2,
        )
    if meeting in archive.referats:
        raise AuthoringError(
            f"meeting {meeting} is over: its minutes are in {archive.referats[meeting].path}; "
            "add the case to a later meeting"
        )
    title = request.title
    if title != title.strip() or "\n" in title or len(title) > 300:
        raise AuthoringError("--title must be one line of text without leading spaces", 2)
    allowed = list(archive.sakstyper)
    for kind in request.types:
        if kind not in allowed:
            raise AuthoringError(
                f"--type '{kind}' is not a type of case; {_did_you_mean(kind, allowed)}", 2
            )
    names = officer_names(archive)
    for name in request.officers:
        if name not in names:
            raise AuthoringError(
                f"--saksbehandler '{name}' is not in the roster of {archive.council.path}; "
                f"{_did_you_mean(name, names)}",
                2,
            )
    check_sources(request.attachments)


def check_sources(specs: list[AttachmentSpec]) -> None:
    """Every attachment to copy in exists and is of a kind ho21 includes."""
    for spec in specs:
        source = spec.source
        if source is None:
            continue
        if not source.is_file():
            raise AuthoringError(f"--vedlegg '{spec.tittel}': no such file {source}", 2)
        if source.suffix.lower() not in SUPPORTED:
            raise AuthoringError(
                f"--vedlegg {source}: ho21 includes {', '.join(SUPPORTED)} files, "
                f"not {source.suffix or 'files without a suffix'}",
                2,
            )


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
        validate(request, archive)
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
