"""Files ho21 writes get the permissions of any new file under the user's umask: the build's
outputs (DOCX as much as PDF and HTML), its manifest, and the files the authoring commands
create."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from typer.testing import CliRunner

from ho21.cli import app
from ho21.files import atomic_write
from tests.test_build import run
from tests.test_documents import copy_example


@contextlib.contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_write_follows_the_umask(tmp_path):
    for mask, expected in ((0o022, 0o644), (0o002, 0o664), (0o077, 0o600)):
        target = tmp_path / f"file-{mask:o}"
        with umask(mask):
            atomic_write(target, b"x")
            atomic_write(target, b"y")  # replacing keeps the umask's permissions too
        assert mode(target) == expected, oct(mask)


def test_every_output_and_the_manifest_follow_the_umask(tmp_path):
    root = copy_example(tmp_path)
    with umask(0o002):
        report = run(root)
    assert report.failures == []
    files = [
        p for p in (root / "build").rglob("*") if p.is_file() and ".jinja-cache" not in p.parts
    ]
    assert {p.suffix for p in files} == {".docx", ".pdf", ".html", ".json"}
    assert {p.name: oct(mode(p)) for p in files if mode(p) != 0o664} == {}


def test_a_new_case_file_follows_the_umask(tmp_path):
    root = copy_example(tmp_path)
    with umask(0o002):
        result = CliRunner().invoke(
            app,
            ["new-case", "--meeting", "5/2021", "--title", "Ny sak", "--type", "Orienteringssak",
             "--saksbehandler", "Ina Dahlsveen"],
            env={"HO21_ROOT": str(root)},
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    created = root / result.output.strip().splitlines()[-1]
    assert created.is_file() and mode(created) == 0o664


def test_replacing_a_file_keeps_its_permissions(tmp_path):
    private, script = tmp_path / "private.md", tmp_path / "script.md"
    for path, own in ((private, 0o600), (script, 0o755)):
        path.write_bytes(b"old")
        path.chmod(own)
        with umask(0o022):
            atomic_write(path, b"new")
        assert (path.read_bytes(), mode(path)) == (b"new", own)


def test_a_link_is_replaced_never_followed(tmp_path):
    """A build writes its output over a link in build/, never to where the link points
    (which may be outside the archive); the authoring commands resolve links themselves."""
    target = tmp_path / "elsewhere.pdf"
    target.write_bytes(b"not ho21's")
    link = tmp_path / "sak-41-5-2021.pdf"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert target.read_bytes() == b"not ho21's"
