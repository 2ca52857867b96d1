"""Each link is reported at its own target, and a link to a file that does not exist is E701."""

from __future__ import annotations

from ho21.checker import check
from ho21.links import scan
from tests.test_documents import copy_example

CASE = "cases/2021/44-kommunikasjonsplan.md"
FOLDER = "cases/2021/44-kommunikasjonsplan"


def _refused(text: str, exists=None) -> list[tuple[int, int, str]]:
    return [
        (r.location.line, r.location.column, r.message)
        for r in scan(CASE, text, 1, FOLDER, exists).refusals
    ]


def test_the_same_target_twice_is_two_findings_each_at_its_own_place():
    found = _refused("Og [her](javascript:x) og [der](javascript:x).\n")
    assert [(line, column) for line, column, _ in found] == [(1, 10), (1, 33)]


def test_an_inline_link_and_an_autolink_to_the_same_target_are_both_found():
    found = _refused("Se [a](javascript:alert(1)) og\n<javascript:alert(1)>.\n")
    assert [(line, column) for line, column, _ in found] == [(1, 8), (2, 2)]


def test_a_target_written_with_an_entity_is_reported_where_it_is_written():
    (found,) = _refused("Klikk [her](java&#115;cript:alert(1)).\n")
    assert found[:2] == (1, 13)
    assert "javascript:alert(1)" in found[2]


def test_an_image_inside_a_link_is_found_before_it():
    text = "Se [![logo](/etc/logo.png)](javascript:x).\n"
    assert [(line, column) for line, column, _ in _refused(text)] == [(1, 29), (1, 13)]


def test_a_web_link_before_does_not_shift_the_refused_one():
    text = "[a](https://x.no/javascript:x) og [b](javascript:x)\n"
    assert [(line, column) for line, column, _ in _refused(text)] == [(1, 39)]


def _check_with(tmp_path, line: str) -> list[str]:
    root = copy_example(tmp_path)
    path = root / CASE
    source = path.read_text(encoding="utf-8")
    path.write_text(source + f"\n{line}\n", encoding="utf-8")
    written = len(source.split("\n")) + 1  # the line the appended text is on
    _archive, found = check(root)
    return [
        f"{d.location.line - written}:{d.location.column} {d.code} {d.message}"
        for d in found
        if d.location.path == CASE
    ]


def test_a_link_to_a_missing_file_in_the_cases_folder_is_e701(tmp_path):
    assert _check_with(tmp_path, "Se [notatet](44-kommunikasjonsplan/finnes-ikke.docx).") == [
        "0:14 E701 link '44-kommunikasjonsplan/finnes-ikke.docx' names no file in the case's folder"
    ]


def test_an_image_of_a_missing_file_in_the_cases_folder_is_e701(tmp_path):
    assert _check_with(tmp_path, "![Figur](44-kommunikasjonsplan/borte.png)") == [
        "0:10 E701 image '44-kommunikasjonsplan/borte.png' names no file in the case's folder"
    ]


def test_a_link_into_a_folder_that_does_not_exist_says_so(tmp_path):
    # as after a renumber: the case's folder was 43-…, it is now 44-…
    assert _check_with(tmp_path, "Se [planen](43-kommunikasjonsplan/plan.docx).") == [
        "0:13 E701 link '43-kommunikasjonsplan/plan.docx' names no file "
        "(cases/2021/43-kommunikasjonsplan/plan.docx does not exist); files of the case are "
        "in its folder cases/2021/44-kommunikasjonsplan/"
    ]


def test_a_link_to_a_file_that_exists_is_fine(tmp_path):
    root = copy_example(tmp_path)
    existing = sorted(p.name for p in (root / FOLDER).iterdir() if p.is_file())[0]
    path = root / CASE
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nSe [vedlegget](44-kommunikasjonsplan/{existing}).\n",
        encoding="utf-8",
    )
    _archive, found = check(root)
    assert [d for d in found if d.location.path == CASE] == []


def test_a_link_to_another_cases_file_still_leaves_the_folder(tmp_path):
    root = copy_example(tmp_path)
    other = sorted(p.name for p in (root / "cases/2021/43-kunnskapsloft-for-kommunene").iterdir())[
        0
    ]
    assert _check_with(tmp_path / "b", f"[x](43-kunnskapsloft-for-kommunene/{other})") == [
        f"0:5 E701 link '43-kunnskapsloft-for-kommunene/{other}' leaves the case's folder"
    ]
