"""Reading files: encodings, YAML 1.1 traps, and the line and column every finding points at."""

from __future__ import annotations

from pathlib import Path

import pytest

from ho21.checker import check
from ho21.loading import load

CASE3 = "cases/2022/3-status.md"
MEETING1 = "meetings/2022/1.yaml"


def findings(root: Path) -> list[tuple[str, int, int, str, str]]:
    _archive, found = check(root)
    return [(d.location.path, d.location.line, d.location.column, d.code, d.message) for d in found]


def at(root: Path, path: str, line: int, column: int) -> str:
    """The text of `path` from line:column on, as a reader would find it in an editor."""
    text = (root / path).read_bytes().decode("utf-8", errors="replace")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return text.split("\n")[line - 1][column - 1 :]


# -- encodings ---------------------------------------------------------------------------------
def test_byte_order_mark_is_accepted(tmp_path: Path, archive, base_files) -> None:
    root = archive(tmp_path, {CASE3: b"\xef\xbb\xbf" + base_files[CASE3].encode()})
    assert findings(root) == []


def test_byte_order_mark_does_not_shift_columns(tmp_path: Path, archive) -> None:
    meeting = "\ufeffmote: 1/2022\ndato: 2022-02-01\ntid: 10.00\nsted: NO\n"
    root = archive(tmp_path, {MEETING1: meeting.encode()})
    found = findings(root)
    assert [(p, line, col, code) for p, line, col, code, _ in found] == [
        (MEETING1, 3, 6, "E005"),
        (MEETING1, 4, 7, "E005"),
    ]
    assert at(root, MEETING1, 3, 6) == "10.00"


def test_crlf_line_ends_are_accepted(tmp_path: Path, archive, base_files) -> None:
    crlf = {rel: text.replace("\n", "\r\n") for rel, text in base_files.items()}
    assert findings(archive(tmp_path, crlf)) == []


def test_crlf_keeps_lines_and_columns(tmp_path: Path, archive, base_files) -> None:
    text = base_files[CASE3].replace("Ingrid Senstadvold Ross", "Ingrid Stenstadvold Ross")
    text = text.replace("type: [Orienteringssak]", "type: [Orienteringssak]\ntid: 10.00")
    root = archive(tmp_path, {CASE3: text.replace("\n", "\r\n")})
    found = findings(root)
    assert [(line, col, code) for _p, line, col, code, _ in found] == [
        (5, 1, "E003"),
        (15, 17, "W304"),
    ]
    assert at(root, CASE3, 5, 1).startswith("tid")
    assert at(root, CASE3, 15, 17).startswith("Ingrid Stenstadvold Ross")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_in_front_matter(tmp_path: Path, archive, separator) -> None:
    """YAML counts U+2028, U+2029 and U+0085 as line breaks, editors only newlines: places
    are still the file's lines, and a file that ends soon after them loads without a crash."""
    case = "cases/2022/6-godkjenning-av-referat.md"
    title = separator.join(["Godkjenning", "av", "referat", "fra", "møte 1/2022"])
    text = (
        f'---\nsak: 6/2/2022\ntittel: "{title}"\ntype: [Vedtakssak]\n'
        "tidligere_behandlet: [9/1/2022]\nvedlegg:\n  - referat: 1/2022\n"
        "---\n## Forslag til vedtak\nReferatet godkjennes.\n"
    )
    root = archive(tmp_path, {case: text})
    found = [(p, line, col, code) for p, line, col, code, _ in findings(root) if p == case]
    assert found == [(case, 5, 23, "E201")]
    assert at(root, case, 5, 23).startswith("9/1/2022]")


def test_nul_byte_is_e001_at_its_place(tmp_path: Path, archive, base_files) -> None:
    text = base_files[CASE3].replace("Sekretariatet orienterer", "Sekretariatet\x00 orienterer")
    root = archive(tmp_path, {CASE3: text.encode()})
    found = findings(root)
    assert (CASE3, 13, 14, "E001", "file contains a NUL byte") in found
    assert at(root, CASE3, 13, 14).startswith("\x00 orienterer")


def test_latin1_is_e001_at_the_first_bad_byte(tmp_path: Path, archive, base_files) -> None:
    text = base_files[CASE3].replace("Status for handlingsplanen", "Status for rådets plan")
    root = archive(tmp_path, {CASE3: text.encode("latin-1")})
    found = [f for f in findings(root) if f[0] == CASE3]
    assert found == [
        (CASE3, 3, 21, "E001", "not UTF-8: byte 0xe5 cannot be decoded; save the file as UTF-8")
    ]


