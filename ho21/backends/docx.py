"""Finishing a DOCX pandoc wrote: the running header, the title in the document properties,
and table rows that are not split across pages.

The reference document's header holds the marker `HO21-HEADER`; it is replaced by the
document's header text ("Saksframlegg Møte 5/2021"), so the header's look stays in
`templates/reference.docx`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MARKER = "HO21-HEADER"


def finish(path: Path, header: str, title: str) -> None:
    """Rewrite the DOCX at `path` in place (it is a temporary file of the build)."""
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            name = info.filename
            if name.startswith("word/header") and name.endswith(".xml"):
                data = data.replace(MARKER.encode(), escape(header).encode("utf-8"))
            elif name == "docProps/core.xml":
                data = _set_title(data, title)
            elif name == "word/document.xml":
                data = keep_rows_whole(data)
            zout.writestr(info, data)


def _set_title(core: bytes, title: str) -> bytes:
    text = core.decode("utf-8")
    value = f"<dc:title>{escape(title)}</dc:title>"
    if "<dc:title" in text:
        text = re.sub(r"<dc:title>.*?</dc:title>|<dc:title\s*/>", value, text, flags=re.DOTALL)
    else:
        text = text.replace("</cp:coreProperties>", value + "</cp:coreProperties>")
    return text.encode("utf-8")


_ROW = re.compile(rb"<w:tr>(?:<w:trPr\s*/>|(<w:trPr>))?")


def keep_rows_whole(document: bytes) -> bytes:
    """Every table row gets `cantSplit`, so Word moves a row to the next page rather than
    splitting it, as the PDF does; Word still breaks a row taller than a page. (pandoc writes
    bare `<w:tr>` elements, a header row with `<w:trPr><w:tblHeader/>`; `cantSplit` comes
    first in `trPr`.)"""

    def row(match: re.Match[bytes]) -> bytes:
        rest = b"" if match[1] else b"</w:trPr>"
        return b"<w:tr><w:trPr><w:cantSplit/>" + rest

    return _ROW.sub(row, document)
