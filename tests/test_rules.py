"""One folder per finding under tests/rules/: inputs laid over the base archive, and what check says.

Each folder holds `files/` (paths as in the archive; they replace or add files of the base
archive of conftest.py), an optional `remove.txt` (base files to delete), and `expected.txt`:
the exact lines `ho21 check` prints, `path:line:col: severity CODE message`. Lines starting
with `#` in expected.txt are comments. The base archive itself is clean, so every line is
caused by the folder's change, and no finding beyond those lines may appear.

After a deliberate change of a message, rewrite the snapshots with
`HO21_UPDATE_EXPECTED=1 pytest tests/test_rules.py` and review the diff line by line: a
snapshot only proves something if a person checked that each line:column is the offending text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ho21 import diagnostics, parallel
from ho21.checker import check
from ho21.diagnostics import CODES, format_text

RULES = Path(__file__).parent / "rules"
FOLDERS = sorted(p for p in RULES.iterdir() if p.is_dir())
UPDATE = os.environ.get("HO21_UPDATE_EXPECTED") == "1"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>[EW]\d{3}) "
)


def _overlay(folder: Path) -> dict[str, str | bytes | None]:
    files: dict[str, str | bytes | None] = {}
    inputs = folder / "files"
    if inputs.is_dir():
        for path in sorted(inputs.rglob("*")):
            if path.is_file():
                files[path.relative_to(inputs).as_posix()] = path.read_bytes()
    remove = folder / "remove.txt"
    if remove.is_file():
        for rel in remove.read_text(encoding="utf-8").split():
            files[rel] = None
    return files


def _expected(folder: Path) -> tuple[list[str], list[str]]:
    """(comment lines, finding lines) of expected.txt."""
    path = folder / "expected.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    comments = [line for line in lines if line.startswith("#")]
    return comments, [line for line in lines if line and not line.startswith("#")]


def _run(tmp_path: Path, archive, folder: Path) -> list[str]:
    root = archive(tmp_path, _overlay(folder))
    _archive, found = check(root)
    return format_text(found).splitlines()


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "parallel"])
@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_rule(folder: Path, jobs: int, tmp_path: Path, archive, monkeypatch) -> None:
    """The folder's findings, exactly; the same when the files are read by two processes
    (each runs the rules about its own files: nothing may depend on which one)."""
    monkeypatch.setenv("HO21_JOBS", str(jobs))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    actual = _run(tmp_path, archive, folder)
    comments, expected = _expected(folder)
    if UPDATE and jobs == 1:
        text = "\n".join(comments + actual) + "\n"
        (folder / "expected.txt").write_text(text, encoding="utf-8")
        pytest.skip("expected.txt rewritten")
    assert actual == expected
    code = folder.name.split("_", 1)[0]
    assert any(f" {code} " in line for line in expected), f"{folder.name} never shows {code}"


def test_every_code_has_a_folder() -> None:
    """Every code of the contract is shown firing by at least one folder's expected.txt."""
    shown = {m["code"] for f in FOLDERS for line in _expected(f)[1] if (m := LINE.match(line))}
    missing = sorted(set(CODES) - diagnostics.BUILD_ONLY - shown)
    assert not missing, f"no tests/rules folder shows {missing}"


def test_expected_lines_point_inside_the_file(tmp_path: Path, archive) -> None:
    """Every expected line:column lies inside the file it names (a cheap guard on snapshots)."""
    for folder in FOLDERS:
        root = archive(tmp_path / folder.name, _overlay(folder))
        for line in _expected(folder)[1]:
            m = LINE.match(line)
            assert m, f"{folder.name}: malformed expected line {line!r}"
            data = (root / m["path"]).read_bytes()
            text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n")
            row, col = int(m["line"]), int(m["col"])
            assert 1 <= row <= max(len(text), 1), line
            assert 1 <= col <= len(text[row - 1]) + 1, line


def test_base_archive_is_clean(tmp_path: Path, archive) -> None:
    """The base archive every folder starts from gives no finding at all."""
    _archive, found = check(archive(tmp_path, {}))
    assert found == []


def test_example_archive_has_no_errors(example_copy: Path) -> None:
    """The shipped example: no errors, and the 11 references before 4/2021 as W202."""
    _archive, found = check(example_copy)
    assert [d for d in found if d.is_error] == []
    assert {d.code for d in found} == {"W202"}
    assert len(found) == 11


def test_severity_follows_the_code_table() -> None:
    """A code's first letter and its severity agree: E is an error, W a warning."""
    for code, (severity, _meaning) in CODES.items():
        expected = diagnostics.Severity.ERROR if code[0] == "E" else diagnostics.Severity.WARNING
        assert severity is expected, code
