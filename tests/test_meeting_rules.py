"""Meetings: an empty one lacks its standard items (W602), they are dated in the order of their
numbers (E601), and minutes are of a meeting that exists (E205)."""

from __future__ import annotations

from ho21.checker import check
from ho21.diagnostics import format_text


def _lines(tmp_path, archive, files) -> list[str]:
    return format_text(check(archive(tmp_path, files))[1]).splitlines()


def test_a_meeting_without_cases_lacks_every_standard_item(tmp_path, archive):
    meeting = 'mote: 3/2022\ndato: 2022-06-01\ntid: "10.00–15.00"\nsted: Zoom\n'
    assert _lines(tmp_path, archive, {"meetings/2022/3.yaml": meeting}) == [
        "meetings/2022/3.yaml:1:7: warning W602 meeting 3/2022 has no cases, so none of its "
        "3 standard items; ho21 new-case adds cases to it",
    ]


def test_a_meeting_without_a_valid_date_is_not_compared_by_date(tmp_path, archive, base_files):
    text = base_files["meetings/2022/2.yaml"].replace('"2022-04-05"', '"2022-04-31"')
    lines = _lines(tmp_path, archive, {"meetings/2022/2.yaml": text})
    assert [line.split()[2] for line in lines] == ["E005"]  # the date itself, nothing more


def test_a_meeting_dated_before_the_one_numbered_before_it_is_e601(tmp_path, archive, base_files):
    text = base_files["meetings/2022/2.yaml"].replace('"2022-04-05"', '"2022-01-20"')
    assert _lines(tmp_path, archive, {"meetings/2022/2.yaml": text}) == [
        "meetings/2022/2.yaml:2:8: error E601 meeting 2/2022 is dated 2022-01-20, before "
        "meeting 1/2022 (2022-02-01, meetings/2022/1.yaml)",
    ]


def test_two_meetings_on_one_day_are_fine(tmp_path, archive, base_files):
    text = base_files["meetings/2022/2.yaml"].replace('"2022-04-05"', '"2022-02-01"')
    assert _lines(tmp_path, archive, {"meetings/2022/2.yaml": text}) == []


def test_minutes_of_a_meeting_without_a_meeting_file_say_so(tmp_path, archive):
    minutes = "---\nmote: 3/2022\nstatus: utkast\n---\n\nIngen møtte.\n"
    assert _lines(tmp_path, archive, {"meetings/2022/3.referat.md": minutes}) == [
        "meetings/2022/3.referat.md:2:7: error E205 meeting 3/2022 does not exist "
        "(no meeting file meetings/2022/3.yaml)",
    ]
