"""Which folders are years and which files of a year are read: a folder that is not four
digits is looked into for misplaced files (W107) and never read as a year; a README, notes
or an editor's hidden lock file beside the cases is left alone; a link that leads nowhere or
a folder that cannot be listed is E001; W107 never suggests replacing the file ho21 reads."""

from __future__ import annotations

import os
from pathlib import Path

from ho21 import discovery
from ho21.checker import check


def findings(root: Path) -> list[tuple[str, int, int, str, str]]:
    _archive, found = check(root, jobs=1)
    return [(d.location.path, d.location.line, d.location.column, d.code, d.message) for d in found]


# -- year folders ----------------------------------------------------------------------------
def test_folders_that_are_not_years_are_looked_into_not_read(tmp_path: Path, archive) -> None:
    root = archive(
        tmp_path,
        {
            "cases/maler/README.md": "# Maler\n",
            "meetings/arkiv/README.md": "# Arkiv\n",
        },
    )
    case = (root / "cases/2022/7-oppfolging.md").read_text()
    (root / "cases/arkiv").mkdir()
    (root / "cases/arkiv/7-x.md").write_text(case)
    (root / "meetings/arkiv/2.yaml").write_text((root / "meetings/2022/2.yaml").read_text())
    assert findings(root) == [
        (
            "cases/arkiv/7-x.md",
            1,
            1,
            "W107",
            "this file is not read (a case is read from cases/<year>/<n>-<slug>.md); "
            "move it to cases/2022/7-x.md",
        ),
        (
            "meetings/arkiv/2.yaml",
            1,
            1,
            "W107",
            "this file is not read (a meeting is read from meetings/<year>/<m>.yaml); "
            "meetings/2022/2.yaml is the meeting file ho21 reads",
        ),
    ]


def test_year_folder_link_to_nothing_is_e001(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {})
    os.symlink("/nonexistent", root / "cases/2026")
    os.symlink("/nonexistent", root / "meetings/2024")
    message = "cannot read folder: it is a symbolic link to '/nonexistent', which does not exist"
    assert findings(root) == [
        ("cases/2026", 1, 1, "E001", message),
        ("meetings/2024", 1, 1, "E001", message),
    ]


def test_folder_below_a_stray_folder_that_cannot_be_listed_is_e001(
    tmp_path: Path, archive, monkeypatch
) -> None:
    root = archive(tmp_path, {"cases/2022/arkiv/gammelt/7-x.md": "---\nsak: 7/2/2022\n---\n"})
    real_scandir = os.scandir
    denied = os.fspath(root / "cases/2022/arkiv/gammelt")

    def scandir(path):
        if os.fspath(path) == denied:
            raise PermissionError(13, "Permission denied", denied)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(discovery.os, "scandir", scandir)
    assert findings(root) == [
        ("cases/2022/arkiv/gammelt", 1, 1, "E001", "cannot read folder: Permission denied")
    ]


# -- the files of a year ---------------------------------------------------------------------
def test_readme_notes_and_hidden_files_beside_the_cases_are_left_alone(
    tmp_path: Path, archive
) -> None:
    root = archive(
        tmp_path,
        {
            "cases/2022/README.md": "# Saker i 2022\n",
            "cases/2022/notater.md": "Notater fra møtet.\n",
            "meetings/2022/README.md": "# Møter\n",
        },
    )
    # emacs' lock files: links to "user@host.pid:time", which lead nowhere
    os.symlink("root@host.1:1", root / "cases/2022/.#7-oppfolging.md")
    os.symlink("root@host.1:1", root / "meetings/2022/.#2.yaml")
    os.symlink("root@host.1:1", root / "meetings/2022/.#2.referat.md")
    assert findings(root) == []


def test_a_case_named_without_its_number_is_still_read(tmp_path: Path, archive, base_files) -> None:
    text = base_files["cases/2022/7-oppfolging.md"]
    root = archive(tmp_path, {"cases/2022/7-oppfolging.md": None, "cases/2022/oppfolging.md": text})
    found = findings(root)
    assert [f[3:] for f in found if f[0] == "cases/2022/oppfolging.md"] == [
        ("W106", "file name oppfolging.md does not start with the running number 7-")
    ]
    assert all(f[3] != "E104" for f in found)  # the case is read: no gap where it stands


# -- W107 never suggests replacing the file ho21 reads ---------------------------------------
def test_w107_says_when_the_file_it_belongs_in_is_there(tmp_path: Path, archive) -> None:
    root = archive(
        tmp_path,
        {
            "meetings/2022/deltakere.yml": "mote: 2/2022\ndato: 2022-04-05\n",
            "meetings/2022/1-notater.md": "---\nmote: 1/2022\n---\n",
        },
    )
    assert findings(root) == [
        (
            "meetings/2022/1-notater.md",
            1,
            1,
            "W107",
            "this file is not read (minutes are read from meetings/<year>/<m>.referat.md); "
            "meetings/2022/1.referat.md is the minutes ho21 reads",
        ),
        (
            "meetings/2022/deltakere.yml",
            1,
            1,
            "W107",
            "this file is not read (a meeting is read from meetings/<year>/<m>.yaml); "
            "meetings/2022/2.yaml is the meeting file ho21 reads",
        ),
    ]
