"""A meeting is dated in its own year (as new-meeting requires): E601 at the date. One with
cases is E108 at each case (their year disagrees with its date), not also E601."""

from __future__ import annotations

from pathlib import Path

from ho21.checker import check


def findings(root: Path) -> list[tuple[str, int, int, str, str]]:
    _archive, found = check(root, jobs=1)
    return [(d.location.path, d.location.line, d.location.column, d.code, d.message) for d in found]


def test_meeting_without_cases_dated_in_another_year_is_e601(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {"meetings/2022/3.yaml": "mote: 3/2022\ndato: 2023-01-05\n"})
    assert [f for f in findings(root) if f[3] != "W602"] == [
        (
            "meetings/2022/3.yaml",
            2,
            7,
            "E601",
            "meeting 3/2022 is dated 2023-01-05, which is not in 2022, the year of the meeting",
        )
    ]


def test_two_meetings_on_one_day_stay_allowed(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {"meetings/2022/3.yaml": "mote: 3/2022\ndato: 2022-04-05\n"})
    assert [f[3] for f in findings(root)] == ["W602"]  # no cases yet


def test_meeting_with_cases_dated_in_another_year_is_e108_alone(
    tmp_path: Path, archive, base_files
) -> None:
    text = base_files["meetings/2022/2.yaml"].replace("2022-04-05", "2023-04-05")
    root = archive(tmp_path, {"meetings/2022/2.yaml": text})
    assert {f[3] for f in findings(root)} == {"E108"}
