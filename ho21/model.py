"""The archive as ho21 sees it: immutable records, each value with the place it was written."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from ho21.diagnostics import Location

DECISION = "Forslag til vedtak"  # the section every case ends with: its proposed decision
# ASCII digits only: \d (and int()) would take other scripts' digits too, such as '２０２１'
CASE_NUMBER = re.compile(r"([0-9]{1,4})/([0-9]{1,2})/([0-9]{4})")
MEETING_NUMBER = re.compile(r"([0-9]{1,2})/([0-9]{4})")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EXEMPTION = re.compile(r"unntatt(?:\s+offentlighet)?\b[\s.,:;\-–]*", re.IGNORECASE)
_FILE_NUMBER = re.compile(r"([0-9]+)-")  # the running number a case's file name starts with


def parse_date(text: str) -> dt.date | None:
    """A date written YYYY-MM-DD (the only form ho21 reads), or None."""
    text = text.strip()
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2021-02-30
        return None


def legal_basis(offentlighet: str | None) -> str | None:
    """The legal basis an `offentlighet` value gives for exempting a case: the provision
    written after 'unntatt' (or 'unntatt offentlighet'), `unntatt offl. § 14` gives
    `offl. § 14`. None for a value that exempts nothing, or that names no provision (one has
    a number): 'unntatt', 'unntatt offentlighet', 'unntatt §', 'unntatt, se under'."""
    match = _EXEMPTION.match(offentlighet or "")
    if match is None:
        return None
    basis = offentlighet[match.end() :].strip()
    return basis if any(c.isdigit() for c in basis) else None


class MeetingId(NamedTuple):
    """Meeting m of a year; sorts by year, then number. A named tuple: meetings key the
    archive's dicts, and tuples hash and compare in C."""

    year: int
    m: int

    def __str__(self) -> str:
        return f"{self.m}/{self.year}"

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.m}"

    @property
    def file(self) -> str:
        """The meeting file, relative to the root."""
        return f"meetings/{self.year}/{self.m}.yaml"

    @property
    def referat_file(self) -> str:
        """The file of the meeting's minutes, relative to the root."""
        return f"meetings/{self.year}/{self.m}.referat.md"

    @classmethod
    def parse(cls, text: str) -> MeetingId | None:
        match = MEETING_NUMBER.fullmatch(text.strip())
        if not match or int(match[1]) == 0 or int(match[2]) == 0:
            return None
        return cls(int(match[2]), int(match[1]))


class CaseNumber(NamedTuple):
    """Case `n/m/yyyy`: running number n within the year, meeting m, year yyyy; sorts by
    year, then running number (a named tuple, like MeetingId)."""

    year: int
    n: int
    m: int

    def __str__(self) -> str:
        return f"{self.n}/{self.m}/{self.year}"

    @property
    def meeting(self) -> MeetingId:
        return MeetingId(self.year, self.m)

    @property
    def short(self) -> str:
        """The minutes' short form, `33/4/21`."""
        return f"{self.n}/{self.m}/{self.year % 100:02d}"

    @property
    def slug(self) -> str:
        return f"{self.n}-{self.m}-{self.year}"

    @classmethod
    def parse(cls, text: str) -> CaseNumber | None:
        match = CASE_NUMBER.fullmatch(text.strip())
        if not match or int(match[1]) == 0 or int(match[2]) == 0 or int(match[3]) == 0:
            return None
        return cls(int(match[3]), int(match[1]), int(match[2]))


class Ref(NamedTuple):
    """A reference to a case, a meeting or an attachment, as written somewhere.

    `n`, `m`, `year` are what the text says (m is None for `Sak 28-20` without a meeting);
    `number_span` is the (start, end) offset of the running number in the file's text,
    which is all that `renumber` ever rewrites. A named tuple that keeps its file and offset:
    an archive holds ten for every case, and only the few reported need a line and column.
    """

    kind: str  # "case" | "meeting" | "vedlegg"
    text: str
    file: Text  # the file it is written in
    at: int  # where in file.source: its number, or the start of a front-matter value
    year: int | None = None
    n: int | None = None
    m: int | None = None
    number_span: tuple[int, int] | None = None

    def __repr__(self) -> str:
        return f"Ref({self.kind!r}, {self.text!r} at {self.location})"

    @property
    def location(self) -> Location:
        return self.file.location(self.at)

    @property
    def meeting(self) -> MeetingId | None:
        if self.year is None or self.m is None:
            return None
        return MeetingId(self.year, self.m)

    @property
    def case(self) -> CaseNumber | None:
        if self.kind != "case" or self.n is None or self.m is None or self.year is None:
            return None
        return CaseNumber(self.year, self.n, self.m)


