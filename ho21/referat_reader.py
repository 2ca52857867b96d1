"""Reading the minutes (`meetings/<year>/<m>.referat.md`) into the model.

Attendance lists name people of the roster, each possibly with `til_og_med` or `saker`;
the body opens with the opening remark, then one `## n/m/yyyy` section per case, each
ending with a `Vedtak:` paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

from ho21 import references
from ho21.diagnostics import Diagnostic, at
from ho21.model import Attendee, Council, Referat, ReferatSection, Text
from ho21.schema import Fields
from ho21.sources import headings, read_fields
from ho21.yamlsafe import Map, Scalar

REFERAT_FIELDS = (
    "mote", "status", "godkjent_i", "moteleder", "tilstede", "forfall", "motende_vara",
    "observatorer", "sekretariat", "andre", "inhabil",
)  # fmt: skip
PERSON_LIST_FIELDS = ("tilstede", "forfall", "motende_vara", "observatorer", "sekretariat")
_VEDTAK = re.compile(r"^Vedtak:[ \t]*", re.MULTILINE)


def load_referat(
    root: Path, rel: str, council: Council | None, diagnostics: list[Diagnostic]
) -> Referat | None:
    f = read_fields(root, rel, diagnostics, REFERAT_FIELDS, front_matter=True)
    if f is None:
        return None
    meeting_id = f.meeting_id("mote", required=True)
    status = f.choice("status", ("utkast", "godkjent"), required=True) or "utkast"
    godkjent_i = f.one_case_ref("godkjent_i", required=status == "godkjent")
    moteleder = _attendees(f, "moteleder")
    lists = {key: _attendees(f, key) for key in PERSON_LIST_FIELDS}
    if meeting_id is None:
        return None
    text = f.text
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
        refs=tuple(references.find(text, text.start, len(text.source), kortnavn)),
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
                out.append(Attendee(name, f.text, f.at(item)))
            continue
        if not isinstance(item, Map):
            f.report(item, "E005", f"'{key}' must list names")
            continue
        p = f.sub(item, f"{key}[{i + 1}].")
        p.check_keys(("navn", "til_og_med", "saker"))
        name = p.string("navn", required=True)
        if name:
            at = p.at(item.items["navn"][1])
            person = Attendee(name, p.text, at, p.one_case_ref("til_og_med"), p.case_refs("saker"))
            out.append(person)
    return tuple(out)


def _andre(f: Fields) -> tuple[Attendee, ...]:
    """`andre` is a list of names, or a mapping organisation -> names (SPEC §2.3)."""
    entry = f.node.items.get("andre")
    if entry is None or not isinstance(entry[1], Map):
        return _attendees(f, "andre")
    out: list[Attendee] = []
    for org, (_key, names) in entry[1].items.items():
        sub = f.sub(
            Map({org: (_key, names)}, entry[1].line, entry[1].column, entry[1].index), "andre."
        )
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
            person = Attendee(name, p.text, p.at(item.items["navn"][1]))
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
            for r in references.find(text, heading.offset, heading_end, kortnavn)
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
        vedtak = vedtak_at = None
        matches = list(_VEDTAK.finditer(body))
        if matches:
            vedtak = body[matches[-1].end() :].strip()
            vedtak_at = matches[-1].start()
        out.append(ReferatSection(refs[0], heading, body, start, vedtak, vedtak_at))
    return tuple(out)
