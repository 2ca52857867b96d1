"""An attachment written `fil:` that is a folder is E501 saying so, not 'does not exist'."""

from __future__ import annotations

from pathlib import Path

from ho21.checker import check


def test_attachment_that_is_a_folder_says_so(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {})
    (root / "cases/2022/3-status/notat.md").unlink()
    (root / "cases/2022/3-status/notat.md").mkdir()
    _archive, found = check(root, jobs=1)
    assert [(d.location.path, d.code, d.message) for d in found] == [
        (
            "cases/2022/3-status.md",
            "E501",
            "attachment '3-status/notat.md' is a folder, not a file",
        )
    ]
