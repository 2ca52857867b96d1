"""The placeholder rule's quick search never rules out a text the full pattern would flag."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ho21.rules.content import _PLACEHOLDER, _may_hold_placeholder


@settings(max_examples=2000, deadline=None)
@given(text=st.text(st.sampled_from(list("[]()^!\\:XTODFIMEx 20a\n")), max_size=30))
def test_quick_search_keeps_every_text_with_a_placeholder(text: str) -> None:
    if _PLACEHOLDER.search(text):
        assert _may_hold_placeholder(text)


@pytest.mark.parametrize("text", ["Frist 20XX.", "Se TODO her", "FIXME", "XXX", "[navn]", "[…"])
def test_each_kind_of_placeholder_alone_is_found(text: str) -> None:
    assert _may_hold_placeholder(text) and _PLACEHOLDER.search(text)


def test_quick_search_rules_out_plain_text() -> None:
    assert not _may_hold_placeholder("Rådet tar saken til orientering (X-aksen viser år).")


def _w303(body: str) -> list[str]:
    from ho21.model import Text
    from ho21.rules.content import _unbalanced

    return [
        f"{d.location.line}:{d.location.column} {d.message}"
        for d in _unbalanced(Text(body, 0, "x.md"))
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Jf. bokstav a) og b) ovenfor.",
        "Se punkt 2) og iv) i planen.",
        "Takk for i dag :-) og ;) og :)",
        "(se punkt a)",  # the ')' closes the '(' it follows
        "a) først\nb) så",
    ],
)
def test_item_labels_and_smileys_are_not_stray_brackets(body: str) -> None:
    assert _w303(body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Dette gjelder tiltakene ovenfor).", ["1:32 ')' closes nothing that was opened"]),
        ("Se (punkt a) og (b.", ["1:17 '(' is never closed"]),
        ("Ordet abcde) er for langt.", ["1:12 ')' closes nothing that was opened"]),
    ],
)
def test_a_stray_or_unclosed_bracket_is_still_found(body: str, expected: list[str]) -> None:
    assert _w303(body) == expected
