"""Attachments: the file exists inside the repository, is of a kind ho21 can include, and opens."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ho21.diagnostics import Diagnostic, at
from ho21.model import Archive, Attachment, Case

SUPPORTED = (".md", ".pdf", ".docx")


def attachment_path(root: Path, case: Case, attachment: Attachment) -> Path | None:
    """The absolute path of a file attachment, or None when it would leave the repository."""
    fil = attachment.fil or ""
    if PurePosixPath(fil).is_absolute() or "\\" in fil or ":" in fil.split("/")[0]:
        return None
    folder = (root / case.path).parent
    resolved = Path(os.path.realpath(folder / fil))
    real_root = Path(os.path.realpath(root))
    if resolved != real_root and real_root not in resolved.parents:
        return None
    return resolved


def pdf_problem(path: Path) -> str | None:
    """Why a PDF cannot be included, or None when it opens. pypdf is imported only here."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path, strict=True)
        if reader.is_encrypted:
            return "is encrypted; attach an unprotected copy"
        if len(reader.pages) == 0:
            return "has no pages"
        reader.pages[0].mediabox  # noqa: B018 - parses the first page object
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"cannot be opened: {exc or type(exc).__name__}"
    return None


def files(archive: Archive) -> Iterator[Diagnostic]:
    """E501, E502, E503, E504 for every `fil:` attachment; E501 for minutes not yet written."""
    root = Path(archive.root)
    for case in archive.cases:
        for attachment in case.vedlegg:
            if attachment.referat is not None:
                if (
                    attachment.referat in archive.meetings
                    and attachment.referat not in archive.referats
                ):
                    yield at(
                        attachment.referat_ref.location
                        if attachment.referat_ref
                        else attachment.location,
                        "E501",
                        f"vedlegg {attachment.index}: the minutes of {attachment.referat} are "
                        f"not written (meetings/{attachment.referat.year}/"
                        f"{attachment.referat.m}.referat.md)",
                    )
                continue
            if not attachment.fil:
                continue
            where = attachment.fil_location or attachment.location
            path = attachment_path(root, case, attachment)
            if path is None:
                yield at(
                    where,
                    "E502",
                    f"'{attachment.fil}' leaves the repository; attachments live beside the case",
                )
                continue
            suffix = path.suffix.lower()
            if suffix not in SUPPORTED:
                yield at(
                    where,
                    "E503",
                    f"'{attachment.fil}': {suffix or 'no extension'} is not supported "
                    f"({', '.join(SUPPORTED)})",
                )
                continue
            if not path.is_file():
                yield at(where, "E501", f"attachment file '{attachment.fil}' does not exist")
                continue
            if suffix == ".pdf":
                problem = pdf_problem(path)
                if problem:
                    yield at(where, "E504", f"PDF '{attachment.fil}' {problem}")


RULES = [files]
