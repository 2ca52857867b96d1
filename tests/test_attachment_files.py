"""What `check` says of an attachment file is what the packet says: both open it the same
way (ho21.attachments), so `check` passes no attachment that `build` then rejects."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from ho21 import attachments, render
from ho21.backends import packet
from ho21.checker import check
from ho21.model import MeetingId

CASE7 = "cases/2022/7-oppfolging.md"
NOTAT = "cases/2022/7-oppfolging/notat.md"
M2 = MeetingId(2022, 2)
REPO = Path(__file__).resolve().parent.parent


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _with_attachment(base_files, name: str) -> str:
    return base_files[CASE7].replace("fil: 7-oppfolging/notat.md", f"fil: 7-oppfolging/{name}")


def check_and_packet(root: Path) -> tuple[list[tuple], list[tuple]]:
    """The case's findings from check, and the packet's failures, as (line, col, code, message)."""
    archive, found = check(root, jobs=1)
    from_check = [
        (d.location.line, d.location.column, d.code, d.message)
        for d in found
        if d.location.path == CASE7
    ]
    if not (root / "templates").exists():
        shutil.copytree(REPO / "templates", root / "templates")
    _parts, failures = packet.parts(render.environment(root), root, archive, M2, False)
    from_packet = [(f.location.line, f.location.column, f.code, f.message) for f in failures]
    return from_check, from_packet


UNUSABLE = [
    (
        "notat.md",
        "Br\xe6kke\n".encode("latin-1"),
        "E001",
        "attachment '7-oppfolging/notat.md' is not UTF-8: byte 0xe6 on line 1 cannot be "
        "decoded; save it as UTF-8",
    ),
    (
        "x.docx",
        b"not a zip",
        "E503",
        "attachment '7-oppfolging/x.docx' is not a valid DOCX file",
    ),
    (
        "x.docx",
        _zip({"readme.txt": b"a zip, but no Word document"}),
        "E503",
        "attachment '7-oppfolging/x.docx' is not a valid DOCX file",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "code", "message"), UNUSABLE, ids=["latin1", "text", "zip"]
)
def test_check_says_what_the_packet_says(
    tmp_path: Path, archive, base_files, name, data, code, message
) -> None:
    root = archive(
        tmp_path,
        {CASE7: _with_attachment(base_files, name), f"cases/2022/7-oppfolging/{name}": data},
    )
    from_check, from_packet = check_and_packet(root)
    assert from_check == [(8, 10, code, message)]  # the fil: value
    assert from_packet == from_check


def test_a_real_docx_passes(tmp_path: Path, archive, base_files) -> None:
    docx = _zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"})
    root = archive(
        tmp_path,
        {CASE7: _with_attachment(base_files, "x.docx"), "cases/2022/7-oppfolging/x.docx": docx},
    )
    assert check_and_packet(root) == ([], [])


def test_unreadable_attachment_is_e001_not_missing(tmp_path: Path, archive, monkeypatch) -> None:
    """A file or folder that cannot be read (here: the open and the lookup are refused, as
    without permission) is E001 'cannot be read', in check and packet alike; not 'does not
    exist' (E501), nor nothing at all."""
    root = archive(tmp_path, {})
    denied = os.fspath(root / NOTAT)
    real_open, real_lstat = open, os.lstat

    def refuse(path, *args, **kwargs):
        if os.fspath(path).endswith(denied):
            raise PermissionError(13, "Permission denied", os.fspath(path))

    def guarded_open(path, *args, **kwargs):
        refuse(path)
        return real_open(path, *args, **kwargs)

    def guarded_lstat(path, *args, **kwargs):
        refuse(path)
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(attachments, "open", guarded_open, raising=False)
    monkeypatch.setattr(attachments.os, "lstat", guarded_lstat)
    from_check, from_packet = check_and_packet(root)
    expected = (
        8,
        10,
        "E001",
        "attachment '7-oppfolging/notat.md' cannot be read: Permission denied",
    )
    assert from_check == [expected]
    assert from_packet == [expected]
