"""Where a case's attachment lives: a file inside the repository, or refused.

One Resolver serves one run of `check` or `build`. Paths are normalised as text first; the
file system is asked only whether a directory on the way is a symbolic link (once per
directory), and only a link is resolved, so a link that leads out of the repository is caught
without a realpath of every attachment.
"""

from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path
from typing import NamedTuple

SUPPORTED = (".md", ".pdf", ".docx")


class Found(NamedTuple):
    path: str  # the real path, inside the repository
    is_file: bool  # a regular file (or a link to one) is there


class Resolver:
    def __init__(self, root: Path | str):
        self.root = os.path.realpath(root)
        self._dirs: dict[str, str] = {"": self.root}

    def _real_dir(self, rel_dir: str) -> str:
        real = self._dirs.get(rel_dir)
        if real is None:
            parent, name = posixpath.split(rel_dir)
            full = os.path.join(self._real_dir(parent), name)
            real = os.path.realpath(full) if os.path.islink(full) else full
            self._dirs[rel_dir] = real
        return real

    def _inside(self, path: str) -> bool:
        return path == self.root or path.startswith(self.root + os.sep)

    def find(self, case_path: str, fil: str) -> Found | None:
        """Where `fil`, written in the case file `case_path` (relative to the root), really is,
        or None when it leaves the repository: absolute, `..` past the root, or a link out."""
        if not fil or fil.startswith("/") or "\\" in fil or ":" in fil.split("/")[0]:
            return None
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(case_path), fil))
        if rel == ".." or rel.startswith("../"):
            return None
        folder, name = posixpath.split(rel)
        real_folder = self._real_dir(folder)
        if not self._inside(real_folder):
            return None
        full = os.path.join(real_folder, name)
        try:
            mode = os.lstat(full).st_mode  # one system call tells a link, a file, or nothing
        except OSError:
            return Found(full, False)
        if not stat.S_ISLNK(mode):
            return Found(full, stat.S_ISREG(mode))
        full = os.path.realpath(full)
        return Found(full, os.path.isfile(full)) if self._inside(full) else None

    def relative(self, path: str) -> str:
        """A path this resolver found, relative to the root."""
        return Path(path).relative_to(self.root).as_posix()


class UnusablePdf(Exception):
    """An attached PDF that cannot be included; the message says why (E504)."""


def pdf_pages(path: Path | str) -> int:
    """The number of pages of an attached PDF, opened strictly with every page touched, so
    that what `check` accepts the packet can include. pypdf is imported only here."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path, strict=True)
        if reader.is_encrypted:
            raise UnusablePdf("is encrypted; attach an unprotected copy")
        for page in reader.pages:
            page.mediabox  # noqa: B018 - parses the page object: a broken page fails here
        pages = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnusablePdf(f"cannot be opened: {exc or type(exc).__name__}") from None
    if pages == 0:
        raise UnusablePdf("has no pages")
    return pages