class Heading(NamedTuple):
    """An ATX heading of a body (a named tuple, like Ref: many are made, few reported)."""

    level: int
    title: str
    offset: int  # offset of the heading line in the file's text
    title_offset: int  # where the title's text starts
    file: Text

    def __repr__(self) -> str:
        return f"Heading({self.level}, {self.title!r} at offset {self.offset})"

    @property
    def location(self) -> Location:
        """Where the title is written (worked out when asked: most headings never are)."""
        return self.file.location(self.title_offset)


@dataclass(frozen=True)
class Attachment:
    index: int  # 1-based, as numbered in the documents
    tittel: str
    at: int  # where its list item starts in the case file
    spans: Spans = field(compare=False)  # where its tittel and fil are written
    fil: str | None = None  # relative to the case file
    referat: MeetingId | None = None
    referat_ref: Ref | None = None

    @property
    def location(self) -> Location:
        """The list item (worked out when asked, as for every place in a file)."""
        return self.spans.text.location(self.at)

    def __reduce__(self):
        """Pickled as plain values, as a Case is (pickle asks a dataclass for its state in
        Python, and its Spans and MeetingId in turn)."""
        return (
            _unpickle_attachment,
            (
                self.index, self.tittel, self.at, self.spans.text, self.spans.offsets, self.fil,
                _plain(self.referat), _plain(self.referat_ref),
            ),
        )  # fmt: skip

    @property
    def fil_location(self) -> Location | None:
        return self.spans.get("fil")

    def where(self) -> Location:
        """Where a finding about it points: its `referat:` or `fil:` value, else its list
        item."""
        if self.referat_ref is not None:
            return self.referat_ref.location
        return self.fil_location or self.location

    @property
    def tittel_location(self) -> Location | None:
        """Where the title's text starts."""
        return self.spans.get("tittel")


@dataclass(frozen=True)
class Text:
    """Markdown text of a file: the body, where it starts, and where its lines begin."""

    source: str  # the whole file, newline-normalised
    start: int  # offset where the body starts in `source`
    path: str
    _cursor: list[int] = field(default_factory=lambda: [0, 1], compare=False, repr=False)

    @property
    def body(self) -> str:
        return self.source[self.start :]

    def __reduce__(self):
        """Pickled as its three values: the cursor is a cache, which starts anew."""
        return (Text, (self.source, self.start, self.path))

    def location(self, offset: int) -> Location:
        """Location of an offset into `source`.

        Newlines are counted in C from the previous offset asked for, as references and
        headings are found left to right: one pass over the text, and no line table.
        """
        last_offset, last_line = self._cursor
        if offset >= last_offset:
            line = last_line + self.source.count("\n", last_offset, offset)
        else:
            line = 1 + self.source.count("\n", 0, offset)
        self._cursor[:] = (offset, line)
        return Location(self.path, line, offset - self.source.rfind("\n", 0, offset))


class Spans:
    """Where each field of a file is written, by key ("tittel", "vedlegg[1].fil"): offsets into
    the file's Text, made into a Location only when asked (most never are)."""

    __slots__ = ("text", "offsets")

    def __init__(self, text: Text, offsets: dict[str, int] | None = None):
        self.text = text
        self.offsets = {} if offsets is None else offsets

    def __setitem__(self, key: str, offset: int) -> None:
        self.offsets[key] = offset

    def __contains__(self, key: str) -> bool:
        return key in self.offsets

    def get(self, key: str) -> Location | None:
        offset = self.offsets.get(key)
        return None if offset is None else self.text.location(offset)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Spans)
            and self.offsets == other.offsets
            and self.text.path == other.text.path
        )

    def __repr__(self) -> str:
        return f"Spans({self.text.path!r}, {self.offsets!r})"


