"""E105: a case numbered out of its meeting's block is one finding, at that case."""

from __future__ import annotations

from ho21.checker import check
from ho21.rules.numbering import longest_run
from tests.test_documents import copy_example


def _e105(root) -> list[str]:
    _archive, found = check(root)
    return [
        f"{d.location.path}:{d.location.line}:{d.location.column} {d.message}"
        for d in found
        if d.code == "E105"
    ]


def test_a_copy_numbered_into_the_next_meetings_block_is_one_finding(tmp_path):
    root = copy_example(tmp_path)
    source = (root / "cases/2021/44-kommunikasjonsplan.md").read_text(encoding="utf-8")
    assert "sak: 44/5/2021" in source
    (root / "cases/2021/48-b.md").write_text(
        source.replace("sak: 44/5/2021", "sak: 48/4/2021"), encoding="utf-8"
    )
    assert _e105(root) == [
        "cases/2021/48-b.md:2:6 case 48/4/2021 of meeting 4/2021 is numbered after "
        "47/5/2021 of the later meeting 5/2021"
    ]


def test_a_case_of_the_next_meeting_inside_a_block_is_numbered_before(tmp_path):
    root = copy_example(tmp_path)
    path = root / "cases/2021/36-eventuelt.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("sak: 36/4/2021", "sak: 36/5/2021"),
        encoding="utf-8",
    )
    assert _e105(root) == [
        "cases/2021/36-eventuelt.md:2:6 case 36/5/2021 of meeting 5/2021 is numbered before "
        "37/4/2021 of the earlier meeting 4/2021"
    ]


def test_the_longest_run_keeps_the_many_and_drops_the_one_out_of_place():
    assert longest_run([4, 4, 5, 5, 4], strict=False) == [True, True, True, True, False]
    assert longest_run([1, 3, 2, 4]) == [True, False, True, True]
    assert longest_run([]) == []
