"""What a title says is found where the file says it: references and placeholders in a
title are looked for in the one span where the title is written (Case.title_span), so their
line and column are right whatever the quoting, escapes or folding; a title with a line
break is E005."""

from __future__ import annotations

from pathlib import Path

import pytest

from ho21.checker import check

CASE3 = "cases/2022/3-status.md"
TITLE = "tittel: Status for handlingsplanen"
ONE_LINE = (
    "'tittel' must be one line: a title has no line breaks in any document "
    "(to wrap a long title in the file, write 'tittel: >-' and indent the lines)"
)


def title_findings(tmp_path: Path, archive, base_files, title: str) -> list[tuple]:
    root = archive(tmp_path, {CASE3: base_files[CASE3].replace(TITLE, title, 1)})
    _archive, found = check(root, jobs=1)
    source = (root / CASE3).read_text(encoding="utf-8").split("\n")
    out = []
    for d in found:
        if d.location.path == CASE3:
            line, col = d.location.line, d.location.column
            out.append((line, col, d.code, source[line - 1][col - 1 :][:9]))
    return out


CASES = [
    (
        "tittel: >-\n  Lang tittel TODO som\n  nevner sak 99/1/2022 og [navn]",
        [(4, 15, "W302", "TODO som"), (5, 14, "E201", "99/1/2022"), (5, 27, "W302", "[navn]")],
    ),
    ("tittel: Lang tittel som\n  fortsetter TODO her", [(4, 14, "W302", "TODO her")]),
    (
        "tittel: 'Rådets ''store'' sak 99/1/2022 TODO'",
        [(3, 31, "E201", "99/1/2022"), (3, 41, "W302", "TODO'")],
    ),
    ('tittel: "Tittel \\x41\\x42 og TODO"', [(3, 29, "W302", 'TODO"')]),
    (
        'tittel: "Med \\"sitat\\" og sak 99/1/2022 TODO"',
        [(3, 31, "E201", "99/1/2022"), (3, 41, "W302", 'TODO"')],
    ),
    (
        "tittel: |\n  Lang tittel\n  TODO",
        [(3, 9, "E005", "|"), (5, 3, "W302", "TODO")],
    ),
    ('tittel: "a\\nb TODO"', [(3, 10, "E005", "a\\nb TODO"), (3, 15, "W302", 'TODO"')]),
]


@pytest.mark.parametrize(("title", "expected"), CASES, ids=[c[0] for c in CASES])
def test_title_findings_point_at_the_text(
    tmp_path: Path, archive, base_files, title, expected
) -> None:
    assert title_findings(tmp_path, archive, base_files, title) == expected


def test_multi_line_title_message_and_one_line_value(tmp_path: Path, archive, base_files) -> None:
    root = archive(
        tmp_path, {CASE3: base_files[CASE3].replace(TITLE, "tittel: |\n  Status for\n  planen")}
    )
    archive_, found = check(root, jobs=1)
    assert [d.message for d in found if d.code == "E005"] == [ONE_LINE]
    case = next(c for c in archive_.cases if c.path == CASE3)
    assert case.tittel == "Status for planen"


def test_folded_title_is_one_line_and_fine(tmp_path: Path, archive, base_files) -> None:
    root = archive(
        tmp_path, {CASE3: base_files[CASE3].replace(TITLE, "tittel: >-\n  Status for\n  planen")}
    )
    archive_, found = check(root, jobs=1)
    assert found == []
    assert next(c for c in archive_.cases if c.path == CASE3).tittel == "Status for planen"