@dataclass(frozen=True)
class Case:
    path: str
    number: CaseNumber | None
    number_ref: Ref | None  # the `sak:` value, for renumber
    tittel: str
    types: tuple[str, ...]
    til: str
    fra: str
    saksbehandler: tuple[str, ...]
    vedlegg: tuple[Attachment, ...]
    tidligere_behandlet: tuple[Ref, ...]
    offentlighet: str | None
    text: Text
    refs: tuple[Ref, ...]  # references in the body
    headings: tuple[Heading, ...]
    spans: Spans = field(compare=False)  # where each field is written
    title_refs: tuple[Ref, ...] = ()  # references in the title ("… fra møte 4/2021")
    # where the title is written in the file (start, end): what a rule looks for in the
    # title it looks for there, so that it is found where it is written, whatever the title's
    # quoting, escapes or folding
    title_span: tuple[int, int] = (0, 0)

    def where(self, key: str) -> Location:
        """Location of a front-matter field (or its value), else of the file start."""
        return self.spans.get(key) or Location(self.path, 1, 1)

    def __reduce__(self):
        """Pickled (a parallel `check` sends the cases a child process read) with its named
        tuples as plain ones: pickle calls into Python for each named tuple, and a case has
        dozens (references, headings, places of fields); plain tuples are pickled in C."""
        return (
            _unpickle_case,
            (
                self.path, _plain(self.number), _plain(self.number_ref), self.tittel, self.types,
                self.til, self.fra, self.saksbehandler, self.vedlegg,
                _plain_all(self.tidligere_behandlet), self.offentlighet, self.text,
                _plain_all(self.refs), _plain_all(self.headings),
                self.spans.offsets,
                _plain_all(self.title_refs), self.title_span,
            ),
        )  # fmt: skip

    @property
    def is_public(self) -> bool:
        return self.offentlighet is None

    @property
    def folder(self) -> str:
        """The case's own folder, `cases/<year>/<n>-<slug>`: its attachments, and the limit of
        its links and images."""
        return self.path.removesuffix(".md")

    def file_of(self, fil: str) -> str:
        """A `fil:` value, written relative to the case file, as a path relative to the root
        (normalised: `41-status/./x.md` and `../2021/41-status/x.md` name one file). It may
        lead out of the archive (`../…`): the resolver in attachments.py refuses that."""
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.path), fil))

    def heading(self, title: str) -> Heading | None:
        """The first body heading whose title is `title` (case and outer spaces ignored)."""
        wanted = title.strip().lower()
        return next((h for h in self.headings if h.title.strip().lower() == wanted), None)

    def section(self, title: str) -> Section | None:
        """The body section headed `title`: its heading, and its text without the heading."""
        heading = self.heading(title)
        if heading is None:
            return None
        source = self.text.source
        line_end = source.find("\n", heading.offset)
        start = len(source) if line_end == -1 else line_end + 1
        later = self.headings[self.headings.index(heading) + 1 :]
        end = next((h.offset for h in later if h.level <= heading.level), len(source))
        return Section(heading, source[start:end], start)

    @cached_property
    def decision(self) -> Section | None:
        """The section "Forslag til vedtak" (asked for by several rules and the documents)."""
        return self.section(DECISION)


class Section(NamedTuple):
    heading: Heading
    text: str  # without the heading line
    start: int  # where `text` starts in the file's text


def _plain(item: tuple | None) -> tuple | None:
    return None if item is None else tuple(item)


def _plain_all(items: tuple[tuple, ...]) -> tuple[tuple, ...]:
    return tuple(map(tuple, items))


# as_named(Ref, row): the named tuple with a plain tuple's values, built in C. Ref(...) runs the
# named tuple's __new__, a Python function: noticeable where a hundred thousand are made.
as_named = tuple.__new__


def _named(cls: type, row: tuple | None):
    """`_plain` undone: the named tuple `cls` with the values of `row`, or None."""
    return None if row is None else as_named(cls, row)


def _unpickle_case(
    path, number, number_ref, tittel, types, til, fra, saksbehandler, vedlegg, earlier,
    offentlighet, text, refs, headings, spans, title_refs, title_span,
) -> Case:  # fmt: skip
    return Case(
        path,
        _named(CaseNumber, number),
        _named(Ref, number_ref),
        tittel,
        types,
        til,
        fra,
        saksbehandler,
        vedlegg,
        tuple([as_named(Ref, row) for row in earlier]),
        offentlighet,
        text,
        tuple([as_named(Ref, row) for row in refs]),
        tuple([as_named(Heading, row) for row in headings]),
        Spans(text, spans),
        tuple([as_named(Ref, row) for row in title_refs]),
        title_span,
    )


def _unpickle_attachment(index, tittel, at, text, offsets, fil, referat, referat_ref) -> Attachment:
    return Attachment(
        index,
        tittel,
        at,
        Spans(text, offsets),
        fil,
        _named(MeetingId, referat),
        _named(Ref, referat_ref),
    )