def test_not_utf8_column_counts_characters_not_bytes(tmp_path: Path, archive, base_files) -> None:
    """A line with valid æøå before the bad byte: the column is in characters, as editors count."""
    data = (
        base_files[CASE3].encode().replace(b"Status for handlingsplanen", b"M\xc3\xb8te om r\xe5d")
    )
    root = archive(tmp_path, {CASE3: data})
    (finding,) = [f for f in findings(root) if f[0] == CASE3]
    assert finding[1:4] == (3, 18, "E001")
    assert at(root, CASE3, 3, 18).startswith("\ufffd")  # the replacement of the bad byte


def test_unreadable_case_does_not_hide_other_findings(tmp_path: Path, archive) -> None:
    """check never stops at the first problem: a broken file and a wrong value elsewhere."""
    root = archive(
        tmp_path,
        {
            CASE3: b"---\nsak: 3/1/2022\ntittel: \xff\n",
            MEETING1: "mote: 1/2022\ndato: 2022-02-01\ntid: 10.00\n",
        },
    )
    codes = {(p, code) for p, _l, _c, code, _m in findings(root)}
    assert (CASE3, "E001") in codes
    assert (MEETING1, "E005") in codes


@pytest.mark.parametrize("content", ["", "\n\n", "   \n"])
def test_empty_file_is_e002(tmp_path: Path, archive, content: str) -> None:
    root = archive(tmp_path, {"cases/2022/9-tom.md": content})
    found = findings(root)
    assert [(p, line, col, code) for p, line, col, code, _ in found] == [
        ("cases/2022/9-tom.md", 1, 1, "E002")
    ]
    assert "empty" in found[0][4]


def test_empty_front_matter_is_e002(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {"cases/2022/9-tom.md": "---\n---\n\nTekst.\n"})
    assert [f[3] for f in findings(root)] == ["E002"]


def test_missing_council_is_reported(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {"meetings/council.yaml": None})
    found = findings(root)
    assert ("meetings/council.yaml", 1, 1, "E001") in [f[:4] for f in found]


# -- YAML 1.1 traps ----------------------------------------------------------------------------
TRAPS = [
    # file, line to write, column of the value, what YAML 1.1 would make of it
    (MEETING1, "tid: 10.00", 6, "a number"),
    (MEETING1, "tid: 10:00", 6, "a number"),
    (MEETING1, "sted: NO", 7, "a yes/no value"),
    (MEETING1, "sted: yes", 7, "a yes/no value"),
    (MEETING1, "sted: off", 7, "a yes/no value"),
    (CASE3, "tittel: 0150", 9, "a number"),
    (CASE3, "tittel: 1_000", 9, "a number"),
    (CASE3, "tittel: 0x1F", 9, "a number"),
    (CASE3, "til: 12", 6, "a number"),
]


@pytest.mark.parametrize(("path", "line", "column", "misread"), TRAPS, ids=[t[1] for t in TRAPS])
def test_yaml11_trap_is_e005_naming_the_field(
    tmp_path: Path, archive, base_files, path: str, line: str, column: int, misread: str
) -> None:
    key, value = line.split(": ", 1)
    original = base_files[path]
    lines = [ln for ln in original.split("\n") if not ln.startswith(f"{key}:")]
    position = 2 if path == MEETING1 else 3  # after mote:/dato: or after ---/sak:
    lines.insert(position, line)
    root = archive(tmp_path, {path: "\n".join(lines)})
    found = [f for f in findings(root) if f[0] == path]
    assert found, f"{line} was accepted silently"
    _p, row, col, code, message = found[0]
    assert (row, col, code) == (position + 1, column, "E005")
    assert f"'{key}: {value}'" in message and misread in message
    assert f'put it in quotes: "{value}"' in message
    assert at(root, path, row, col) == value


@pytest.mark.parametrize("line", ['tid: "10.00"', "tid: '10:00'", 'sted: "NO"'])
def test_quoted_values_are_text(tmp_path: Path, archive, base_files, line: str) -> None:
    text = base_files[MEETING1].replace('tid: "10.00–15.00"\nsted: Zoom\n', line + "\n")
    assert findings(archive(tmp_path, {MEETING1: text})) == []


def test_unquoted_iso_date_is_a_date(tmp_path: Path, archive) -> None:
    archive_, found = load(archive(tmp_path, {}))
    assert found == []
    meeting = next(m for m in archive_.meetings.values() if m.path == MEETING1)
    assert meeting.dato.isoformat() == "2022-02-01"  # written unquoted in the base archive


