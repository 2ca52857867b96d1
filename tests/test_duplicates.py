"""E102 at every file of a duplicate: a check of any one of them alone shows it."""

from __future__ import annotations

from ho21.checker import check
from ho21.diagnostics import format_text

EVENTUELT = "cases/2022/8-eventuelt.md"
RENUMBER = "; if each is meant, ho21 renumber gives each its own number"


def test_checking_only_one_file_of_a_duplicate_finds_it(tmp_path, archive, base_files):
    root = archive(tmp_path, {"cases/2022/8-aa-kopi.md": base_files[EVENTUELT]})
    _archive, found = check(root, ["cases/2022/8-aa-kopi.md"])
    assert format_text(found).splitlines() == [
        f"cases/2022/8-aa-kopi.md:2:6: error E102 case 8/2/2022 is also {EVENTUELT}{RENUMBER}",
    ]


def test_three_holders_of_one_running_number_each_name_the_others(tmp_path, archive, base_files):
    other_meeting = base_files[EVENTUELT].replace("sak: 8/2/2022", "sak: 8/1/2022")
    root = archive(
        tmp_path,
        {"cases/2022/8-kopi.md": base_files[EVENTUELT], "cases/2022/8-moete1.md": other_meeting},
    )
    lines = [line for line in format_text(check(root)[1]).splitlines() if " E102 " in line]
    assert lines == [
        "cases/2022/8-eventuelt.md:2:6: error E102 case 8/2/2022 is also cases/2022/8-kopi.md; "
        "running number 8 of 2022 is also used by 8/1/2022 (cases/2022/8-moete1.md)" + RENUMBER,
        "cases/2022/8-kopi.md:2:6: error E102 case 8/2/2022 is also cases/2022/8-eventuelt.md; "
        "running number 8 of 2022 is also used by 8/1/2022 (cases/2022/8-moete1.md)" + RENUMBER,
        "cases/2022/8-moete1.md:2:6: error E102 running number 8 of 2022 is also used by "
        "8/2/2022 (cases/2022/8-eventuelt.md), 8/2/2022 (cases/2022/8-kopi.md)" + RENUMBER,
    ]
