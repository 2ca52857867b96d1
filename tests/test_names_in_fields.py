"""W304 for a near miss inside a field that holds more than one name."""

from __future__ import annotations

from ho21.checker import check
from ho21.diagnostics import format_text

CASE7 = "cases/2022/7-oppfolging.md"


def test_a_misspelt_name_among_several_in_saksbehandler(tmp_path, archive, base_files):
    text = base_files[CASE7].replace(
        "saksbehandler: Kari Nordmann", "saksbehandler: Kari Nordmann og Ina Dahlsven"
    )
    lines = format_text(check(archive(tmp_path, {CASE7: text}))[1]).splitlines()
    assert lines == [
        f"{CASE7}:5:33: warning W304 'Ina Dahlsven' is not in the roster; "
        "did you mean 'Ina Dahlsveen'?",
    ]


def test_a_name_that_reads_right_names_the_unseen_character(tmp_path, archive, base_files):
    """A non-breaking space pasted from Word: 'did you mean' the same-looking name would not
    say what to change. W304 in a case's field, E404 in the minutes' attendance."""
    minutes = "meetings/2022/1.referat.md"
    case = base_files[CASE7].replace(
        "saksbehandler: Kari Nordmann", "saksbehandler: Kari\u00a0Nordmann"
    )
    referat = base_files[minutes].replace(
        "  - Ingrid Senstadvold Ross", "  - Ingrid\u00a0Senstadvold Ross"
    )
    lines = format_text(check(archive(tmp_path, {CASE7: case, minutes: referat}))[1]).splitlines()
    assert lines == [
        f"{CASE7}:5:16: warning W304 'Kari\u00a0Nordmann' is not in the roster; it reads as "
        "'Kari Nordmann' in the roster but holds a non-breaking space (U+00A0); retype it",
        f"{minutes}:8:5: error E404 'Ingrid\u00a0Senstadvold Ross' (tilstede) is not in the "
        "roster; it reads as 'Ingrid Senstadvold Ross' in the roster but holds a non-breaking "
        "space (U+00A0); retype it",
    ]
