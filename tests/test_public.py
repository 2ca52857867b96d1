"""Public versions: no text of an exempt case reaches any public output, in any format, and
marking a case exempt rebuilds every public document that shows it (also the minutes
attached to a later meeting's packet)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from pypdf import PdfReader

from tests.test_build import run
from tests.test_documents import make_exempt

# case 33/4/2021 in the minutes of meeting 4/2021: its record and its decision
RECORD = "Towards the European Health Data Space"
VEDTAK = "ber HOD ta med seg innspillene"


def output_text(path: Path) -> str:
    """What a reader of an output sees, flattened: PDF page text, DOCX paragraphs and
    tables, HTML source."""
    if path.suffix == ".pdf":
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        text = " ".join(page.extract_text() for page in reader.pages)
    elif path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        text = " ".join([p.text for p in document.paragraphs] + cells)
    else:
        text = path.read_text(encoding="utf-8")
    return " ".join(text.split())


def public_outputs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "build").glob("*/offentlig/*") if p.is_file())


def test_exempt_minutes_stay_out_of_every_public_output(root):
    assert run(root, public=True).failures == []
    packet = root / "build/2021-5/offentlig/sakspapirer-5-2021.pdf"
    assert RECORD in output_text(packet)  # case 33 is public so far: its record is shown

    make_exempt(root, 33)
    report = run(root, public=True)
    assert report.failures == []
    # marking the case exempt rebuilds what shows it: the minutes and the packet they are in
    assert set(report.built) == {
        "build/2021-4/offentlig/referat-4-2021.docx",
        "build/2021-4/offentlig/referat-4-2021.pdf",
        "build/2021-4/offentlig/referat-4-2021.html",
        "build/2021-5/offentlig/sakspapirer-5-2021.pdf",
    }
    outputs = public_outputs(root)
    assert len(outputs) == 3 * 11 + 1 + 3  # notice and 10 papers, packet, minutes
    for path in outputs:
        text = output_text(path)
        assert RECORD not in text and VEDTAK not in text, path.name
    for path in (packet, root / "build/2021-4/offentlig/referat-4-2021.pdf"):
        text = output_text(path)
        assert "Sak 33/4/21 Europeisk samarbeid om helsedata" in text
        assert "Unntatt offentlighet: offl. § 14" in text
    # the internal versions keep the full record
    assert RECORD in output_text(root / "build/2021-5/sakspapirer-5-2021.pdf")
