"""A bracket whose label has a link reference definition is a link, not a placeholder."""

from __future__ import annotations

import pytest

from ho21.model import Text
from ho21.rules.content import _placeholders


def _found(body: str, decision: bool = False) -> list[str]:
    text = Text(body, 0, "x.md")
    decisions = [(0, len(body))] if decision else []
    return [
        f"{d.code} {d.location.line}:{d.location.column} {d.message}"
        for d in _placeholders(text, 0, len(body), decisions)
    ]


DEFINITIONS = (
    "\n\n[Helsedirektoratet]: https://www.helsedirektoratet.no\n"
    "[strategien]: https://www.helseomsorg21.no\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "Se [Helsedirektoratet] og [strategien].",  # shortcut reference links
        "Se [Helsedirektoratet][] og [strategien][].",  # collapsed
        "Se [HELSEDIREKTORATET] og [ Strategien ].",  # labels match case-insensitively
    ],
)
def test_a_label_with_a_definition_is_a_link(line: str) -> None:
    assert _found(line + DEFINITIONS) == []
    assert _found(line + DEFINITIONS, decision=True) == []


def test_labels_are_matched_with_whitespace_collapsed() -> None:
    body = "Se [Helse  og\tomsorg].\n\n[helse og omsorg]: https://example.org\n"
    assert _found(body) == []


def test_a_label_without_a_definition_is_still_a_placeholder() -> None:
    body = "Se [Helsedirektoratet] og [navn]." + DEFINITIONS
    assert _found(body) == ["W302 1:27 placeholder '[navn]' left in the text"]
    assert _found(body, decision=True) == ["E302 1:27 placeholder '[navn]' left in a decision"]


def test_without_definitions_a_bracket_is_a_placeholder() -> None:
    assert _found("Se [Helsedirektoratet].") == [
        "W302 1:4 placeholder '[Helsedirektoratet]' left in the text"
    ]


def test_a_definition_indented_as_code_defines_nothing() -> None:
    body = "Se [navn].\n\n    [navn]: https://example.org\n"
    assert _found(body) == ["W302 1:4 placeholder '[navn]' left in the text"]
