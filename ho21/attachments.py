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

from ho21 import conflicts

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
        except (FileNotFoundError, NotADirectoryError):
            return Found(full, False)
        except OSError:  # a folder on the way cannot be searched: opening it says so (E001)
            return Found(full, True)
        if not stat.S_ISLNK(mode):
            return Found(full, stat.S_ISREG(mode))
        full = os.path.realpath(full)
        return Found(full, os.path.isfile(full)) if self._inside(full) else None

    def relative(self, path: str) -> str:
        """A path this resolver found, relative to the root."""
        return Path(path).relative_to(self.root).as_posix()


class Unusable(Exception):
    """An attachment file that cannot be included in the packet: the code of the finding,
    and what is wrong with it, said after its name (`message`)."""

    def __init__(self, code: str, problem: str):
        super().__init__(problem)
        self.code = code
        self.problem = problem

    def message(self, fil: str) -> str:
        """The finding's message about the attachment written `fil:`; `check` and the
        packet say the same."""
        return f"{'PDF' if self.code == 'E504' else 'attachment'} '{fil}' {self.problem}"


# Each opens the file as the packet uses it, so that what `check` accepts the packet can
# include: `check` calls `usable`, the packet the function for its kind.
def _open(path: Path | str):
    """The file opened for reading; E001 when it cannot be (before a reader calls it corrupt)."""
    try:
        return open(path, "rb")  # the caller closes it (a with block)
    except OSError as exc:
        raise Unusable("E001", f"cannot be read: {exc.strerror or exc}") from None


def _read(path: Path | str) -> bytes:
    with _open(path) as file:
        return file.read()


def markdown(path: Path | str) -> str:
    """A Markdown attachment's text (newlines normalised); E001 if unreadable or not UTF-8,
    E007 if a git merge left its conflict markers in it."""
    data = _read(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise Unusable(
            "E001",
            f"is not UTF-8: byte 0x{data[exc.start]:02x} on line {line} cannot be decoded; "
            "save it as UTF-8",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    found = conflicts.find(text)
    if found:
        raise Unusable("E007", f"holds {found[0].describe()}")
    return text


def docx(path: Path | str) -> None:
    """A DOCX attachment is a zip holding word/document.xml (E503 if not: pandoc could not
    convert it); E001 if unreadable."""
    import zipfile

    with _open(path) as file:
        try:
            with zipfile.ZipFile(file) as archive:
                archive.getinfo("word/document.xml")
        except OSError as exc:
            raise Unusable("E001", f"cannot be read: {exc.strerror or exc}") from None
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError):
            raise Unusable("E503", "is not a valid DOCX file") from None


def pdf_pages(path: Path | str) -> int:
    """The number of pages of an attached PDF, opened strictly with every page touched
    (E504 if it cannot be: corrupt, encrypted, no pages; E001 if unreadable). pypdf is
    imported only here."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with _open(path) as file:
        try:
            reader = PdfReader(file, strict=True)
            if reader.is_encrypted:
                raise Unusable("E504", "is encrypted; attach an unprotected copy")
            for page in reader.pages:
                page.mediabox  # noqa: B018 - parses the page object: a broken page fails here
            pages = len(reader.pages)
        except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise Unusable("E504", f"cannot be opened: {exc or type(exc).__name__}") from None
    if pages == 0:
        raise Unusable("E504", "has no pages")
    return pages


def locate(resolver: Resolver, case_path: str, fil: str) -> tuple[str, str]:
    """Where the attachment written `fil:` in the case file `case_path` (relative to the
    root) really is, and its kind, a SUPPORTED suffix; Unusable when it cannot be included:
    E502 outside the repository, E503 of a kind ho21 cannot include, E501 not there."""
    found = resolver.find(case_path, fil)
    if found is None:
        raise Unusable("E502", "leaves the repository; attachments live beside the case")
    suffix = os.path.splitext(found.path)[1].lower().rstrip(".")  # "x." has none
    if suffix not in SUPPORTED:
        kind = f"the extension {suffix}" if suffix else "no extension"
        raise Unusable("E503", f"has {kind}; ho21 includes {', '.join(SUPPORTED)} files")
    if not found.is_file:
        raise Unusable(
            "E501", "is a folder, not a file" if os.path.isdir(found.path) else "does not exist"
        )
    return found.path, suffix


_OPENERS = {".md": markdown, ".pdf": pdf_pages, ".docx": docx}


def usable(path: Path | str, suffix: str) -> None:
    """Raises Unusable when the attachment (of a SUPPORTED suffix) cannot be included."""
    _OPENERS[suffix](path)
