"""The strict YAML reader's fast path (`read_simple`) gives exactly what libyaml's events give
(`read_events`), or declines; and it does not decline the front matter people write."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ho21.sources import read_text, split_front_matter
from ho21.yamlsafe import Node, Scalar, Seq, YamlSyntaxError, parse, read_events, read_simple

EXAMPLE = Path(__file__).resolve().parent.parent


def shape(node: Node | None) -> object:
    """The node with every value, mark and key order, as plain data (dict equality would
    ignore the order of keys)."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return ("scalar", node.value, node.line, node.column, node.plain, node.index)
    if isinstance(node, Seq):
        return ("seq", node.line, node.column, node.index, [shape(i) for i in node.items])
    return (
        "map",
        node.line,
        node.column,
        node.index,
        [(shape(k), shape(v)) for k, v in node.items.values()],
    )


def agrees(text: str) -> bool:
    """read_simple declines `text` or reads it as read_events does; True if it read it."""
    simple = read_simple(text)
    if simple is None:
        return False
    try:
        doc = read_events(text)
    except YamlSyntaxError as exc:
        raise AssertionError(f"libyaml refuses {text!r} ({exc}), the fast path read it") from None
    assert doc.problems == [], text
    assert shape(simple) == shape(doc.root), text
    return True


# Documents in the simple shape, then, in half of them, one thing changed: a character that
# ends, starts or changes a YAML scalar put into a line, a line of another shape inserted, a
# line moved to another indentation, or another end. About a third are read by the fast path.
KEYS = st.lists(st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True), min_size=8, unique=True)
ITEM_KEYS = st.lists(st.sampled_from(["tittel", "fil", "navn"]), min_size=1, unique=True)
WORD = st.text(st.sampled_from(list("abzæøÅ0 9./()-,")), min_size=1, max_size=12)
ODD_CHARS = list(":#-?,[]{}'\"!&*|>%@`~\\ \t\x85\u2028\ufeff\x7f")
ODD_LINES = ["", " ", "- x", "  -", "  - ", "    x", "      x: y", "# note", "x: y: z", "x:y", "a:"]
LEADS = ["", " ", "  ", "  - ", "- ", "      "]
ENDS = ["", "\n\n", "  \n", " # end\n"]


@st.composite
def value(draw) -> str:
    kind = draw(st.sampled_from(["plain"] * 5 + ['"', "'", "["]))
    if kind == "[":
        separator = draw(st.sampled_from([", ", ",", " ,  "]))
        return "[" + separator.join(draw(st.lists(WORD, max_size=3))) + "]"
    word = draw(WORD)
    return word if kind == "plain" else f"{kind}{word}{kind}"


@st.composite
def simple_lines(draw) -> list[str]:
    keys = iter(draw(KEYS))
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            gap = draw(st.sampled_from([" ", "  "]))
            lines.append(f"{next(keys)}:{gap}{draw(value())}")
            continue
        lines.append(f"{next(keys)}:")
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.booleans()):
                lines.append(f"  - {draw(value())}")
                continue
            for i, key in enumerate(draw(ITEM_KEYS)):
                lines.append(f"{'    ' if i else '  - '}{key}: {draw(value())}")
    return lines


@st.composite
def documents(draw) -> str:
    lines = draw(simple_lines())
    change = draw(st.sampled_from(["none"] * 3 + ["char"] * 4 + ["line", "lead", "end"]))
    at = draw(st.integers(0, len(lines) - 1))
    if change == "char":
        where = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:where] + draw(st.sampled_from(ODD_CHARS)) + lines[at][where:]
    elif change == "line":
        lines.insert(at, draw(st.sampled_from(ODD_LINES)))
    elif change == "lead":
        lines[at] = draw(st.sampled_from(LEADS)) + lines[at].lstrip(" -")
    end = draw(st.sampled_from(ENDS)) if change == "end" else "\n"
    return "\n".join(lines) + end


@settings(max_examples=1000, deadline=None)
@given(text=documents())
def test_fast_path_reads_as_libyaml_or_declines(text: str) -> None:
    agrees(text)


SIMPLE = [
    "sak: 38/5/2021\ntittel: Godkjenning av innkalling og sakliste\ntype: [Vedtakssak]\n",
    "tid: '10.00–15.00'\ndato: \"2021-09-01\"\nsted: Zoom\n",
    "vedlegg:\n  - tittel: Notat\n    fil: a/notat.md\n\n  - referat: 4/2021\n",
    "tilstede:\n  - Gro Jamtvedt\n  - navn: Karita Bekkemellem\n    til_og_med: 31/4/2021\n",
    "\n\nforfall: []\nobservatorer: [Elin M Hollfjord,  Marianne van der Wel ]\n",
    "tittel: Budsjett, plan og (nye) [tiltak] - status   \nok: NO\nn: 0150\n",
]


@pytest.mark.parametrize("text", SIMPLE)
def test_fast_path_reads_the_simple_shape(text: str) -> None:
    assert agrees(text)


DECLINED = [
    "tid: 10:00\n",  # a ':' in a plain value: YAML 1.1 reads a number
    "tittel: Sak # 3\n",  # a comment
    "a: b\na: c\n",  # a key twice: E006 is libyaml's path
    "vedlegg:\n  - fil: a\n    fil: b\n",  # also in a list item's mapping
    "a: :\n",  # a value indicator, not a value
    "a: - b\n",  # a list in a value's place
    "vedlegg:\nsak: 1/2/2021\n",  # an empty list
    "tittel: a\n  - b\n",  # a continued plain value, not a list
    "vedlegg:\n- tittel: a\n  fil: b\n",  # a list at the key's own indentation
    "tittel: &a x\n",  # anchors, aliases and tags are refused by the event reader
    "tittel: !!python/object x\n",
    "tittel:\tx\n",
    "tittel: a\u2028b\n",
    "sak: 1/2/2021",  # no final newline
    "",
]


@pytest.mark.parametrize("text", DECLINED)
def test_fast_path_declines_what_it_does_not_know(text: str) -> None:
    assert read_simple(text) is None


def test_parse_reports_what_only_libyaml_sees() -> None:
    """Declined text still gets its finding: the duplicate key and the alias."""
    assert [p.code for p in parse("a: b\na: c\n").problems] == ["E006"]
    assert [p.code for p in parse("a: &x b\nc: *x\n").problems] == ["E002"]


def example_front_matters() -> list[tuple[str, str]]:
    out = []
    for path in sorted([*EXAMPLE.glob("cases/*/*.md"), *EXAMPLE.glob("meetings/*/*.referat.md")]):
        rel = path.relative_to(EXAMPLE).as_posix()
        source = split_front_matter(rel, read_text(EXAMPLE, rel, []) or "", [])
        assert source is not None, rel
        out.append((rel, source.front))
    for path in sorted(EXAMPLE.glob("meetings/*/*.yaml")):
        out.append((path.relative_to(EXAMPLE).as_posix(), path.read_text(encoding="utf-8")))
    return out


def test_fast_path_reads_every_front_matter_of_the_example_archive() -> None:
    """The shape is the one people write: not one file of the shipped archive needs libyaml
    (council.yaml, nested deeper, does)."""
    found = example_front_matters()
    assert len(found) > 20
    declined = [rel for rel, front in found if not agrees(front)]
    assert declined == []
