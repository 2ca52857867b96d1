"""Typing the fields of a case: a required field that says nothing is as missing as one not
written, a value is reported once for one problem, and numbers are ASCII digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from ho21.checker import check

CASE3 = "cases/2022/3-status.md"
TITLE = "tittel: Status for handlingsplanen"
TYPE = "type: [Orienteringssak]"
FIL = "fil: 3-status/notat.md"
SAK = "sak: 3/1/2022"


def case3_findings(tmp_path: Path, archive, base_files, old: str, new: str) -> list[tuple]:
    text = base_files[CASE3]
    assert old in text
    root = archive(tmp_path, {CASE3: text.replace(old, new, 1)})
    _archive, found = check(root, jobs=1)
    return [
        (d.location.line, d.location.column, d.code, d.message)
        for d in found
        if d.location.path == CASE3
    ]


EMPTY_TITLE = "required field 'tittel' is empty; write its value after 'tittel:'"
EMPTY_TYPE = "required field 'type' is empty; write its value after 'type:'"
EMPTY_FIL = "required field 'vedlegg[1].fil' is empty; write its value after 'fil:'"
CASES = [
    # what replaces what, and every finding in the case file
    (TITLE, 'tittel: ""', [(3, 10, "E004", EMPTY_TITLE)]),
    (TITLE, "tittel: ''", [(3, 10, "E004", EMPTY_TITLE)]),
    (TITLE, 'tittel: "   "', [(3, 10, "E004", EMPTY_TITLE)]),
    (TITLE, "tittel: |\n", [(3, 9, "E004", EMPTY_TITLE)]),
    (TITLE, "tittel: >\n", [(3, 9, "E004", EMPTY_TITLE)]),
    # the key written without a value is one problem, worded one way however it is spelt
    (TITLE, "tittel:", [(3, 1, "E004", EMPTY_TITLE)]),
    (TITLE, "tittel: ~", [(3, 9, "E004", EMPTY_TITLE)]),
    (TITLE, "tittel: null", [(3, 9, "E004", EMPTY_TITLE)]),
    (TYPE, "type:", [(4, 1, "E004", EMPTY_TYPE)]),
    (TYPE, "type: []", [(4, 7, "E004", EMPTY_TYPE)]),
    (TYPE, 'type: ""', [(4, 8, "E004", EMPTY_TYPE)]),
    (TYPE, 'type: [""]', [(4, 9, "E005", "'type[1]' is empty")]),
    (TYPE, "type: [~]", [(4, 8, "E005", "'type[1]' is empty")]),
    (
        TYPE,
        "type: [Orienteringssak, NO]",
        [
            (
                4,
                25,
                "E005",
                "'type[2]: NO' would be read by YAML as a yes/no value; put it in quotes: \"NO\"",
            )
        ],
    ),
    (FIL, "fil:", [(8, 5, "E004", EMPTY_FIL)]),
    (FIL, "fil: ''", [(8, 11, "E004", EMPTY_FIL)]),
    (FIL, "fil: ' '", [(8, 11, "E004", EMPTY_FIL)]),
    (
        FIL,
        "fil: 3-status\\notat.md",
        [(8, 10, "E005", "'3-status\\notat.md': write '/' between folders: 3-status/notat.md")],
    ),
    (
        TYPE,
        TYPE + "\noffentlighet: unntatt",
        [
            (
                5,
                15,
                "E005",
                "'offentlighet: unntatt' does not say on what legal basis; write it after "
                "'unntatt', e.g. 'unntatt offl. § 14'",
            )
        ],
    ),
    # YAML that does not parse, as a hurried case officer writes it: what to do is said
    (
        TITLE,
        "tittel: Status: handlingsplanen",
        [
            (
                3,
                15,
                "E002",
                "invalid YAML: mapping values are not allowed in this context; a ': ' inside a "
                'value: put the whole value in quotes: tittel: "Status: handlingsplanen"',
            )
        ],
    ),
    (
        TITLE,
        "tittel: “Status: handlingsplanen”",
        [
            (
                3,
                16,
                "E002",
                "invalid YAML: mapping values are not allowed in this context; a ': ' inside a "
                "value: put the whole value in quotes (“” are no quotes to YAML): "
                'tittel: "Status: handlingsplanen"',
            )
        ],
    ),
    (
        SAK,
        "sak:\u00a03/1/2022",
        [
            (
                2,
                5,
                "E002",
                "invalid YAML: a non-breaking space (U+00A0) after the colon, which YAML does "
                "not take for a space; type an ordinary space",
            )
        ],
    ),
    (
        "  - tittel: Statusnotat",
        "\t- tittel: Statusnotat",
        [
            (
                7,
                1,
                "E002",
                "invalid YAML: found character that cannot start any token; a tab: YAML "
                "indents with spaces only",
            )
        ],
    ),
    (SAK, "sak: 3/1/0000", [(2, 6, "E101", "'3/1/0000' in 'sak' is not a case number n/m/yyyy")]),
    # pasted from Word: the character that does not belong is named (it may not show), and
    # pointed at, with the number meant
    (
        SAK,
        "sak: 3–1–2022",
        [
            (
                2,
                7,
                "E101",
                "'3–1–2022' in 'sak' is not a case number n/m/yyyy: it holds an en dash "
                "(U+2013); write 3/1/2022",
            )
        ],
    ),
    (
        SAK,
        "sak: 3/1/\u00a02022",
        [
            (
                2,
                10,
                "E101",
                "'3/1/\u00a02022' in 'sak' is not a case number n/m/yyyy: it holds a "
                "non-breaking space (U+00A0); write 3/1/2022",
            )
        ],
    ),
    (
        SAK,
        "sak: 3/\u00ad1/2022",
        [
            (
                2,
                8,
                "E101",
                "'3/\u00ad1/2022' in 'sak' is not a case number n/m/yyyy: it holds a "
                "soft hyphen (U+00AD); write 3/1/2022",
            )
        ],
    ),
    (
        SAK,
        "sak: 3-1-2022",
        [(2, 6, "E101", "'3-1-2022' in 'sak' is not a case number n/m/yyyy; write 3/1/2022")],
    ),
    (
        SAK,
        "sak: 3/1/２０２２",
        [(2, 6, "E101", "'3/1/２０２２' in 'sak' is not a case number n/m/yyyy")],
    ),
    (TITLE, "tittel: ! Status", [(3, 9, "E002", "YAML tags (!) are not allowed")]),
    (TITLE, "tittel: ! Status # c", [(3, 9, "E002", "YAML tags (!) are not allowed")]),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES, ids=[c[1] for c in CASES])
def test_field_finding(tmp_path: Path, archive, base_files, old, new, expected) -> None:
    assert case3_findings(tmp_path, archive, base_files, old, new) == expected


@pytest.mark.parametrize(
    "new", ["offentlighet: unntatt offl. § 14", "offentlighet: Unntatt etter offl. § 13"]
)
def test_exemption_with_its_basis_is_fine(tmp_path: Path, archive, base_files, new) -> None:
    assert case3_findings(tmp_path, archive, base_files, TYPE, f"{TYPE}\n{new}") == []


def test_empty_optional_text_falls_back_to_the_default(tmp_path: Path, archive, base_files) -> None:
    """`til: ""` says nothing, and the council's `til` stands (no finding)."""
    assert case3_findings(tmp_path, archive, base_files, TYPE, f'{TYPE}\ntil: ""') == []


def test_a_case_saved_as_utf16_says_so(tmp_path: Path, archive, base_files) -> None:
    """Notepad's 'Unicode' is UTF-16: named, not only 'byte 0xff cannot be decoded'."""
    data = base_files[CASE3].encode("utf-16")
    root = archive(tmp_path, {CASE3: data})
    _archive, found = check(root, jobs=1)
    assert [(str(d.location), d.code, d.message) for d in found] == [
        (
            f"{CASE3}:1:1",
            "E001",
            "not UTF-8 but UTF-16 (Notepad's 'Unicode'); save the file as UTF-8",
        )
    ]
