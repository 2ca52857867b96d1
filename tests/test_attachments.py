"""Attachment paths: symbolic links are followed, and a link out of the repository is E502."""

from __future__ import annotations

import os
from pathlib import Path

from ho21.checker import check

CASE = "cases/2021/43-kunnskapsloft-for-kommunene.md"
FOLDER = "cases/2021/43-kunnskapsloft-for-kommunene"


def _codes(root: Path) -> list[tuple[str, str]]:
    _archive, found = check(root)
    return [(d.code, d.location.path) for d in found if d.code.startswith("E5")]


def test_example_attachments_resolve(example_copy: Path) -> None:
    assert _codes(example_copy) == []


def test_linked_file_leading_out_is_refused(example_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Hemmelig\n", encoding="utf-8")
    target = example_copy / FOLDER / "ksf-status.md"
    target.unlink()
    os.symlink(secret, target)
    assert _codes(example_copy) == [("E502", CASE)]


def test_linked_folder_leading_out_is_refused(example_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (example_copy / FOLDER).rename(outside)
    os.symlink(outside, example_copy / FOLDER)
    assert _codes(example_copy) == [("E502", CASE), ("E502", CASE)]


def test_link_that_stays_inside_is_followed(example_copy: Path) -> None:
    shared = example_copy / "felles-vedlegg"
    (example_copy / FOLDER).rename(shared)
    os.symlink(shared, example_copy / FOLDER)
    _archive, found = check(example_copy)
    assert [d for d in found if d.is_error] == []


def test_linked_file_that_stays_inside_is_followed(example_copy: Path) -> None:
    target = example_copy / FOLDER / "ksf-status.md"
    moved = example_copy / "felles-status.md"
    target.rename(moved)
    os.symlink(moved, target)
    assert _codes(example_copy) == []


def test_a_folder_or_a_dangling_link_is_no_file(example_copy: Path) -> None:
    target = example_copy / FOLDER / "ksf-status.md"
    target.unlink()
    target.mkdir()
    assert _codes(example_copy) == [("E501", CASE)]
    target.rmdir()
    os.symlink(example_copy / "nowhere.md", target)
    assert _codes(example_copy) == [("E501", CASE)]
