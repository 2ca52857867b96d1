"""The reference grammar (SPEC §3): every form people write is found, and nothing else is."""

from __future__ import annotations

import pytest

from ho21 import references
from ho21.diagnostics import Location

KORT = "HO21-rådet"


def find(text: str, kortnavn: str | None = KORT):
    return list(references.find(text, 0, len(text), lambda o: Location("x.md", 1, o + 1), kortnavn))


# text, kind, n, m, year, the text the location and number_span point at
FOUND = [
    ("Sak 45/5/2021", "case", 45, 5, 2021, "45"),
    ("som omtalt (sak 43/5/2021).", "case", 43, 5, 2021, "43"),
    ("tidligere behandlet 31/2/2020", "case", 31, 2, 2020, "31"),
    ("jf. sak 14-2-2021", "case", 14, 2, 2021, "14"),
    ("Sak 28-20 (møte 3/2020)", "case", 28, 3, 2020, "28"),
    ("Sak HO21-rådet 27/4/21", "case", 27, 4, 2021, "27"),
    ("t.o.m. Sak 33/4/21", "case", 33, 4, 2021, "33"),
    ("i sak 17-20 ble", "case", 17, None, 2020, "17"),
    ("SAK 45/5/2021", "case", 45, 5, 2021, "45"),
    ("på møte 3/2021", "meeting", None, 3, 2021, "3"),
    ("på rådsmøte 2/2021", "meeting", None, 2, 2021, "2"),
    ("Møte 5/2021", "meeting", None, 5, 2021, "5"),
    ("se vedlegg 2", "vedlegg", 2, None, None, "2"),
    ("Vedlegg 1 viser", "vedlegg", 1, None, None, "1"),
]


@pytest.mark.parametrize(
    ("text", "kind", "n", "m", "year", "at"), FOUND, ids=[row[0] for row in FOUND]
)
def test_recognised(text: str, kind: str, n, m, year, at: str) -> None:
    refs = find(text)
    assert len(refs) == 1, refs
    ref = refs[0]
    assert (ref.kind, ref.n, ref.m, ref.year) == (kind, n, m, year)
    # the location points at the number itself, so a finding's column is the offending text
    column = ref.location.column
    assert text[column - 1 : column - 1 + len(at)] == at
    if ref.number_span is not None:  # what renumber rewrites: the running number only
        start, end = ref.number_span
        assert text[start:end] == at


NOT_REFERENCES = [
    "møtet 30.6.2020 kl. 10.00–15.00",  # dates and times
    "side 1/3",  # page marks
    "handlingsplanen for 2020–2021",  # year spans, en dash
    "handlingsplanen for 2020-2021",  # year spans, hyphen
    "rapporten NIFU 28/20",  # two-part numbers without "sak"/"møte"
    "27/4/21",  # a two-digit year needs "sak" before it
    "5/2021",  # a meeting needs "møte" before it
    "Møte 5/20XX",  # the template placeholder is not a meeting
    "https://example.org/a/12/3/2020",  # inside a URL path
    "se vedlegg 2b",
    "Sak 12/3/2021b",
    "I sak 3/2021",  # running number/year with a slash is not a form people use
    "sak nr. 12",
    "ISBN 978-82-02-12345-6",
]


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_not_a_reference(text: str) -> None:
    assert find(text) == []


def test_short_name_is_the_councils_own() -> None:
    """`Sak <kortnavn> 27/4/21` is found for this council's short name only."""
    assert find("Sak HO21-rådet 27/4/21", kortnavn=None) == []
    assert find("Sak Testrådet 27/4/21", kortnavn="Testrådet")[0].n == 27
    assert find("Sak Annetråd 27/4/21", kortnavn="Testrådet") == []


def test_contradicting_meeting_year_trusts_the_meeting() -> None:
    (ref,) = find("Sak 28-20 (møte 3/2021)")
    assert (ref.n, ref.m, ref.year) == (28, 3, 2021)


def test_several_in_one_paragraph_in_order() -> None:
    text = "Sak 45/5/2021 viser til sak 14-2-2021, møte 3/2021 og vedlegg 2 (30.6.2020, s. 1/3)."
    refs = find(text)
    assert [(r.kind, r.n, r.m) for r in refs] == [
        ("case", 45, 5),
        ("case", 14, 2),
        ("meeting", None, 3),
        ("vedlegg", 2, None),
    ]
    numbers = [text.index("45"), text.index("14-"), text.index("3/2021"), text.index("2 (")]
    assert [r.location.column for r in refs] == [i + 1 for i in numbers]


def test_find_respects_start_and_end() -> None:
    text = "sak 1/1/2022 | sak 2/1/2022 | sak 3/1/2022"
    start, end = text.index("|"), text.rindex("|")
    refs = list(references.find(text, start, end, lambda o: Location("x", 1, o + 1), None))
    assert [r.n for r in refs] == [2]


def test_rewrite_keeps_the_style() -> None:
    text = "Sak 28-20 (møte 3/2020) og sak 14-2-2021"
    refs = find(text)
    new = references.rewrite(text, {r.number_span: str(r.n + 1) for r in refs})
    assert new == "Sak 29-20 (møte 3/2020) og sak 15-2-2021"


def test_rewrite_refuses_overlaps() -> None:
    with pytest.raises(ValueError):
        references.rewrite("abcdef", {(0, 3): "x", (2, 4): "y"})
