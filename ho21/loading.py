"""Files to model: reads council, meetings, cases and referats into one Archive.

Returns the Archive together with the findings made while reading (E001–E006, E101, E601):
a broken file is reported and left out, never fatal, so `check` can go on with the rest.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ho21 import references
from ho21.diagnostics import Diagnostic, Location, at
from ho21.model import (
    DEFAULT_TYPES,
    Archive,
    Attachment,
    Attendee,
    Case,
    Council,
    Heading,
    Meeting,
    MeetingId,
    Person,
    Ref,
    Referat,
    ReferatSection,
    StandardItem,
    Text,
)
from ho21.schema import Fields
from ho21.yamlsafe import Map, Scalar, Seq, YamlSyntaxError, parse

COUNCIL_FILE = "meetings/council.yaml"
CASE_FIELDS = (
    "sak", "tittel", "type", "til", "fra", "saksbehandler", "vedlegg",
    "tidligere_behandlet", "offentlighet",
)  # fmt: skip
MEETING_FIELDS = ("mote", "dato", "tid", "sted", "innkalling_sendt")
REFERAT_FIELDS = (
    "mote", "status", "godkjent_i", "moteleder", "tilstede", "forfall", "motende_vara",
    "observatorer", "sekretariat", "andre", "inhabil",
)  # fmt: skip
PERSON_LIST_FIELDS = ("tilstede", "forfall", "motende_vara", "observatorer", "sekretariat")
COUNCIL_FIELDS = (
    "navn", "kortnavn", "til", "fra", "arkiv_fra", "sakstyper", "sekretariat_navn",
    "sekretariat_organisasjon", "medlemmer", "varamedlemmer", "observatorer", "sekretariat",
    "andre", "standardsaker",
)  # fmt: skip
PERSON_FIELDS = ("navn", "organisasjon", "sted", "rolle", "tittel")
STANDARD_FIELDS = ("tittel", "type", "tekst", "forslag")

_HEADING = re.compile(r"\n(#{1,6})[ \t]+([^\n]*)")
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)
_VEDTAK = re.compile(r"^Vedtak:[ \t]*", re.MULTILINE)


@dataclass
class Source:
    """A file read, decoded and split into front matter and body."""

    text: Text
    front: str | None  # the YAML between the --- lines
    front_line: int  # 0-based file line where `front` starts


def read_text(root: Path, rel: str, diagnostics: list[Diagnostic]) -> str | None:
    """The file's text with newlines normalised, or None (E001) when it cannot be used."""
    try:
        data = (root / rel).read_bytes()
    except OSError as exc:
        diagnostics.append(at(Location(rel), "E001", f"cannot read file: {exc.strerror}"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # in characters: the line's text before the bad byte is valid UTF-8 (æ, ø count once)
        column = len(data[line_start : exc.start].decode("utf-8")) + 1
        diagnostics.append(
            at(
                Location(rel, line, column),
                "E001",
                f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            )
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        diagnostics.append(at(Location(rel, line, column), "E001", "file contains a NUL byte"))
        return None
    return text


def split_front_matter(rel: str, text: str, diagnostics: list[Diagnostic]) -> Source | None:
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        what = "file is empty" if not text.strip() else "file does not start with a '---' line"
        diagnostics.append(
            at(Location(rel), "E002", f"front matter missing: {what} (YAML between '---' lines)")
        )
        return None
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        diagnostics.append(
            at(Location(rel), "E002", "front matter is not closed: no second '---' line")
        )
        return None
    front = text[4 : 4 + end.start()]
    body_start = 4 + end.end() + 1
    return Source(Text(text, min(body_start, len(text)), rel), front, 1)


def _inside(text: Text, line: int, column: int) -> Location:
    """YAML marks the end of input one line past a file without a final newline: stay inside."""
    if line > text.source.count("\n") + 1:
        return text.location(len(text.source))
    return Location(text.path, line, column)


def parse_mapping(source: Source, diagnostics: list[Diagnostic]) -> Map | None:
    """The front matter (or a whole YAML file) as a mapping, or None with E002/E006 reported."""
    rel = source.text.path
    try:
        doc = parse(source.front or "", source.front_line)
    except YamlSyntaxError as exc:
        loc = _inside(source.text, exc.line + source.front_line + 1, exc.column + 1)
        diagnostics.append(at(loc, "E002", f"invalid YAML: {exc.message}"))
        return None
    for problem in doc.problems:
        loc = _inside(source.text, problem.line + source.front_line + 1, problem.column + 1)
        diagnostics.append(at(loc, problem.code, problem.message))
    if doc.root is None:
        if not doc.problems:
            where = Location(rel, source.front_line + 1, 1)
            diagnostics.append(at(where, "E002", "front matter is empty"))
        return None
    if not isinstance(doc.root, Map):
        loc = _inside(source.text, doc.root.line + source.front_line + 1, doc.root.column + 1)
        diagnostics.append(at(loc, "E002", "front matter must be a mapping of fields"))
        return None
    return doc.root


def headings(text: Text) -> tuple[Heading, ...]:
    """ATX headings of the body, outside fenced code blocks."""
    source = text.source
    fenced: list[tuple[int, int]] = []
    if "```" in source or "~~~" in source:
        fences = [m.start() for m in _FENCE.finditer(source, text.start)]
        fenced = list(zip(fences[::2], fences[1::2] + [len(source)], strict=False))
    out = []
    # a literal newline before '#' lets the regex engine skip ahead; the body starts a line
    for match in _HEADING.finditer(source, max(text.start - 1, 0)):
        if fenced and any(a <= match.start() < b for a, b in fenced):
            continue
        title = match[2].rstrip(" \t#")
        out.append(Heading(len(match[1]), title, text.location(match.start(2)), match.start(1)))
    return tuple(out)


# -- council ---------------------------------------------------------------------------------
def load_council(root: Path, diagnostics: list[Diagnostic]) -> Council | None:
    if not (root / COUNCIL_FILE).is_file():
        diagnostics.append(
            at(Location(COUNCIL_FILE), "E001", "missing: the archive needs meetings/council.yaml")
        )
        return None
    raw = read_text(root, COUNCIL_FILE, diagnostics)
    if raw is None:
        return None
    source = Source(Text(raw, len(raw), COUNCIL_FILE), raw, 0)
    node = parse_mapping(source, diagnostics)
    if node is None:
        return None
    f = Fields(node, source.text, 0, diagnostics)
    f.check_keys(COUNCIL_FIELDS)
    navn = f.string("navn", required=True) or ""
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
        sakstyper=f.strs("sakstyper") or DEFAULT_TYPES,
        sekretariat_navn=f.string("sekretariat_navn"),
        sekretariat_organisasjon=f.string("sekretariat_organisasjon"),
        medlemmer=_people(f, "medlemmer"),
        varamedlemmer=_people(f, "varamedlemmer"),
        observatorer=_people(f, "observatorer"),
        sekretariat=_people(f, "sekretariat"),
        andre=_people(f, "andre"),
        apning=apning,
        avslutning=avslutning,
        spans=f.spans,
    )


def _people(f: Fields, key: str) -> tuple[Person, ...]:
    out = []
    for i, item in enumerate(f.items(key)):
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
    raw = read_text(root, rel, diagnostics)
    if raw is None:
        return None
    source = Source(Text(raw, len(raw), rel), raw, 0)
    node = parse_mapping(source, diagnostics)
    if node is None:
        return None
    f = Fields(node, source.text, 0, diagnostics)
    f.check_keys(MEETING_FIELDS)
    meeting_id = f.meeting_id("mote", required=True, code="E601")
    dato = f.date("dato", required=True)
    tid = f.string("tid")
    sted = f.string("sted")
    sendt = f.date("innkalling_sendt")
    if meeting_id is None or dato is None:
        return None
    expected = f"meetings/{meeting_id.year}/{meeting_id.m}.yaml"
    if rel != expected:
        f.report(
            node.items["mote"][1],
            "E601",
            f"meeting {meeting_id} belongs in {expected}, not {rel}",
        )
        return None
    return Meeting(rel, meeting_id, dato, tid, sted, sendt, f.spans)


# -- cases -----------------------------------------------------------------------------------
def load_case(
    root: Path, rel: str, council: Council | None, diagnostics: list[Diagnostic]
) -> Case | None:
    raw = read_text(root, rel, diagnostics)
    if raw is None:
        return None
    source = split_front_matter(rel, raw, diagnostics)
    if source is None:
        return None
    node = parse_mapping(source, diagnostics)
    if node is None:
        return None
    f = Fields(node, source.text, source.front_line, diagnostics)
    f.check_keys(CASE_FIELDS)
    number_ref = f.one_case_ref("sak", required=True)
    tittel = f.string("tittel", required=True) or ""
    types = _case_types(f, council.sakstyper if council else DEFAULT_TYPES)
    text = source.text
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
        refs=tuple(
            references.find(text.source, text.start, len(text.source), text.location, kortnavn)
        ),
        headings=headings(text),
        spans=f.spans,
    )


def _case_types(f: Fields, allowed: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    node = f.node.items["type"][1] if "type" in f.node.items else None
    values = f.strs("type", required=True)
    items = node.items if isinstance(node, Seq) else [node]
    for value, item in zip(values, items, strict=False):
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
    if not value.lower().startswith("unntatt"):
        f.report(
            f.node.items["offentlighet"][1],
            "E005",
            f"'offentlighet' must be 'offentlig' or 'unntatt …' with its legal basis, not '{value}'",
        )
        return None
    return value


def _attachments(f: Fields) -> tuple[Attachment, ...]:
    out = []
    for i, item in enumerate(f.items("vedlegg")):
        if not isinstance(item, Map):
            f.report(item, "E005", "each vedlegg must have 'tittel' and 'fil' (or 'referat')")
            continue
        a = f.sub(item, f"vedlegg[{i + 1}].")
        a.check_keys(("tittel", "fil", "referat"))
        if a.has("referat"):
            node = item.items["referat"][1]
            meeting = a.meeting_id("referat")
            ref = None
            if meeting is not None and isinstance(node, Scalar):
                ref = Ref("meeting", node.value, a.loc(node), year=meeting.year, m=meeting.m)
            tittel = a.string("tittel") or (f"Referat fra møte {meeting}" if meeting else "")
            out.append(Attachment(i + 1, tittel, a.loc(item), referat=meeting, referat_ref=ref))
            continue
        tittel = a.string("tittel", required=True) or ""
        fil = a.string("fil", required=True)
        fil_loc = a.spans.get("fil")
        out.append(
            Attachment(
                i + 1,
                tittel,
                a.loc(item),
                fil=fil,
                fil_location=fil_loc,
                tittel_location=a.spans.get("tittel"),
            )
        )
    return tuple(out)


# -- referats --------------------------------------------------------------------------------
def load_referat(
    root: Path, rel: str, council: Council | None, diagnostics: list[Diagnostic]
) -> Referat | None:
    raw = read_text(root, rel, diagnostics)
    if raw is None:
        return None
    source = split_front_matter(rel, raw, diagnostics)
    if source is None:
        return None
    node = parse_mapping(source, diagnostics)
    if node is None:
        return None
    f = Fields(node, source.text, source.front_line, diagnostics)
    f.check_keys(REFERAT_FIELDS)
    meeting_id = f.meeting_id("mote", required=True)
    status = f.choice("status", ("utkast", "godkjent"), required=True) or "utkast"
    godkjent_i = f.one_case_ref("godkjent_i", required=status == "godkjent")
    moteleder = _attendees(f, "moteleder")
    lists = {key: _attendees(f, key) for key in PERSON_LIST_FIELDS}
    if meeting_id is None:
        return None
    text = source.text
    kortnavn = council.kortnavn if council else None
    heads = headings(text)
    opening_end = heads[0].offset if heads else len(text.source)
    return Referat(
        path=rel,
        id=meeting_id,
        status=status,
        godkjent_i=godkjent_i,
        moteleder=moteleder[0] if moteleder else None,
        tilstede=lists["tilstede"],
        forfall=lists["forfall"],
        motende_vara=lists["motende_vara"],
        observatorer=lists["observatorer"],
        sekretariat=lists["sekretariat"],
        andre=_andre(f),
        inhabil=_inhabil(f),
        text=text,
        opening=text.source[text.start : opening_end].strip(),
        sections=_sections(text, heads, kortnavn, diagnostics),
        refs=tuple(
            references.find(text.source, text.start, len(text.source), text.location, kortnavn)
        ),
        spans=f.spans,
    )


def _attendees(f: Fields, key: str) -> tuple[Attendee, ...]:
    entry = f.node.items.get(key)
    if entry is None:
        return ()
    items = f.items(key) if not isinstance(entry[1], Scalar) else [entry[1]]
    out = []
    for i, item in enumerate(items):
        if isinstance(item, Scalar):
            name = f.text_of(key, item)
            if name:
                out.append(Attendee(name, f.loc(item)))
            continue
        if not isinstance(item, Map):
            f.report(item, "E005", f"'{key}' must list names")
            continue
        p = f.sub(item, f"{key}[{i + 1}].")
        p.check_keys(("navn", "til_og_med", "saker"))
        name = p.string("navn", required=True)
        if name:
            loc = p.loc(item.items["navn"][1])
            out.append(Attendee(name, loc, p.one_case_ref("til_og_med"), p.case_refs("saker")))
    return tuple(out)


def _andre(f: Fields) -> tuple[Attendee, ...]:
    """`andre` is a list of names, or a mapping organisation -> names (SPEC §2.3)."""
    entry = f.node.items.get("andre")
    if entry is None or not isinstance(entry[1], Map):
        return _attendees(f, "andre")
    out: list[Attendee] = []
    for org, (_key, names) in entry[1].items.items():
        sub = f.sub(Map({org: (_key, names)}, entry[1].line, entry[1].column), "andre.")
        out.extend(_attendees(sub, org))
    return tuple(out)


def _inhabil(f: Fields):
    out = []
    for i, item in enumerate(f.items("inhabil")):
        if not isinstance(item, Map):
            f.report(item, "E005", "each 'inhabil' entry needs 'navn' and 'sak'")
            continue
        p = f.sub(item, f"inhabil[{i + 1}].")
        p.check_keys(("navn", "sak"))
        name = p.string("navn", required=True)
        if name:
            person = Attendee(name, p.loc(item.items["navn"][1]))
            out.append((person, p.one_case_ref("sak", required=True)))
    return tuple(out)


def _sections(text: Text, heads, kortnavn, diagnostics) -> tuple[ReferatSection, ...]:
    out = []
    level2 = [h for h in heads if h.level == 2]
    for i, heading in enumerate(level2):
        start = text.source.find("\n", heading.offset)
        start = len(text.source) if start == -1 else start + 1
        end = level2[i + 1].offset if i + 1 < len(level2) else len(text.source)
        heading_end = start - 1 if start > heading.offset else len(text.source)
        refs = [
            r
            for r in references.find(
                text.source, heading.offset, heading_end, text.location, kortnavn
            )
            if r.kind == "case"
        ]
        if not refs or refs[0].m is None:
            diagnostics.append(
                at(
                    heading.location,
                    "E402",
                    f"referat section '{heading.title}' does not name a case number n/m/yyyy",
                )
            )
            continue
        body = text.source[start:end]
        vedtak = None
        matches = list(_VEDTAK.finditer(body))
        if matches:
            vedtak = body[matches[-1].end() :].strip()
        out.append(ReferatSection(refs[0], heading, body, start, vedtak))
    return tuple(out)


# -- the archive -----------------------------------------------------------------------------
def discover(root: Path) -> tuple[list[str], list[str], list[str]]:
    """Relative paths of meeting files, case files and referat files, sorted."""
    meetings, cases, referats = [], [], []
    for year_dir in sorted((root / "meetings").glob("*")):
        if not year_dir.is_dir():
            continue
        for p in sorted(year_dir.iterdir()):
            rel = p.relative_to(root).as_posix()
            if p.name.endswith(".referat.md"):
                referats.append(rel)
            elif p.suffix == ".yaml":
                meetings.append(rel)
    for year_dir in sorted((root / "cases").glob("*")):
        if year_dir.is_dir():
            cases.extend(
                p.relative_to(root).as_posix() for p in sorted(year_dir.glob("*.md")) if p.is_file()
            )
    return meetings, cases, referats


def load(root: Path | str) -> tuple[Archive, list[Diagnostic]]:
    """Read the whole archive below root."""
    root = Path(root)
    diagnostics: list[Diagnostic] = []
    council = load_council(root, diagnostics)
    meeting_files, case_files, referat_files = discover(root)
    meetings: dict[MeetingId, Meeting] = {}
    for rel in meeting_files:
        meeting = load_meeting(root, rel, diagnostics)
        if meeting is not None:
            meetings[meeting.id] = meeting
    cases, unreadable = [], []
    for rel in case_files:
        case = load_case(root, rel, council, diagnostics)
        (cases if case else unreadable).append(case or rel)
    referats: dict[MeetingId, Referat] = {}
    for rel in referat_files:
        referat = load_referat(root, rel, council, diagnostics)
        if referat is None:
            continue
        expected = f"meetings/{referat.id.year}/{referat.id.m}.referat.md"
        if rel != expected or referat.id in referats:
            diagnostics.append(
                at(
                    referat.where("mote"),
                    "E601",
                    f"the minutes of {referat.id} belong in {expected}, not {rel}",
                )
            )
            continue
        referats[referat.id] = referat
    archive = Archive(os.fspath(root), council, meetings, cases, referats, unreadable)
    return archive, diagnostics
