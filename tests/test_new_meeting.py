"""`ho21 new-meeting`: the meeting file and its standard cases, numbered after the year's last."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ho21.checker import check
from ho21.cli import app
from ho21.model import MeetingId


def run(root: Path, *args: str):
    return CliRunner().invoke(app, list(args), env={"HO21_ROOT": str(root)})


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".ho21.lock"
    }


def test_new_meeting_writes_the_meeting_and_its_standard_cases(example_copy: Path) -> None:
    result = run(
        example_copy, "new-meeting", "6/2021", "--date", "2021-10-21",
        "--time", "10.00–15.00", "--place", "Zoom",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = [Path(line).relative_to(example_copy).as_posix() for line in result.stdout.split()]
    assert shown == [
        "meetings/2021/6.yaml",
        "cases/2021/48-godkjenning-av-innkalling-og-sakliste.md",
        "cases/2021/49-sporsmal-om-habilitet.md",
        "cases/2021/50-godkjenning-av-referat-fra-mote.md",
        "cases/2021/51-eventuelt.md",
        "cases/2021/52-evaluering-av-motet.md",
    ]
    archive, found = check(example_copy)
    meeting = archive.meetings[MeetingId(2021, 6)]
    assert (meeting.dato.isoformat(), meeting.tid, meeting.sted) == (
        "2021-10-21", "10.00–15.00", "Zoom",
    )  # fmt: skip
    agenda = archive.agenda(MeetingId(2021, 6))
    assert [c.tittel for c in agenda] == [
        "Godkjenning av innkalling og sakliste",
        "Spørsmål om habilitet",
        "Godkjenning av referat fra møte 5/2021",
        "Eventuelt",
        "Evaluering av møtet",
    ]
    approval = agenda[2]
    assert approval.types == ("Vedtakssak",)
    assert [a.referat for a in approval.vedlegg] == [MeetingId(2021, 5)]
    assert approval.decision.text.strip() == "Referatet godkjennes."
    # only finding: the minutes of 5/2021 it attaches are not written yet in the example
    mine = [d for d in found if d.location.path.startswith(("cases/2021/4", "cases/2021/5"))]
    assert {d.code for d in mine if d.location.path >= "cases/2021/48"} <= {"W505"}
    assert not [d for d in found if d.code.startswith(("E1", "E2", "W6", "E6", "E0"))]


def test_a_new_year_starts_at_1_and_approves_last_year_s_minutes(example_copy: Path) -> None:
    assert run(example_copy, "new-meeting", "6/2021", "--date", "2021-10-21").exit_code == 0
    result = run(example_copy, "new-meeting", "1/2022", "--date", "2022-01-20", "--time", "10.00")
    assert result.exit_code == 0, result.output
    archive, found = check(example_copy)
    agenda = archive.agenda(MeetingId(2022, 1))
    assert [c.number.n for c in agenda] == [1, 2, 3, 4, 5]
    assert agenda[2].tittel == "Godkjenning av referat fra møte 6/2021"
    assert [a.referat for a in agenda[2].vedlegg] == [MeetingId(2021, 6)]
    # "10.00" is quoted, so YAML does not read it as a number
    assert archive.meetings[MeetingId(2022, 1)].tid == "10.00"
    assert not [d for d in found if d.code in ("E005", "E104", "E105", "E108", "E206")]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["5/2021", "--date", "2021-09-01"], 1, "exists already (meetings/2021/5.yaml)"),
        (["6/2021", "--date", "2021-10-32"], 2, "not a valid date YYYY-MM-DD"),
        (["6/2021", "--date", "21-10-2021"], 2, "not a valid date YYYY-MM-DD"),
        (["6/2021", "--date", "2022-01-10"], 2, "is not in 2021"),
        (["6/2021", "--date", "2021-08-01"], 2, "is not after meeting 5/2021"),
        (["3/2021", "--date", "2021-03-01"], 1, "3/2021 is before 5/2021, the last meeting"),
        (["6-2021", "--date", "2021-10-21"], 2, "not a meeting number"),
        (["6/2021", "--date", "2021-10-21", "--place", " "], 2, "--place is empty"),
        (["6/2021", "--date", "2021-10-21", "--place", "a\nb"], 2, "--place must be one line"),
    ],
)
def test_refusals(example_copy: Path, args: list[str], code: int, message: str) -> None:
    before = snapshot(example_copy)
    result = run(example_copy, "new-meeting", *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
    assert snapshot(example_copy) == before


def test_missing_date_is_a_usage_error(example_copy: Path) -> None:
    result = run(example_copy, "new-meeting", "6/2021")
    assert result.exit_code == 2
    assert "--date" in result.stderr


def test_nothing_is_written_when_a_case_file_is_taken(example_copy: Path) -> None:
    (example_copy / "cases/2021/50-godkjenning-av-referat-fra-mote.md").write_text("mine\n")
    before = snapshot(example_copy)
    result = run(example_copy, "new-meeting", "6/2021", "--date", "2021-10-21")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert snapshot(example_copy) == before
    assert not (example_copy / "meetings/2021/6.yaml").exists()


def test_help_has_an_example() -> None:
    for command in ("new-meeting", "new-case", "renumber"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example: ho21 " + command in result.stdout
