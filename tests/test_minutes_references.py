"""The minutes' references: inhabil names a case on the agenda (E406), and the text of the
minutes, like a case's, names no case of a later meeting (W207)."""

from __future__ import annotations

from ho21.checker import check
from ho21.diagnostics import format_text

REFERAT = "meetings/2022/1.referat.md"


def _lines(tmp_path, archive, base_files, old: str, new: str) -> list[str]:
    text = base_files[REFERAT]
    assert old in text
    root = archive(tmp_path, {REFERAT: text.replace(old, new)})
    return format_text(check(root)[1]).splitlines()


def test_inhabil_for_a_case_of_another_meeting_is_e406(tmp_path, archive, base_files):
    lines = _lines(
        tmp_path,
        archive,
        base_files,
        "forfall: [Liv Berg]",
        "forfall: [Liv Berg]\ninhabil:\n  - navn: Per Hansen\n    sak: 7/2/2022",
    )
    assert lines == [
        f"{REFERAT}:14:10: error E406 7/2/2022 is not a case on the agenda of 1/2022",
    ]


def test_inhabil_for_a_case_on_the_agenda_is_fine(tmp_path, archive, base_files):
    lines = _lines(
        tmp_path,
        archive,
        base_files,
        "forfall: [Liv Berg]",
        "forfall: [Liv Berg]\ninhabil:\n  - navn: Per Hansen\n    sak: 3/1/2022",
    )
    assert lines == []


def test_minutes_naming_a_case_of_a_later_meeting_is_w207(tmp_path, archive, base_files):
    lines = _lines(
        tmp_path,
        archive,
        base_files,
        "Sekretariatet orienterte om status.",
        "Sekretariatet orienterte om status; saken følges opp i sak 7/2/2022 og på møte 2/2022.",
    )
    assert lines == [
        f"{REFERAT}:29:60: warning W207 '7/2/2022' refers to a case of a later meeting "
        "(2/2022) than this one (1/2022)",
    ]
