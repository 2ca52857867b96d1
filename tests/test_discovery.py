"""Finding the archive's files: what cannot be read is E001 at its path, never a traceback;
a case, meeting or minutes file in the wrong place or under the wrong name is W107."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ho21 import discovery
from ho21.checker import check

REPO = Path(__file__).resolve().parent.parent


def findings(root: Path) -> list[tuple[str, int, int, str, str]]:
    _archive, found = check(root, jobs=1)
    return [(d.location.path, d.location.line, d.location.column, d.code, d.message) for d in found]


def codes(root: Path) -> set[tuple[str, str]]:
    return {(path, code) for path, _l, _c, code, _m in findings(root)}


# -- links that loop or lead nowhere -----------------------------------------------------------
def test_case_file_link_that_loops_is_e001(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {})
    os.symlink("9-loop.md", root / "cases/2022/9-loop.md")
    assert findings(root) == [
        (
            "cases/2022/9-loop.md",
            1,
            1,
            "E001",
            "cannot read file: Too many levels of symbolic links",
        )
    ]


@pytest.mark.parametrize("folder", ["cases/2099", "meetings/2099"])
def test_year_folder_link_that_loops_is_e001(tmp_path: Path, archive, folder: str) -> None:
    root = archive(tmp_path, {})
    os.symlink("2099", root / folder)
    assert [f[:4] for f in findings(root)] == [(folder, 1, 1, "E001")]


def test_dangling_case_link_is_e001_naming_its_target(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {})
    os.symlink("borte.md", root / "cases/2022/9-ny.md")
    assert findings(root) == [
        (
            "cases/2022/9-ny.md",
            1,
            1,
            "E001",
            "cannot read file: it is a symbolic link to 'borte.md', which does not exist",
        )
    ]


def test_folder_named_like_a_case_is_e001(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {})
    (root / "cases/2022/9-ny.md").mkdir()
    assert [f[:4] for f in findings(root)] == [("cases/2022/9-ny.md", 1, 1, "E001")]


# -- folders that cannot be listed -------------------------------------------------------------
@pytest.mark.parametrize("folder", ["cases/2022", "meetings/2022", "cases", "meetings"])
def test_folder_that_cannot_be_listed_is_e001(
    tmp_path: Path, archive, monkeypatch, folder: str
) -> None:
    root = archive(tmp_path, {})
    real_scandir = os.scandir
    denied = os.fspath(root / folder)

    def scandir(path):
        if os.fspath(path) == denied:
            raise PermissionError(13, "Permission denied", denied)
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    found = findings(root)
    # one problem, one finding: not also the references to its cases or meetings (E201,
    # E205), the meetings without their cases or files (E103, W602, E401/E402) or gaps (E104)
    assert found == [(folder, 1, 1, "E001", "cannot read folder: Permission denied")]


def _without_read_permission(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the command so that file permissions bind, as root too (root ignores them unless
    the capabilities that override them are dropped)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("HO21_ROOT", None)
    if os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search"
        args = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", "--", *args]
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root without setpriv"
)
def test_unreadable_folders_for_real(tmp_path: Path, archive) -> None:
    """The console command on folders without permission: E001 each, exit 1, no traceback."""
    root = archive(tmp_path, {})
    os.chmod(root / "cases/2022", 0)
    os.chmod(root / "meetings/2022", 0)
    try:
        result = _without_read_permission([sys.executable, "-m", "ho21", "check"], root)
    finally:
        os.chmod(root / "cases/2022", 0o755)
        os.chmod(root / "meetings/2022", 0o755)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "cases/2022:1:1: error E001 cannot read folder: Permission denied",
        "meetings/2022:1:1: error E001 cannot read folder: Permission denied",
        "Found 2 errors and 0 warnings.",
    ]


@pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root without setpriv"
)
@pytest.mark.parametrize("folder", ["cases/2022", "meetings/2022"])
def test_one_unreadable_year_folder_for_real_is_one_finding(
    tmp_path: Path, archive, folder: str
) -> None:
    """The cases are read without the meetings, or the meetings and minutes without the
    cases: no case is said to be of a meeting without a file, no reference unknown, and no
    meeting or minutes without their cases."""
    root = archive(tmp_path, {})
    os.chmod(root / folder, 0)
    try:
        result = _without_read_permission([sys.executable, "-m", "ho21", "check"], root)
    finally:
        os.chmod(root / folder, 0o755)
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"{folder}:1:1: error E001 cannot read folder: Permission denied",
        "Found 1 error and 0 warnings.",
    ]


# -- files ho21 does not read ------------------------------------------------------------------
def test_attachments_are_not_taken_for_cases(tmp_path: Path, archive) -> None:
    """.md attachments in a case's folder, even one that names a case, are not W107."""
    attachment = "---\nsak: 3/1/2022\n---\n\nEt vedlegg som siterer en sak.\n"
    root = archive(tmp_path, {"cases/2022/3-status/notat.md": attachment})
    assert findings(root) == []


def test_misplaced_file_that_is_no_case_is_left_alone(tmp_path: Path, archive) -> None:
    root = archive(
        tmp_path,
        {
            "cases/README.md": "# Saker\n\nHer ligger sakene.\n",
            "cases/2022/gammelt/notat.md": "Et notat.\n",
            "meetings/2022/plan.yml": "plan: ingen\n",
        },
    )
    assert findings(root) == []


def test_misplaced_case_without_a_number_still_says_where_cases_go(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {"cases/ny.md": "---\nsak:\ntittel: Ny\n---\n"})
    assert findings(root) == [
        (
            "cases/ny.md",
            1,
            1,
            "W107",
            "this file is not read (a case is read from cases/<year>/<n>-<slug>.md); "
            "move it to cases/<year>/ny.md",
        )
    ]
