"""PDF without TeX: typst compiles the typst source ho21 assembles; pypdf inspects attachments."""

from __future__ import annotations

import os
from pathlib import Path


class PdfFailure(Exception):
    """typst could not compile a document, or an attached PDF cannot be used."""


def source_date() -> int | None:
    """SOURCE_DATE_EPOCH, for reproducible PDFs (the creation date typst writes); None (now)
    when it is not set or not a number of seconds."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


class Typst:
    """One typst compiler reused for every document of a build (fonts load once).

    The compiler's root is the archive: sources import `/templates/style.typ` and include PDF
    attachments by their root-relative path; nothing outside the archive can be read.
    """

    def __init__(self, root: Path) -> None:
        import typst

        fonts = root / "templates" / "fonts"
        kwargs = {"font_paths": [str(fonts)]} if fonts.is_dir() else {}
        self._error = typst.TypstError
        self._compiler = typst.Compiler(root=str(root), **kwargs)

    def compile(self, source: str, outline: bool = False) -> bytes:
        """The PDF; with `outline`, it opens with the bookmark panel shown."""
        try:
            out = self._compiler.compile(
                input=source.encode("utf-8"), format="pdf", timestamp=source_date()
            )
        except self._error as exc:
            message = str(exc).strip().splitlines()
            raise PdfFailure("typst: " + (message[0] if message else "compile failed")) from None
        if not isinstance(out, bytes):
            raise PdfFailure("typst returned no PDF")
        return _open_with_outline(out) if outline else out


def _open_with_outline(pdf: bytes) -> bytes:
    """The same PDF with /PageMode /UseOutlines in its catalogue (typst has no setting for it)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
