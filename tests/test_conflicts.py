"""Conflict markers a git merge leaves in a file: found where they stand, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest

from ho21 import conflicts
from ho21.attachments import Unusable, markdown
from ho21.checker import check

MERGED = "a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\nb\n"


def test_a_conflict_is_found_at_its_first_marker_with_its_last_line() -> None:
    (conflict,) = conflicts.find(MERGED)
    assert (conflict.line, conflict.end_line) == (2, 6)
    assert MERGED[conflict.at :].startswith("<<<<<<< HEAD")
    assert "lines 2–6" in conflict.describe()


def test_the_diff3_style_is_one_conflict() -> None:
    text = "<<<<<<< HEAD\nours\n||||||| base\nold\n=======\ntheirs\n>>>>>>> branch\n"
    assert [(c.line, c.end_line) for c in conflicts.find(text)] == [(1, 7)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n>>>>>>> branch\n", [(2, None, ">>>>>>>")]),  # the rest of a conflict half removed
        ("<<<<<<< HEAD\nours\n", [(1, None, "<<<<<<<")]),  # never closed
        (  # a second opening before the first is closed: the first has no pair
            "<<<<<<< HEAD\nx\n<<<<<<< HEAD\ny\n>>>>>>> b\n",
            [(1, None, "<<<<<<<"), (3, 5, "<<<<<<<")],
        ),
    ],
)
def test_a_marker_without_its_pair_is_reported_alone(text: str, expected: list) -> None:
    found = conflicts.find(text)
    assert [(c.line, c.end_line, c.marker) for c in found] == expected
    assert all("without its pair" in c.describe() for c in found if c.end_line is None)


@pytest.mark.parametrize(
    "text",
    [
        "Tittel\n=======\n\nTekst.\n",  # a heading underlined in Markdown
        "Se <<<<<<< og >>>>>>> midt i en linje.\n",  # not at a line's start
        "<<<<<<<<< ni tegn\n",  # not git's seven
        "> > >>>>>>>sitat\n",
    ],
)
def test_text_that_only_looks_like_a_marker_is_no_conflict(text: str) -> None:
    assert conflicts.find(text) == []


def test_a_conflict_in_the_front_matter_is_the_files_one_finding(tmp_path: Path, archive) -> None:
    """YAML cannot be read with both versions in it: E007 instead of E002, and the case, not
    read, is no gap in the numbers and no unknown case where it is named."""
    case = "cases/2022/3-status.md"
    root = archive(tmp_path, {})
    text = (root / case).read_text(encoding="utf-8")
    text = text.replace(
        "tittel: Status for handlingsplanen\n",
        "<<<<<<< HEAD\ntittel: Status for handlingsplanen\n=======\n"
        "tittel: Status for planen\n>>>>>>> annen\n",
    )
    (root / case).write_text(text, encoding="utf-8")
    _archive, found = check(root)
    assert [(d.location.path, d.location.line, d.code) for d in found] == [(case, 3, "E007")]


def test_the_packet_refuses_an_attachment_holding_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "notat.md"
    path.write_text(MERGED, encoding="utf-8")
    with pytest.raises(Unusable) as refused:
        markdown(path)
    assert refused.value.code == "E007"
    assert refused.value.message("notat.md").startswith("attachment 'notat.md' holds an unfinished")
