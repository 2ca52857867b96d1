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


@pytest.mark.parametrize(
    ("fil", "code", "message"),
    [
        ("7-oppfolging/mangler.md", "E501", "attachment '7-oppfolging/mangler.md' does not exist"),
        (
            "../../../etc/passwd",
            "E502",
            "attachment '../../../etc/passwd' leaves the repository; attachments live beside "
            "the case",
        ),
        (
            "7-oppfolging/notat.txt",
            "E503",
            "attachment '7-oppfolging/notat.txt' has the extension .txt; ho21 includes .md, "
            ".pdf, .docx files",
        ),
    ],
    ids=["missing", "outside", "kind"],
)
def test_check_and_the_packet_place_an_attachment_alike(
    tmp_path: Path, archive, base_files, fil: str, code: str, message: str
) -> None:
    """Where an attachment is, and whether it is of a kind ho21 includes, is decided once
    (attachments.locate): check and the packet built with --force say the same."""
    text = base_files[CASE7].replace("fil: 7-oppfolging/notat.md", f"fil: {fil}")
    from_check, from_packet = check_and_packet(archive(tmp_path, {CASE7: text}))
    assert from_check == [(8, 10, code, message)]
    assert from_packet == from_check


def test_the_packet_names_an_attachment_without_a_file(tmp_path: Path, archive, base_files):
    """Built with --force past its E004: the packet says which attachment names no file (it
    said 'attachment None leaves the archive')."""
    text = base_files[CASE7].replace("    fil: 7-oppfolging/notat.md\n", "")
    _from_check, from_packet = check_and_packet(archive(tmp_path, {CASE7: text}))
    assert from_packet == [(7, 5, "E501", "vedlegg 1 names no file (fil:)")]


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


def test_the_packet_says_which_minutes_to_write(tmp_path: Path, archive) -> None:
    """The approval case attaches minutes not yet written: W505 in check; the packet cannot
    be built without them, and says which file to write, at the case's `referat:` value."""
    root = archive(tmp_path, {"meetings/2022/1.referat.md": None})
    archive_, found = check(root, jobs=1)
    assert [d.code for d in found] == ["W505"]
    if not (root / "templates").exists():
        shutil.copytree(REPO / "templates", root / "templates")
    _parts, failures = packet.parts(render.environment(root), root, archive_, M2, False)
    assert [(f.location, f.code, f.message) for f in failures] == [
        (
            found[0].location,
            "E501",
            "there are no minutes of meeting 1/2022 yet: write meetings/2022/1.referat.md",
        )
    ]
