"""The built documents as a reader meets them: DOCX opened with python-docx, PDF with pypdf.

The example archive is copied once per module; one PDF and one DOCX attachment are added to
case 44 so the packet shows both, and the whole archive is built once (internal and public).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from ho21.build import build
from ho21.checker import check
from ho21.model import MeetingId

REPO = Path(__file__).resolve().parent.parent
M4, M5 = MeetingId(2021, 4), MeetingId(2021, 5)
PDF_TEXT = "Innstilling fra arbeidsgruppen"
DOCX_TEXT = "Notat skrevet i Word om samarbeid"


def copy_example(dst: Path) -> Path:
    for name in ("cases", "meetings", "templates"):
        shutil.copytree(REPO / name, dst / name)
    return dst


def make_pdf(path: Path, text: str, pages: int = 2) -> None:
    import typst

    body = "\n#pagebreak()\n".join(f"{text} side {i + 1}" for i in range(pages))
    path.write_bytes(typst.compile(body.encode()))


def make_docx(path: Path, text: str) -> None:
    document = docx.Document()
    document.add_heading("Word-vedlegg", level=1)
    document.add_paragraph(text)
    document.save(str(path))


def add_attachments(root: Path) -> None:
    folder = root / "cases/2021/44-kommunikasjonsplan"
    make_pdf(folder / "innstilling.pdf", PDF_TEXT)
    make_docx(folder / "notat.docx", DOCX_TEXT)
    case = root / "cases/2021/44-kommunikasjonsplan.md"
    text = case.read_text(encoding="utf-8")
    extra = (
        "  - tittel: Innstilling (PDF)\n    fil: 44-kommunikasjonsplan/innstilling.pdf\n"
        "  - tittel: Notat (Word)\n    fil: 44-kommunikasjonsplan/notat.docx\n"
    )
    head, sep, rest = text[4:].partition("\n---\n")  # after the opening ---
    assert "\nvedlegg:" in head
    case.write_text("---\n" + head + "\n" + extra.rstrip("\n") + sep + rest, encoding="utf-8")


def make_exempt(root: Path, n: int = 43) -> None:
    case = next((root / "cases/2021").glob(f"{n}-*.md"))
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\ntittel:", "\noffentlighet: unntatt offl. § 14\ntittel:", 1))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("docs"))
    add_attachments(root)
    make_exempt(root)
    archive, found = check(root)
    assert not [d for d in found if d.is_error], [str(d.location) for d in found if d.is_error]
    for public in (False, True):
        report = build(root, archive, [M5], [M4], public=public, progress=False)
        assert report.failures == [], [str(f) for f in report.failures]
    return root


def pdf(root: Path, rel: str) -> PdfReader:
    return PdfReader(io.BytesIO((root / "build" / rel).read_bytes()), strict=True)


def texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def test_saksframlegg_docx(built):
    document = docx.Document(str(built / "build/2021-5/sak-41-5-2021.docx"))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == (
        "Heading 1",
        "Sak 41/5/2021 Orienteringer og status Handlingsplan for Rådet",
    )
    assert ("Heading 2", "Bakgrunn") in headings and headings[-1] == (
        "Heading 2",
        "Forslag til vedtak",
    )
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert [r[0] for r in rows] == ["Type sak", "Til", "Fra", "Saksbehandler", "Vedlegg"]
    assert rows[4][1].splitlines() == [
        "1.\u00a0Oversikt status aktiviteter",
        "2.\u00a0Brukermedvirkning – definisjon og dimensjoner",
    ]
    assert rows[1][1] == "HO21-rådet" and rows[2][1] == "Ole Johan Borge"
    proposal = [p for p in document.paragraphs if p.style.name == "Forslag til vedtak"]
    assert [p.text for p in proposal] == ["Tas til orientering."]
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Saksframlegg Møte 5/2021"
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert document.core_properties.title.startswith("Sak 41/5/2021")


def test_saksframlegg_pdf(built):
    reader = pdf(built, "2021-5/sak-43-5-2021.pdf")
    pages = texts(reader)
    assert pages[0].startswith("Saksframlegg Møte 5/2021")
    assert "Sak 43/5/2021 Et kunnskapsløft for kommunene" in pages[0]
    for label in ("Type sak", "Saksbehandler", "Vedlegg", "Tidligere behandlet 31/2/2020"):
        assert label in pages[0]
    total = len(pages)
    assert [p.rstrip().splitlines()[-1] for p in pages] == [
        f"{i}/{total}" for i in range(1, total + 1)
    ]
    assert reader.metadata.title.startswith("Sak 43/5/2021")
    assert reader.trailer["/Root"]["/Lang"] == "nb"


def test_innkalling_date_and_agenda_order(built):
    for rel in ("2021-5/innkalling-5-2021.pdf",):
        text = " ".join(texts(pdf(built, rel)))
        assert "onsdag 1. september 2021 kl. 10.00–15.00" in text
    document = docx.Document(str(built / "build/2021-5/innkalling-5-2021.docx"))
    agenda = document.tables[1]
    numbers = [row.cells[0].text for row in agenda.rows[1:]]
    assert numbers == [f"{n}/5/2021" for n in range(38, 48)]
    html = (built / "build/2021-5/innkalling-5-2021.html").read_text(encoding="utf-8")
    assert '<html lang="nb">' in html and "onsdag 1. september 2021" in html


def test_agenda_types_whole_and_titles_given_the_room(built):
    """In the agenda, a type of case is never hyphenated ("Ved-takssak") to fit its column,
    and the page column of the packet's agenda is as narrow as the template says, so a title
    that fits the title column is not wrapped."""
    archive, _ = check(built)
    cases = [c for c in archive.cases if c.number and c.number.meeting == M5]
    for rel in ("2021-5/innkalling-5-2021.pdf", "2021-5/sakspapirer-5-2021.pdf"):
        agenda = texts(pdf(built, rel))[0]
        for kind in ("Orienteringssak", "Diskusjonssak", "Vedtakssak"):
            assert agenda.count(kind) == sum(kind in c.types for c in cases), (rel, kind)
    agenda = texts(pdf(built, "2021-5/sakspapirer-5-2021.pdf"))[0].splitlines()
    assert any("Orienteringer og status Handlingsplan for Rådet" in line for line in agenda)


def test_packet_structure(built):
    reader = pdf(built, "2021-5/sakspapirer-5-2021.pdf")
    pages = texts(reader)
    marks = outline(reader)
    cases = [(title, page) for depth, title, page in marks if title.startswith("Sak ")]
    assert [t.split()[1] for t, _ in cases] == [f"{n}/5/2021" for n in range(38, 48)]
    assert all(depth == 0 for depth, title, _ in marks if not title.startswith("Vedlegg"))
    assert all(depth == 1 for depth, title, _ in marks if title.startswith("Vedlegg"))
    # the agenda gives the page where each case starts, and that page is the saksframlegg
    words = pages[0].split()
    numbers = [title.split()[1] for title, _ in cases]
    for i, (title, page) in enumerate(cases):
        number = title.split()[1]
        assert pages[page - 1].startswith("Saksframlegg Møte 5/2021")
        assert f"Sak {number}" in pages[page - 1]
        end = words.index(numbers[i + 1]) if i + 1 < len(numbers) else words.index("Forfall")
        row = words[words.index(number) : end]
        assert row[-1] == str(page), row
    total = len(pages)
    assert [p.rstrip().splitlines()[-1] for p in pages] == [
        f"{i}/{total}" for i in range(1, total + 1)
    ]
    assert reader.metadata.title == "Sakspapirer møte 5/2021"
    assert reader.trailer["/Root"]["/Lang"] == "nb"


def test_packet_attachments(built):
    reader = pdf(built, "2021-5/sakspapirer-5-2021.pdf")
    pages = texts(reader)
    marks = outline(reader)
    start = {title: page for _, title, page in marks}
    first = start["Vedlegg 1: Oversikt status aktiviteter"]
    assert pages[first - 1].startswith("Sak 41/5/2021 Vedlegg 1")
    referat = start["Vedlegg 1: Utkast – Referat fra møte 4/2021"]
    assert pages[referat - 1].startswith("Sak 40/5/2021 Vedlegg 1")
    assert "Referat Møte 4/2021" in pages[referat - 1]
    pdf_page = start["Vedlegg 2: Innstilling (PDF)"]
    # stamped over the attached page, so drawn (and extracted) after its content
    assert "Sak 44/5/2021 Vedlegg 2" in pages[pdf_page - 1].splitlines()
    assert f"{PDF_TEXT} side 1" in pages[pdf_page - 1] and f"{PDF_TEXT} side 2" in pages[pdf_page]
    docx_page = start["Vedlegg 3: Notat (Word)"]
    assert pages[docx_page - 1].startswith("Sak 44/5/2021 Vedlegg 3")
    assert DOCX_TEXT in pages[docx_page - 1]


def test_referat(built):
    text = "\n".join(texts(pdf(built, "2021-4/referat-4-2021.pdf")))
    flat = " ".join(text.split())
    assert flat.startswith("Referat Møte 4/2021")
    assert "torsdag 3. juni 2021 kl. 10.00–15.00" in flat
    assert "Status Godkjent i sak 40/5/2021" in flat and "Status Utkast" not in flat
    assert "Erlend Smeland, Oslo universitetssykehus, Oslo (t.o.m. Sak 33/4/21)" in flat
    assert "Forfall Sveinung Hole (leder), Trond Mohn Stiftelsen, Bergen" in flat
    assert "Møtende vara Silje Anine Moss, KS" in flat
    assert "Tilstede fra Forskningsrådet" in flat and "Tilstede fra Innovasjon Norge" in flat
    assert "Lilly Ann Elvestad ledet derfor møtet" in flat
    assert flat.index("Sak 27/4/21 Godkjenning av innkalling") < flat.index(
        "Sak 37/4/21 Evaluering"
    )
    assert "Vedtak: Tas til orientering." in flat
    document = docx.Document(str(built / "build/2021-4/referat-4-2021.docx"))
    assert document.sections[0].header.paragraphs[0].text == "Referat Møte 4/2021"


def test_public_versions_leave_out_exempt_content(built):
    internal = " ".join(texts(pdf(built, "2021-5/sakspapirer-5-2021.pdf")))
    public = " ".join(texts(pdf(built, "2021-5/offentlig/sakspapirer-5-2021.pdf")))
    secret = "Kommunenes strategiske forskningsorgan"
    assert secret in internal and secret not in public
    assert "Sentral problemstilling" in internal and "Sentral problemstilling" not in public
    assert "Sak 43/5/2021 Et kunnskapsløft for kommunene" in public
    assert "(Unntatt offentlighet: offl. § 14)" in " ".join(public.split())  # the agenda
    sak = " ".join(texts(pdf(built, "2021-5/offentlig/sak-43-5-2021.pdf")))
    assert secret not in sak and "Forslag til vedtak" not in sak
    html = (built / "build/2021-5/offentlig/sak-43-5-2021.html").read_text(encoding="utf-8")
    assert secret not in html
    document = docx.Document(str(built / "build/2021-5/offentlig/sak-43-5-2021.docx"))
    assert secret not in "\n".join(p.text for p in document.paragraphs)
    assert (built / "build/2021-5/sak-43-5-2021.pdf").is_file()  # internal copy untouched


def test_legal_basis_is_not_broken_after_the_paragraph_sign(built):
    """'offl. § 14' never ends a line at '§' (the public agenda of the packet wrapped it so):
    a no-break space joins the sign to its number in every format."""
    agenda = texts(pdf(built, "2021-5/offentlig/sakspapirer-5-2021.pdf"))[0]
    assert "(Unntatt offentlighet: offl. §\u00a014)" in " ".join(agenda.split(" \n"))
    assert not re.search(r"§\s*\n", agenda)
    html = (built / "build/2021-5/offentlig/innkalling-5-2021.html").read_text(encoding="utf-8")
    assert "(Unntatt offentlighet: offl. §\u00a014)" in html
    document = docx.Document(str(built / "build/2021-5/sak-43-5-2021.docx"))
    rows = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert rows["Unntatt offentlighet"] == "offl. §\u00a014"


def test_pdf_png_renders(built, tmp_path):
    """The first page of each kind renders (for eyes: pdftoppm when installed)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed")
    for rel in ("2021-5/sak-41-5-2021.pdf", "2021-5/sakspapirer-5-2021.pdf"):
        out = tmp_path / Path(rel).stem
        subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1",
                        str(built / "build" / rel), str(out)], check=True)  # fmt: skip
        assert list(tmp_path.glob(f"{out.name}*.png"))