@dataclass(frozen=True)
class Meeting:
    path: str
    id: MeetingId
    dato: dt.date | None  # None when the file's date is missing or invalid (reported: E004/E005)
    tid: str | None
    sted: str | None
    innkalling_sendt: dt.date | None
    spans: Spans = field(compare=False)  # where each field is written
    # the file is there but could not be read or parsed (reported, E001/E002): the meeting of
    # its name exists, what the file says is unknown
    unread: bool = False

    def where(self, key: str) -> Location:
        return self.spans.get(key) or Location(self.path, 1, 1)


@dataclass(frozen=True)
class Attendee:
    navn: str
    file: Text = field(compare=False, repr=False)  # the minutes it is listed in
    at: int  # where its name is written there
    til_og_med: Ref | None = None
    saker: tuple[Ref, ...] = ()

    @property
    def location(self) -> Location:
        return self.file.location(self.at)


@dataclass(frozen=True)
class ReferatSection:
    ref: Ref  # the `## 27/4/2021` heading's number
    heading: Heading
    text: str  # the record, without the heading
    offset: int  # where `text` starts in the file
    vedtak: str | None  # the text after `Vedtak:`, None if missing
    vedtak_at: int | None = None  # where the `Vedtak:` paragraph starts in `text`

    @property
    def record(self) -> str:
        """What the minutes say before the decision."""
        return self.text if self.vedtak_at is None else self.text[: self.vedtak_at]


@dataclass(frozen=True)
class Referat:
    path: str
    id: MeetingId
    status: str  # utkast | godkjent
    godkjent_i: Ref | None
    moteleder: Attendee | None
    tilstede: tuple[Attendee, ...]
    forfall: tuple[Attendee, ...]
    motende_vara: tuple[Attendee, ...]
    observatorer: tuple[Attendee, ...]
    sekretariat: tuple[Attendee, ...]
    andre: tuple[Attendee, ...]
    inhabil: tuple[tuple[Attendee, Ref | None], ...]
    text: Text
    opening: str
    sections: tuple[ReferatSection, ...]
    refs: tuple[Ref, ...]
    spans: Spans = field(compare=False)  # where each field is written

    def where(self, key: str) -> Location:
        return self.spans.get(key) or Location(self.path, 1, 1)

    @property
    def approved(self) -> bool:
        return self.status == "godkjent"


@dataclass(frozen=True)
class Person:
    navn: str
    organisasjon: str | None = None
    sted: str | None = None
    rolle: str | None = None
    tittel: str | None = None


@dataclass(frozen=True)
class StandardItem:
    tittel: str  # may contain {forrige}: the previous meeting, e.g. 4/2021
    types: tuple[str, ...]
    tekst: str
    forslag: str

    @cached_property
    def _head(self) -> str:
        """The title up to `{forrige}`, as titles are compared: outer spaces and case ignored."""
        return self.tittel.split("{", 1)[0].strip().lower()

    def matches(self, title: str) -> bool:
        """A case title is this item; `{forrige}` stands for any previous meeting."""
        if "{" in self.tittel:
            return title.strip().lower().startswith(self._head)
        return title.strip().lower() == self._head


@dataclass(frozen=True)
class Council:
    path: str
    navn: str
    kortnavn: str
    til: str
    fra: str
    arkiv_fra: MeetingId | None
    sakstyper: tuple[str, ...]
    sekretariat_navn: str | None
    sekretariat_organisasjon: str | None
    medlemmer: tuple[Person, ...]  # required: empty only when missing (E004), so no roster
    varamedlemmer: tuple[Person, ...]
    observatorer: tuple[Person, ...]
    sekretariat: tuple[Person, ...]
    andre: tuple[Person, ...]
    apning: tuple[StandardItem, ...]
    avslutning: tuple[StandardItem, ...]
    spans: Spans = field(compare=False)  # where each field is written

    @cached_property
    def roster(self) -> dict[str, Person]:
        everyone = (
            self.medlemmer + self.varamedlemmer + self.observatorer + self.sekretariat + self.andre
        )
        return {p.navn: p for p in everyone}

    def where(self, key: str) -> Location:
        return self.spans.get(key) or Location(self.path, 1, 1)


DEFAULT_TYPES = ("Orienteringssak", "Diskusjonssak", "Vedtakssak")


