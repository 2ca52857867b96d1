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
