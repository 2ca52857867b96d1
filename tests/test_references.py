"""The reference grammar (SPEC §3): every form people write is found, and nothing else is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ho21 import references
from ho21.model import Text

KORT = "HO21-rådet"


def find(text: str, kortnavn: str | None = KORT):
    return list(references.find(Text(text, 0, "x.md"), 0, len(text), kortnavn))


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
    refs = list(references.find(Text(text, 0, "x"), start, end, None))
    assert [r.n for r in refs] == [2]


def test_rewrite_keeps_the_style() -> None:
    text = "Sak 28-20 (møte 3/2020) og sak 14-2-2021"
    refs = find(text)
    new = references.rewrite(text, {r.number_span: str(r.n + 1) for r in refs})
    assert new == "Sak 29-20 (møte 3/2020) og sak 15-2-2021"


def test_rewrite_refuses_overlaps() -> None:
    with pytest.raises(ValueError):
        references.rewrite("abcdef", {(0, 3): "x", (2, 4): "y"})


# -- find is the grammar ---------------------------------------------------------------------
# `find` scans for literals and looks around them instead of running one regex over the text,
# which was too slow (see the module docstring). What it must find is exactly what that
# regex, `references.grammar()`, finds: the grammar is the specification, and the way find
# used to read its matches is kept here as the oracle.


def oracle(source: str, start: int, end: int, kortnavn: str | None) -> list[tuple]:
    """(kind, text, offset of the number, year, n, m, number_span) as find yielded them."""
    grammar = references.grammar(kortnavn)

    def year_of(two_or_four: str) -> int:
        return int(two_or_four) + (2000 if len(two_or_four) == 2 else 0)

    out = []
    for match in grammar.finditer(source, start, end):
        text = match.group(0)
        for group, m, y in (("fn", "fm", "fy"), ("sn", "sm", "sy"), ("dn", "dm", "dy")):
            if match[group]:
                n = int(match[group])
                out.append(
                    ("case", text, match.start(group), year_of(match[y]), n, int(match[m]),
                     match.span(group))
                )  # fmt: skip
                break
        else:
            if match["yn"]:
                m = int(match["ym"]) if match["ym"] else None
                year = year_of(match["yy"])
                if match["yyy"] and int(match["yyy"]) != year:
                    year = int(match["yyy"])
                out.append(
                    ("case", text, match.start("yn"), year, int(match["yn"]), m,
                     match.span("yn"))
                )  # fmt: skip
            elif match["mm"]:
                out.append(
                    ("meeting", text, match.start("mm"), int(match["my"]), None,
                     int(match["mm"]), None)
                )  # fmt: skip
            else:
                out.append(
                    ("vedlegg", text, match.start("vn"), None, int(match["vn"]), None,
                     match.span("vn"))
                )  # fmt: skip
    return out


def found(source: str, start: int, end: int, kortnavn: str | None) -> list[tuple]:
    return [
        (r.kind, r.text, r.at, r.year, r.n, r.m, r.number_span)
        for r in references.find(Text(source, 0, "x.md"), start, end, kortnavn)
    ]


# what triggers the grammar, and what stops it: keywords in any case, short names, digits
# (also non-ASCII ones, which \d matches), separators, whitespace, word characters
TOKENS = [
    *("Sak ", "sak", "SAK", "sAk ", "isak ", "_sak "),
    *("møte", "Møte ", "MØTE ", "mØTe", "rådsmøte ", "møtet "),
    *("vedlegg ", "Vedlegg", "VEDLEGG ", "vEdLeGg ", "tvedlegg "),
    *("SR-rådet ", "sr-RÅDET", "R+D ", "r+d", "RRD ", "X ", "12-20 "),
    *"0123456789",
    *("12", "123", "1234", "12345", "20", "21", "2021", "3/2020", "٣", "²"),
    *("/", "-", ".", "–", " ", "  ", "\n", "\t", "\u00a0", "(", ")", "æ", "x", "_", "K"),
]
KORTNAVN = [None, "SR-rådet", "R+D", "sak", "12-20", " X ", "  ", "21"]


@settings(max_examples=2000, deadline=None)
@given(
    tokens=st.lists(st.sampled_from(TOKENS), max_size=40),
    kortnavn=st.sampled_from(KORTNAVN),
    data=st.data(),
)
def test_find_matches_the_grammar(tokens: list[str], kortnavn: str | None, data) -> None:
    source = "".join(tokens)
    start = data.draw(st.integers(0, len(source)), label="start")
    end = data.draw(st.integers(start, len(source)), label="end")
    assert found(source, start, end, kortnavn) == oracle(source, start, end, kortnavn)


EDGES = [
    # (text, start, end, kortnavn)
    ("Sak SR-rådet 27/4/21 og Sak  \n sr-rådet\t5/3/21", 0, None, "SR-rådet"),
    ("Sak sak 5/3/21", 0, None, "sak"),  # the short name can end like "sak"
    ("sak sak sak 5/3/21", 0, None, "sak"),
    ("Sak 12-20 5/3/21", 0, None, "12-20"),  # both "sak <kortnavn> n" and "sak n" match at 0
    ("Sak 12-20 5/3/2021", 0, None, "12-20"),
    ("Sak  X  5/3/21", 0, None, " X "),  # a short name with whitespace at its edges
    ("Sak X 5/3/21", 0, None, " X "),
    ("Sak  X 5/3/21", 0, None, " X "),  # its trailing space leaves none for the \s+ after
    ("Sak  X  5/3/21", 0, None, " X "),
    ("Sak R+D 5/3/21 og Sak RRD 5/3/21", 0, None, "R+D"),
    ("x12/3/2021 12/3/2021", 1, None, None),  # lookbehind sees before start
    ("sak 1/1/22", 1, None, None),
    ("isak 1/1/22", 1, None, None),
    ("_sak 1/1/22 2sak 1/1/22 ²sak 1/1/22 .sak 1/1/22 æsak 1/1/22", 0, None, None),  # \b
    ("sak 12/3/2021b", 0, 13, None),  # lookahead does not see past end
    ("Sak 28-20 (møte 3/2020)", 0, 22, None),  # the meeting cut off at end
    ("Sak 28-20 (møte 3/2020)", 0, None, None),
    ("Sak 28-20 ( møte\n3/2021 ) og møte 4/2021", 0, None, None),
    ("12/3/2021/4/2021 møte 1/2/2021 rådsmøte 2/2021", 0, None, None),
    ("sak 14-2-2021-3 sak 1-2-2021 sak 3-21-4", 0, None, None),
    ("vedlegg 12 vedlegg 123 vedlegg 1/ vedlegg\n3 avedlegg 4 VEDLEGG 5", 0, None, None),
    ("sak ٣/٣/٢١ og ²/3/2021", 0, None, None),  # \d is any decimal digit, but not ²
    ("1/2/2021 sak 12345/3/21 sak 1234/3/21", 0, None, None),
    ("ak 1/1/22 øte 1/2021 sak 2/1/22", -5, 99, None),  # bounds outside the text
]


@pytest.mark.parametrize(("text", "start", "end", "kortnavn"), EDGES)
def test_find_matches_the_grammar_at_the_edges(text: str, start: int, end, kortnavn) -> None:
    end = len(text) if end is None else end
    assert found(text, start, end, kortnavn) == oracle(text, start, end, kortnavn)


# -- a `vedlegg N` about another case's attachments ------------------------------------------


@pytest.mark.parametrize(
    ("text", "case"),
    [
        ("Se sak 43/5/2021 vedlegg 2.", "43/5/2021"),
        ("Se sak 43/5/2021, vedlegg 2.", "43/5/2021"),
        ("Se Vedlegg 2 til sak 43/5/2021.", "43/5/2021"),
        ("Se vedlegg 2 i sak 43/5/2021.", "43/5/2021"),
        ("Se vedlegg 2\ntil 43/5/2021.", "43/5/2021"),
        ("Sak HO21-rådet 27/4/21 vedlegg 1", "Sak HO21-rådet 27/4/21"),
        ("vedlegg 1 til sak 28-20 (møte 3/2020)", "sak 28-20 (møte 3/2020)"),
        ("Se vedlegg 2 til sak 43/5/2021 og sak 40/5/2021 vedlegg 1.", "43/5/2021"),
        ("Se vedlegg 2. Sak 43/5/2021 er ny.", None),
        ("sak 43/5/2021. Vedlegg 2 viser", None),
        ("vedlegg 2 og sak 43/5/2021", None),
        ("vedlegg 2 tilsak 43/5/2021", None),
        ("sak 43/5/2021,, vedlegg 2", None),
    ],
)
def test_attachment_of_another_case(text: str, case: str | None) -> None:
    refs = find(text)
    first = next(i for i, r in enumerate(refs) if r.kind == "vedlegg")
    paired = references.attachment_cases(refs)
    assert (paired[first].text if first in paired else None) == case


def attachment_oracle(source: str, kortnavn: str | None) -> dict[int, str]:
    """The pairing read off the grammar's own matches: {index of a vedlegg match: the case
    match's text}, by the module docstring's rule."""
    matches = list(references.grammar(kortnavn).finditer(source))
    out = {}
    for i, match in enumerate(matches):
        if not match["vn"]:
            continue
        after = matches[i + 1] if i + 1 < len(matches) else None
        before = matches[i - 1] if i else None
        if (
            after is not None
            and not after["vn"]
            and not after["mm"]
            and references.BETWEEN_VEDLEGG_AND_CASE.fullmatch(source, match.end(), after.start())
        ):
            out[i] = after.group(0)
        elif (
            before is not None
            and not before["vn"]
            and not before["mm"]
            and references.BETWEEN_CASE_AND_VEDLEGG.fullmatch(source, before.end(), match.start())
        ):
            out[i] = before.group(0)
    return out


PAIR_TOKENS = [
    *("Sak ", "sak ", "vedlegg ", "Vedlegg ", "møte ", "SR-rådet "),
    *(" til ", " i ", " TIL ", "til", ", ", ",", " ", "\n", ". ", "(", ")"),
    *("2", "12", "3/2020", "4/2021", "5/21", "-20", "-2-2021", "/"),
]


@settings(max_examples=1000, deadline=None)
@given(
    tokens=st.lists(st.sampled_from(PAIR_TOKENS), max_size=30), kortnavn=st.sampled_from(KORTNAVN)
)
def test_attachment_cases_is_the_grammars_reading(tokens: list[str], kortnavn: str | None) -> None:
    source = "".join(tokens)
    refs = list(references.find(Text(source, 0, "x.md"), 0, len(source), kortnavn))
    paired = {i: ref.text for i, ref in references.attachment_cases(refs).items()}
    assert paired == attachment_oracle(source, kortnavn)
