"""A meeting file that exists but has a bad value stays a meeting: its one finding is the
bad value, not one "no meeting file" per case of the meeting, and the authoring commands
agree that it exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ho21.authoring import AuthoringError
from ho21.authoring.new_case import NewCase, create
from ho21.authoring.new_meeting import create as create_meeting
from ho21.checker import check
from ho21.model import MeetingId

MEETING2 = "meetings/2022/2.yaml"
GOOD = 'mote: 2/2022\ndato: "2022-04-05"\ntid: "10.00–14.00"\nsted: Oslo\n'


def lines(root: Path) -> list[str]:
    _archive, found = check(root, jobs=1)
    return [f"{d.location}: {d.code} {d.message}" for d in found]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            GOOD.replace('"2022-04-05"', "2022-04-31"),
            [f"{MEETING2}:2:7: E005 'dato: 2022-04-31' is not a valid date (YYYY-MM-DD)"],
        ),
        (
            GOOD.replace('dato: "2022-04-05"\n', ""),
            [f"{MEETING2}:1:1: E004 required field 'dato' is missing"],
        ),
        (
            GOOD.replace("mote: 2/2022\n", ""),
            [f"{MEETING2}:1:1: E004 required field 'mote' is missing"],
        ),
        (
            GOOD.replace("mote: 2/2022", "mote: to"),
            [f"{MEETING2}:1:7: E601 'mote: to' is not a meeting number m/yyyy"],
        ),
    ],
    ids=["invalid date", "no dato", "no mote", "mote not a number"],
)
def test_one_bad_value_gives_one_finding(tmp_path: Path, archive, content, expected) -> None:
    assert lines(archive(tmp_path, {MEETING2: content})) == expected


def test_meeting_file_naming_another_meeting_is_the_meeting_of_its_name(
    tmp_path: Path, archive
) -> None:
    """`mote: 3/2022` in meetings/2022/2.yaml: E601, and the meeting of the file's name
    still exists (its cases are not of a meeting without a file)."""
    found = lines(archive(tmp_path, {MEETING2: GOOD.replace("mote: 2/2022", "mote: 3/2022")}))
    assert found == [
        f"{MEETING2}:1:7: E601 meeting 3/2022 belongs in meetings/2022/3.yaml, not {MEETING2}"
    ]


def test_authoring_sees_a_meeting_with_a_bad_date(tmp_path: Path, archive) -> None:
    """new-case adds to it (before: "no such meeting"), and new-meeting, as before, agrees
    that it exists."""
    root = archive(tmp_path, {MEETING2: GOOD.replace('"2022-04-05"', "2022-04-31")})
    request = NewCase(
        meeting=MeetingId(2022, 2),
        title="Ny sak",
        types=["Orienteringssak"],
        officers=["Ina Dahlsveen"],
        attachments=[],
    )
    created = create(root, request)
    assert created.path == "cases/2022/8-ny-sak.md"
    with pytest.raises(AuthoringError, match="meeting 2/2022 exists already"):
        create_meeting(root, MeetingId(2022, 2), dt.date(2022, 5, 1))