def test_quoted_value_finding_points_inside_the_quotes(tmp_path: Path, archive, base_files) -> None:
    text = base_files[MEETING1] + 'innkalling_sendt: "2022-02-30"\n'
    root = archive(tmp_path, {MEETING1: text})
    ((_p, line, col, code, _m),) = findings(root)
    assert (line, col, code) == (5, 20, "E005")
    assert at(root, MEETING1, line, col).startswith("2022-02-30")


def test_duplicate_key_in_nested_mapping(tmp_path: Path, archive, base_files) -> None:
    text = base_files[CASE3].replace(
        "fil: 3-status/notat.md", "fil: 3-status/notat.md\n    fil: x.md"
    )
    root = archive(tmp_path, {CASE3: text})
    ((path, line, col, code, message),) = findings(root)
    assert (path, line, col, code) == (CASE3, 9, 5, "E006")
    assert "'fil'" in message and "first on line 8" in message


def test_unknown_field_suggests_the_near_name(tmp_path: Path, archive, base_files) -> None:
    text = base_files[CASE3].replace("saksbehandler:", "saksbehandlr:")
    ((path, line, col, code, message),) = findings(archive(tmp_path, {CASE3: text}))
    assert (path, line, col, code) == (CASE3, 5, 1, "E003")
    assert "did you mean 'saksbehandler'" in message


def test_unknown_field_in_council(tmp_path: Path, archive, base_files) -> None:
    text = base_files["meetings/council.yaml"].replace("kortnavn:", "kortnavm:")
    found = findings(archive(tmp_path, {"meetings/council.yaml": text}))
    assert ("meetings/council.yaml", 2, 1, "E003") in [f[:4] for f in found]


def test_python_tag_is_refused(tmp_path: Path, archive, base_files) -> None:
    text = base_files[MEETING1].replace(
        "sted: Zoom", "sted: !!python/object/apply:os.system [echo pwned]"
    )
    found = findings(archive(tmp_path, {MEETING1: text}))
    mine = [(line, col, code) for p, line, col, code, _ in found if p == MEETING1]
    assert mine == [(4, 7, "E002")]
    assert "tags" in next(m for p, *_, m in found if p == MEETING1)


def test_two_yaml_documents_in_a_meeting_file(tmp_path: Path, archive, base_files) -> None:
    text = base_files[MEETING1] + "---\nmote: 3/2022\n"
    found = findings(archive(tmp_path, {MEETING1: text}))
    assert (MEETING1, 5, 1, "E002") in [f[:4] for f in found]


def test_deep_nesting_is_refused_not_recursed(tmp_path: Path, archive, base_files) -> None:
    deep = "tittel: " + "[" * 500 + "]" * 500 + "\n"
    text = base_files[CASE3].replace("tittel: Status for handlingsplanen\n", deep)
    found = [f for f in findings(archive(tmp_path, {CASE3: text})) if f[0] == CASE3]
    assert [f[3] for f in found] == ["E002"]


# -- the model ---------------------------------------------------------------------------------
def test_loaded_case_keeps_values_and_places(example_copy: Path) -> None:
    archive_, _found = load(example_copy)
    case = next(c for c in archive_.cases if c.path.endswith("43-kunnskapsloft-for-kommunene.md"))
    assert str(case.number) == "43/5/2021"
    assert case.types == ("Orienteringssak", "Diskusjonssak", "Vedtakssak")
    assert case.saksbehandler == ("Ina Dahlsveen", "Henrietta Blankson")
    assert [a.index for a in case.vedlegg] == [1, 2]
    assert [str(r.case) for r in case.tidligere_behandlet] == [
        "31/2/2020",
        "53/5/2020",
        "22/3/2021",
    ]
    assert case.til == "HO21-rådet" and case.fra == "Ole Johan Borge"  # council defaults
    loc = case.tidligere_behandlet[0].location
    assert (loc.line, loc.column) == (11, 23)
    assert case.section("Forslag til vedtak") is not None


def test_example_referat_sections_in_agenda_order(example_copy: Path) -> None:
    archive_, _found = load(example_copy)
    (referat,) = archive_.referats.values()
    assert [str(s.ref.case) for s in referat.sections] == [f"{n}/4/2021" for n in range(27, 38)]
    assert all(s.vedtak for s in referat.sections)
    erlend = next(p for p in referat.tilstede if p.navn == "Erlend Smeland")
    assert str(erlend.til_og_med.case) == "33/4/2021"
