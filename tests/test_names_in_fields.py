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
