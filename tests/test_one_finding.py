"""One problem, one finding: where a rule about a reference's place says what is wrong, the
generic "reference to unknown case" (E201) does not say it again; and a case whose file could
not be read is reported at that file only, not again wherever its number is written."""

from __future__ import annotations

from ho21.checker import check
from ho21.diagnostics import format_text

REFERAT = "meetings/2022/1.referat.md"
CASE7 = "cases/2022/7-oppfolging.md"


def _findings(tmp_path, archive, files) -> list[str]:
    root = archive(tmp_path, files)
    return format_text(check(root)[1]).splitlines()


def _codes_at(lines: list[str]) -> list[tuple[str, str]]:
    """(path:line:column, code) of each finding line."""
    return [(line.split(": ")[0], line.split(" ")[2]) for line in lines if ": " in line]


def _referat(base_files, old: str, new: str) -> dict[str, str]:
    text = base_files[REFERAT]
    assert old in text
    return {REFERAT: text.replace(old, new)}


def test_section_for_a_case_that_does_not_exist_is_one_e402(tmp_path, archive, base_files):
    files = _referat(base_files, "## 4/1/2022", "## 99/1/2022")
    found = _codes_at(_findings(tmp_path, archive, files))
    # E402 for the unknown section; E401 for case 4, which lost its section: two problems
    assert sorted(code for _at, code in found) == ["E401", "E402"]


def test_til_og_med_naming_no_case_is_one_e406(tmp_path, archive, base_files):
    files = _referat(base_files, "til_og_med: 3/1/2022", "til_og_med: 99/1/2022")
    assert _codes_at(_findings(tmp_path, archive, files)) == [(f"{REFERAT}:10:17", "E406")]


def test_saker_naming_no_case_is_one_e406(tmp_path, archive, base_files):
    files = _referat(base_files, "til_og_med: 3/1/2022", "saker: [32/5/2022]")
    assert [code for _at, code in _codes_at(_findings(tmp_path, archive, files))] == ["E406"]


def test_tidligere_behandlet_of_this_meeting_that_does_not_exist_is_one_e203(
    tmp_path, archive, base_files
):
    text = base_files[CASE7].replace(
        "tidligere_behandlet: [3/1/2022]", "tidligere_behandlet: [99/2/2022]"
    )
    assert _codes_at(_findings(tmp_path, archive, {CASE7: text})) == [(f"{CASE7}:9:23", "E203")]


def test_an_unreadable_case_is_reported_at_its_file_only(tmp_path, archive):
    found = _codes_at(_findings(tmp_path, archive, {"cases/2022/3-status.md": ""}))
    assert [where.split(":")[0] for where, _code in found] == ["cases/2022/3-status.md"]
    assert [code for _where, code in found] == ["E002"]


def test_godkjent_i_of_the_same_meeting_is_e408(tmp_path, archive, base_files):
    files = _referat(base_files, "godkjent_i: 6/2/2022", "godkjent_i: 1/1/2022")
    assert _findings(tmp_path, archive, files) == [
        f"{REFERAT}:4:13: error E408 minutes of 1/2022 approved in 1/1/2022, a case of the same "
        "meeting: minutes are approved at a later meeting",
    ]


def test_godkjent_i_naming_no_case_is_e201_alone(tmp_path, archive, base_files):
    files = _referat(base_files, "godkjent_i: 6/2/2022", "godkjent_i: 9/2/2022")
    assert _codes_at(_findings(tmp_path, archive, files)) == [(f"{REFERAT}:4:13", "E201")]


def test_godkjent_i_naming_the_approval_case_is_fine(tmp_path, archive, base_files):
    assert _findings(tmp_path, archive, _referat(base_files, "mote: 1/2022", "mote: 1/2022")) == []


def test_an_empty_vedlegg_item_is_one_finding_and_keeps_its_place(tmp_path, archive, base_files):
    """`vedlegg:` with an empty `-` (a copied case, an item started and left): E005 at the
    `-` alone. The item still counts, so the text's `vedlegg 2` names the one after it."""
    case3 = "cases/2022/3-status.md"
    text = base_files[case3].replace("vedlegg:\n", "vedlegg:\n  -\n", 1)
    text = text.replace("(se vedlegg 1)", "(se vedlegg 2)", 1)
    assert "  -\n  - tittel:" in text and "(se vedlegg 2)" in text
    assert _findings(tmp_path, archive, {case3: text}) == [
        f"{case3}:7:4: error E005 vedlegg 1 is empty: write its 'tittel' and 'fil' (or "
        "'referat') under the '-', or remove the line"
    ]


def test_a_case_whose_number_cannot_be_read_is_reported_at_its_sak_only(
    tmp_path, archive, base_files
):
    """`sak: 3–1–2022` (en dashes, as Word writes them): E101 at the case, not also a gap
    at the next case, an unknown case where 3/1/2022 is referred to, or a minutes section
    off the agenda; its file name still says which running number it holds."""
    case3 = "cases/2022/3-status.md"
    text = base_files[case3].replace("sak: 3/1/2022", "sak: 3–1–2022", 1)
    found = _codes_at(_findings(tmp_path, archive, {case3: text}))
    assert found == [(f"{case3}:2:7", "E101")]


def test_a_case_filed_in_another_years_folder_is_no_gap(tmp_path, archive, base_files):
    """`sak: 48/5/2022` copied into cases/2021/: whether the number or the place is wrong is
    W106's question; "1–47 missing (ho21 renumber closes the gap)" would send the user to
    renumber a case that only needs its year or its folder mended."""
    misfiled = "cases/2023/20-kopi.md"
    text = base_files["cases/2022/8-eventuelt.md"].replace("sak: 8/2/2022", "sak: 20/2/2022")
    lines = _findings(tmp_path, archive, {misfiled: text})
    assert _codes_at(lines) == [(f"{misfiled}:2:6", "W106")]