@dataclass
class Archive:
    root: str  # absolute path of the repository
    council: Council | None
    meetings: dict[MeetingId, Meeting]
    cases: list[Case]
    referats: dict[MeetingId, Referat]
    # files that are there but could not be read (reported by the loader, E001/E002): what
    # they hold is unknown, so no rule says it is missing
    unreadable_cases: list[str] = field(default_factory=list)
    unreadable_minutes: list[str] = field(default_factory=list)
    # `cases`, `meetings` or a year's folder of them that could not be listed (E001): none of
    # its cases, meetings or minutes are known, so none is said not to exist
    unlisted: frozenset[str] = frozenset()

    def cases_unlisted(self, year: int | None) -> bool:
        """Whether the cases of the year could not be listed (cases/<year>, or cases/)."""
        return "cases" in self.unlisted or f"cases/{year}" in self.unlisted

    def meetings_unlisted(self, year: int | None) -> bool:
        """Whether the meetings and minutes of the year could not be listed."""
        return "meetings" in self.unlisted or f"meetings/{year}" in self.unlisted

    @cached_property
    def unread_numbers(self) -> frozenset[tuple[int, int]]:
        """(year, running number) of each case file that could not be read, or whose `sak:`
        could not (E004, E101: `44–5–2021`), as its name says (cases/2021/30-x.md: (2021,
        30)). A reference to its number cannot be judged, and is not reported again as a case
        that does not exist, nor its number as a gap."""
        unnumbered = [case.path for case in self.cases if case.number is None]
        return frozenset(
            (int(parts[1]), int(m[1]))
            for path in self.unreadable_cases + unnumbered
            if len(parts := path.split("/")) == 3 and parts[1].isascii() and parts[1].isdigit()
            if (m := _FILE_NUMBER.match(parts[2]))
        )

    def may_hold_unread_case(self, meeting: MeetingId) -> bool:
        """Whether a case file that could not be read may be of this meeting: its number lies
        after the cases of the year's earlier meetings and before those of its later ones; or
        the year's folder of cases could not be listed."""
        if self.cases_unlisted(meeting.year):
            return True
        unread = [n for year, n in self.unread_numbers if year == meeting.year]
        if not unread:
            return False
        year = [num for num in self.by_number if num.year == meeting.year]
        after = max((num.n for num in year if num.m < meeting.m), default=0)
        before = min((num.n for num in year if num.m > meeting.m), default=None)
        return any(after < n and (before is None or n < before) for n in unread)

    def minutes_unread(self, meeting: MeetingId) -> bool:
        """Whether the meeting's minutes are there but could not be read."""
        return meeting.referat_file in self.unreadable_minutes

    @cached_property
    def by_number(self) -> dict[CaseNumber, Case]:
        """Cases by number; with duplicates, the first in path order."""
        out: dict[CaseNumber, Case] = {}
        for case in sorted(self.cases, key=lambda c: c.path):
            if case.number is not None:
                out.setdefault(case.number, case)
        return out

    @cached_property
    def by_year_n(self) -> dict[tuple[int, int], Case]:
        return {(num.year, num.n): case for num, case in self.by_number.items()}

    @cached_property
    def _agendas(self) -> dict[MeetingId, list[Case]]:
        """Every meeting's cases in running-number order, grouped in one pass (like by_number)."""
        out: dict[MeetingId, list[Case]] = {}
        for num, case in sorted(self.by_number.items(), key=lambda item: item[0].n):
            out.setdefault(num.meeting, []).append(case)
        return out

    def agenda(self, meeting: MeetingId) -> list[Case]:
        """The cases of a meeting in running-number order."""
        return list(self._agendas.get(meeting, ()))

    @property
    def first_year(self) -> int | None:
        """The archive's first year: that of `arkiv_fra`, else of its earliest case. Only in
        that year may running numbers start above 1 (an archive may start mid-year)."""
        if self.council and self.council.arkiv_fra:
            return self.council.arkiv_fra.year
        years = [num.year for num in self.by_number]
        return min(years) if years else None

    def previous_meeting(self, meeting: MeetingId) -> MeetingId | None:
        earlier = [m for m in self.meetings if m < meeting]
        return max(earlier) if earlier else None

    def resolve(self, ref: Ref) -> Case | None:
        """The case a reference names, or None."""
        if ref.kind != "case" or ref.n is None or ref.year is None:
            return None
        if ref.m is None:
            return self.by_year_n.get((ref.year, ref.n))
        return self.by_number.get((ref.year, ref.n, ref.m))  # a CaseNumber equals its tuple

    @property
    def sakstyper(self) -> tuple[str, ...]:
        return self.council.sakstyper if self.council else DEFAULT_TYPES
