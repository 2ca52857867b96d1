"""Files to model: reads council, meetings, cases and referats into one Archive.

Returns the Archive together with the findings made while reading (E001–E006, E101, E601):
a broken file is reported and left out, never fatal, so `check` can go on with the rest.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from ho21 import parallel, references, rules
from ho21.diagnostics import Diagnostic, Location, at
from ho21.discovery import discover
from ho21.model import (
    DEFAULT_TYPES,
    Archive,
    Attachment,
    Case,
    Council,
    Meeting,
    MeetingId,
    Person,
    Ref,
    Referat,
    Spans,
    StandardItem,
    Text,
    legal_basis,
)
from ho21.referat_reader import load_referat
from ho21.rules.context import Context
from ho21.schema import Fields
from ho21.sources import headings, read_fields
from ho21.yamlsafe import Map, Scalar

COUNCIL_FILE = "meetings/council.yaml"
CASE_FIELDS = (
    "sak", "tittel", "type", "til", "fra", "saksbehandler", "vedlegg",
    "tidligere_behandlet", "offentlighet",
)  # fmt: skip
MEETING_FIELDS = ("mote", "dato", "tid", "sted", "innkalling_sendt")
COUNCIL_FIELDS = (
    "navn", "kortnavn", "til", "fra", "arkiv_fra", "sakstyper", "sekretariat_navn",
    "sekretariat_organisasjon", "medlemmer", "varamedlemmer", "observatorer", "sekretariat",
    "andre", "standardsaker",
)  # fmt: skip
PERSON_FIELDS = ("navn", "organisasjon", "sted", "rolle", "tittel")
STANDARD_FIELDS = ("tittel", "type", "tekst", "forslag")


# -- council ---------------------------------------------------------------------------------
def load_council(root: Path, diagnostics: list[Diagnostic]) -> Council | None:
    if not os.path.lexists(root / COUNCIL_FILE):
        diagnostics.append(
            at(Location(COUNCIL_FILE), "E001", "missing: the archive needs meetings/council.yaml")
        )
        return None
    f = read_fields(root, COUNCIL_FILE, diagnostics, COUNCIL_FIELDS, front_matter=False)
    if f is None:
        return None
    navn = f.string("navn", required=True) or ""
    # required (SPEC §2.4): without a roster or the types of case, the checks of names and
    # types would have nothing to hold the archive to
    sakstyper = f.strs("sakstyper", required=True)
    standard = f.mapping("standardsaker")
    apning: tuple[StandardItem, ...] = ()
    avslutning: tuple[StandardItem, ...] = ()
    if standard is not None:
        s = f.sub(standard, "standardsaker.")
        s.check_keys(("apning", "avslutning"))
        apning = _standard_items(s, "apning")
        avslutning = _standard_items(s, "avslutning")
    return Council(
        path=COUNCIL_FILE,
        navn=navn,
        kortnavn=f.string("kortnavn") or navn,
        til=f.string("til") or navn,
        fra=f.string("fra", required=True) or "",
        arkiv_fra=f.meeting_id("arkiv_fra"),
        sakstyper=sakstyper or DEFAULT_TYPES,
        sekretariat_navn=f.string("sekretariat_navn"),
        sekretariat_organisasjon=f.string("sekretariat_organisasjon"),
        medlemmer=_people(f, "medlemmer", required=True),
        varamedlemmer=_people(f, "varamedlemmer"),
        observatorer=_people(f, "observatorer"),
        sekretariat=_people(f, "sekretariat"),
        andre=_people(f, "andre"),
        apning=apning,
        avslutning=avslutning,
        spans=f.spans,
    )


def _people(f: Fields, key: str, required: bool = False) -> tuple[Person, ...]:
    out = []
    for i, item in enumerate(f.items(key, required)):
        if isinstance(item, Scalar):
            name = f.text_of(key, item)
            if name:
                out.append(Person(name))
            continue
        if not isinstance(item, Map):
            f.report(item, "E005", f"'{key}' must list people")
            continue
        p = f.sub(item, f"{key}[{i + 1}].")
        p.check_keys(PERSON_FIELDS)
        out.append(
            Person(
                navn=p.string("navn", required=True) or "",
                organisasjon=p.string("organisasjon"),
                sted=p.string("sted"),
                rolle=p.string("rolle"),
                tittel=p.string("tittel"),
            )
        )
    return tuple(out)


def _standard_items(f: Fields, key: str) -> tuple[StandardItem, ...]:
    out = []
    for i, item in enumerate(f.items(key)):
        if not isinstance(item, Map):
            f.report(item, "E005", f"'{f.prefix}{key}' must list items with tittel and type")
            continue
        s = f.sub(item, f"{f.prefix}{key}[{i + 1}].")
        s.check_keys(STANDARD_FIELDS)
        out.append(
            StandardItem(
                tittel=s.string("tittel", required=True) or "",
                types=s.strs("type", required=True),
                tekst=s.string("tekst") or "",
                forslag=s.string("forslag", required=True) or "",
            )
        )
    return tuple(out)


# -- meetings --------------------------------------------------------------------------------
def load_meeting(root: Path, rel: str, diagnostics: list[Diagnostic]) -> Meeting | None:
    f = read_fields(root, rel, diagnostics, MEETING_FIELDS, front_matter=False)
    if f is None:
        # the file is there: the meeting of its name exists, its fields unknown (reported)
        meeting_id = _meeting_of_file(rel)
        if meeting_id is None:
            return None
        return Meeting(rel, meeting_id, None, None, None, None, Spans(Text("", 0, rel)), True)
    meeting_id = f.meeting_id("mote", required=True, code="E601")
    dato = f.date("dato", required=True)
    tid = f.string("tid")
    sted = f.string("sted")
    sendt = f.date("innkalling_sendt")
    if meeting_id is not None and rel != meeting_id.file:
        f.report(
            f.node.items["mote"][1],
            "E601",
            f"meeting {meeting_id} belongs in {meeting_id.file}, not {rel}",
        )
        meeting_id = None
    if meeting_id is None:
        # the file is there, so the meeting its name says exists (its cases are not "of a
        # meeting without a meeting file"); what is wrong in it is reported above
        meeting_id = _meeting_of_file(rel)
        if meeting_id is None:
            return None
    return Meeting(rel, meeting_id, dato, tid, sted, sendt, f.spans)


def _meeting_of_file(rel: str) -> MeetingId | None:
    """The meeting a file `meetings/<year>/<m>.yaml` is named for, if its name is one."""
    _meetings, year, name = rel.split("/")
    meeting = MeetingId.parse(f"{name.removesuffix('.yaml')}/{year}")
    return meeting if meeting is not None and meeting.file == rel else None


# -- cases -----------------------------------------------------------------------------------
def load_case(
    root: Path, rel: str, council: Council | None, diagnostics: list[Diagnostic]
) -> Case | None:
    f = read_fields(root, rel, diagnostics, CASE_FIELDS, front_matter=True)
    if f is None:
        return None
    number_ref = f.one_case_ref("sak", required=True)
    tittel, title_span = _title(f)
    types = _case_types(f, council.sakstyper if council else DEFAULT_TYPES)
    text = f.text
    kortnavn = council.kortnavn if council else None
    return Case(
        path=rel,
        number=number_ref.case if number_ref else None,
        number_ref=number_ref,
        tittel=tittel,
        types=types,
        til=f.string("til") or (council.til if council else ""),
        fra=f.string("fra") or (council.fra if council else ""),
        saksbehandler=f.strs("saksbehandler"),
        vedlegg=_attachments(f),
        tidligere_behandlet=f.case_refs("tidligere_behandlet"),
        offentlighet=_offentlighet(f),
        text=text,
        refs=tuple(references.find(text, text.start, len(text.source), kortnavn)),
        # references written in the title ("Godkjenning av referat fra møte 4/2021")
        title_refs=tuple(references.find(text, *title_span, kortnavn)) if tittel else (),
        headings=headings(text),
        spans=f.spans,
        title_span=title_span,
    )


def _title(f: Fields) -> tuple[str, tuple[int, int]]:
    """The title, and where it is written. A title is one line in every document (the
    notice's agenda, the header, the bookmarks): one whose text holds a line break
    (`tittel: |`, "…\\n…") is E005; a plain or folded (`>-`) title may wrap in the file."""
    tittel = f.string("tittel", required=True) or ""
    node = f.node.items["tittel"][1] if tittel else None
    if not isinstance(node, Scalar):
        return tittel, (0, 0)
    if "\n" in tittel:
        f.report(
            node,
            "E005",
            "'tittel' must be one line: a title has no line breaks in any document "
            "(to wrap a long title in the file, write 'tittel: >-' and indent the lines)",
        )
        tittel = " ".join(tittel.split())
    return tittel, f.value_span(node)


def _case_types(f: Fields, allowed: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for value, item in f.str_items("type", required=True):
        if value in allowed:
            out.append(value)
            continue
        parts = [p.strip() for p in re.split(r"[/,]", value)]
        if len(parts) > 1 and all(p in allowed for p in parts):
            hint = f"write one type per list item: type: [{', '.join(parts)}]"
        elif near := difflib.get_close_matches(value, allowed, n=1, cutoff=0.8):
            hint = f"did you mean '{near[0]}'?"
        else:
            hint = f"allowed: {', '.join(allowed)}"
        f.report(item, "E005", f"unknown type of case '{value}'; {hint}")
    return tuple(out)


def _offentlighet(f: Fields) -> str | None:
    value = f.string("offentlighet")
    if value is None or value.lower() == "offentlig":
        return None
    node = f.node.items["offentlighet"][1]
    if not value.lower().startswith("unntatt"):
        f.report(
            node,
            "E005",
            f"'offentlighet' must be 'offentlig' or 'unntatt …' with its legal basis, not '{value}'",
        )
        return None
    if legal_basis(value) is None:
        f.report(
            node,
            "E005",
            f"'offentlighet: {value}' does not say on what legal basis; write it after "
            "'unntatt', e.g. 'unntatt offl. § 14'",
        )
    return value


def _attachments(f: Fields) -> tuple[Attachment, ...]:
    out = []
    for i, item in enumerate(f.items("vedlegg")):
        if not isinstance(item, Map):
            if isinstance(item, Scalar) and not item.value.strip():
                message = (
                    f"vedlegg {i + 1} is empty: write its 'tittel' and 'fil' (or 'referat') "
                    "under the '-', or remove the line"
                )
            else:
                message = "each vedlegg must have 'tittel' and 'fil' (or 'referat')"
            f.report(item, "E005", message)
            # it still holds its place: the ones after it keep their numbers, and a
            # `vedlegg N` in the text is judged against the list as written
            out.append(Attachment(i + 1, "", f.at(item), Spans(f.text)))
            continue
        a = f.sub(item, f"vedlegg[{i + 1}].")
        a.check_keys(("tittel", "fil", "referat"))
        if a.has("referat"):
            node = item.items["referat"][1]
            meeting = a.meeting_id("referat")
            ref = None
            if meeting is not None and isinstance(node, Scalar):
                ref = Ref("meeting", node.value, a.text, a.at(node), year=meeting.year, m=meeting.m)
            tittel = a.string("tittel") or (f"Referat fra møte {meeting}" if meeting else "")
            out.append(
                Attachment(i + 1, tittel, a.at(item), a.spans, referat=meeting, referat_ref=ref)
            )
            continue
        tittel = a.string("tittel", required=True) or ""
        fil = a.string("fil", required=True)
        if fil and "\\" in fil:  # a Windows path: it would be taken for one odd file name
            forward = fil.replace("\\", "/")
            a.report(item.items["fil"][1], "E005", f"'{fil}': write '/' between folders: {forward}")
            fil = None
        out.append(Attachment(i + 1, tittel, a.at(item), a.spans, fil=fil))
    return tuple(out)


# -- the archive -----------------------------------------------------------------------------
def _read_file(
    root: Path, kind: str, rel: str, council: Council | None, ctx: Context | None
) -> tuple[Meeting | Case | Referat | None, list[Diagnostic]]:
    """One meeting, case or referat file, with what reading it found and, given a Context,
    what the rules about that file alone find."""
    diagnostics: list[Diagnostic] = []
    if kind == "meeting":
        return load_meeting(root, rel, diagnostics), diagnostics
    if kind == "case":
        item = load_case(root, rel, council, diagnostics)
        if item is not None and ctx is not None:
            diagnostics.extend(rules.check_case(item, ctx))
    else:
        item = load_referat(root, rel, council, diagnostics)
        # minutes filed under another meeting's name are refused whole (E601, in `load`)
        if item is not None and ctx is not None and rel == item.id.referat_file:
            diagnostics.extend(rules.check_referat(item, ctx))
    return item, diagnostics


def load(
    root: Path | str, check: bool = False, jobs: int | None = None
) -> tuple[Archive, list[Diagnostic]]:
    """Read the whole archive below root; with `check`, also run the case and referat rules
    on each file as it is read. Meeting, case and referat files are read on all cores
    (`parallel`)."""
    root = Path(root)
    diagnostics: list[Diagnostic] = []
    council = load_council(root, diagnostics)
    files = discover(root)
    diagnostics.extend(files.diagnostics)
    ctx = Context(os.fspath(root), council) if check else None
    work = (
        [("meeting", rel) for rel in files.meetings]
        + [("case", rel) for rel in files.cases]
        + [("referat", rel) for rel in files.referats]
    )
    # year by year (meetings, cases, minutes): each process's share holds all kinds alike
    work.sort(key=lambda item: item[1].split("/", 2)[1])
    read = parallel.map_chunks(
        lambda share: [_read_file(root, kind, rel, council, ctx) for kind, rel in share],
        work,
        jobs,
    )
    cases, unreadable, unread_minutes = [], [], []
    meetings: dict[MeetingId, Meeting] = {}
    referats: dict[MeetingId, Referat] = {}
    for (kind, rel), (item, found) in zip(work, read, strict=True):
        diagnostics.extend(found)
        if kind == "meeting":
            if item is not None:
                meetings[item.id] = item
            continue
        if kind == "case":
            (cases if item else unreadable).append(item or rel)
            continue
        if item is None:
            unread_minutes.append(rel)
            continue
        expected = item.id.referat_file
        if rel != expected or item.id in referats:
            diagnostics.append(
                at(
                    item.where("mote"),
                    "E601",
                    f"the minutes of {item.id} belong in {expected}, not {rel}",
                )
            )
            continue
        referats[item.id] = item
    archive = Archive(
        os.fspath(root),
        council,
        meetings,
        cases,
        referats,
        unreadable,
        unread_minutes,
        frozenset(files.unlisted),
    )
    return archive, diagnostics
