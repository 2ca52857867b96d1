"""PDF attachments in the packet are included as they are: each page becomes one packet page,
drawn at 100 % in its own size and orientation and never covered: the packet page adds a band
above and below it for the running header and the continuous page number.

Case 45 of the example gets two attachments made here: a landscape A4 PDF of two pages, and a
portrait one whose second page is turned by /Rotate 90 and whose third shows only a crop box.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, RectangleObject

from ho21.build import build
from ho21.checker import check
from ho21.model import MeetingId
from tests.test_documents import copy_example, outline

M5 = MeetingId(2021, 5)
CASE = "cases/2021/45-forbedret-samspill-e-helse"
A4 = (595.2756, 841.8898)
CROP = [100, 200, 400, 600]  # the visible box of the portrait attachment's third page
CM = 72 / 2.54


def typst_pdf(source: str) -> bytes:
    import typst

    return typst.compile(source.encode())


def make_attachments(folder: Path) -> None:
    landscape = '#set page(paper: "a4", flipped: true, margin: 2cm)\n'
    landscape += "Landskap side 1\n#pagebreak()\nLandskap side 2"
    (folder / "landskap.pdf").write_bytes(typst_pdf(landscape))
    # a portrait page whose content reaches the edge, three times
    portrait = '#set page(paper: "a4", margin: 0pt)\n'
    portrait += "\n#pagebreak()\n".join(
        f"#rect(width: 100%, height: 100%, fill: luma(200))[Portrett side {i}]" for i in (1, 2, 3)
    )
    writer = PdfWriter(clone_from=io.BytesIO(typst_pdf(portrait)))
    writer.pages[1].rotate(90)
    writer.pages[2].cropbox = RectangleObject(CROP)
    with open(folder / "portrett.pdf", "wb") as f:
        writer.write(f)


@pytest.fixture(scope="module")
def packet(tmp_path_factory) -> PdfReader:
    root = copy_example(tmp_path_factory.mktemp("packet-pdf"))
    make_attachments(root / CASE)
    case = root / f"{CASE}.md"
    text = case.read_text(encoding="utf-8")
    first = "    fil: 45-forbedret-samspill-e-helse/notat-e-helse.md\n"
    assert first in text
    extra = (
        "  - tittel: Kart (liggende)\n    fil: 45-forbedret-samspill-e-helse/landskap.pdf\n"
        "  - tittel: Skjema (stående)\n    fil: 45-forbedret-samspill-e-helse/portrett.pdf\n"
    )
    case.write_text(text.replace(first, first + extra, 1), encoding="utf-8")
    archive, found = check(root)
    assert not [d for d in found if d.is_error]
    report = build(root, archive, [M5], [], ("pdf",), progress=False)
    assert report.failures == [], [str(f) for f in report.failures]
    data = (root / "build/2021-5/sakspapirer-5-2021.pdf").read_bytes()
    return PdfReader(io.BytesIO(data), strict=True)


def starts(reader: PdfReader) -> dict[str, int]:
    return {title: page for _, title, page in outline(reader)}


def attachment_pages(reader: PdfReader) -> list[int]:
    """The 0-based packet pages of the two attachments: 2 landscape, then 3 portrait."""
    first = starts(reader)["Vedlegg 2: Kart (liggende)"] - 1
    return list(range(first, first + 5))


def size(page) -> tuple[float, float]:
    box = page.mediabox
    assert page.get("/Rotate", 0) == 0 and page.cropbox == box
    return round(float(box.width), 2), round(float(box.height), 2)


def multiply(a: list[float], b: list[float]) -> list[float]:
    """The PDF matrix product a × b (a applied first)."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def placed_forms(page) -> list[tuple[list[float], object]]:
    """Each form XObject the page draws, with the matrix from its space to the page's."""
    forms = page["/Resources"].get("/XObject", {})
    ctm, stack, out = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], []
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = multiply([float(x) for x in operands], ctm)
        elif op == b"Do" and operands[0] in forms:
            form = forms[operands[0]].get_object()
            if form.get("/Subtype") == "/Form":
                matrix = [float(x) for x in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                out.append((multiply(matrix, ctm), form))
    return out


BAND = round(1 * CM, 2)  # above and below an attached page: style.typ's pdf-band


def test_attached_pages_keep_their_size_and_orientation(packet):
    sizes = [size(packet.pages[i]) for i in attachment_pages(packet)]
    width, height = round(A4[0], 2), round(A4[1], 2)
    crop = (float(CROP[2] - CROP[0]), float(CROP[3] - CROP[1]))
    attached = [(height, width), (height, width), (width, height), (height, width), crop]
    expected = [(w, h + 2 * BAND) for w, h in attached]
    assert [pytest.approx(s, abs=0.02) for s in sizes] == expected
    # the saksframlegg after them is an ordinary portrait A4 page again
    after = starts(packet)["Sak 46/5/2021 Eventuelt"] - 1
    assert after == attachment_pages(packet)[-1] + 1
    assert size(packet.pages[after]) == (width, height)


def attached_box(page) -> tuple[float, float, float, float]:
    """Where the attached page is drawn on the packet page: (x0, y0, x1, y1)."""
    (matrix, form), *others = placed_forms(page)
    assert others == []
    a, b, c, d, e, f = matrix
    assert sorted(round(abs(x), 6) for x in (a, b, c, d)) == [0, 0, 1, 1], matrix
    x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
    corners = [(x * a + y * c + e, x * b + y * d + f) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = [round(x, 2) for x, _ in corners], [round(y, 2) for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def test_attached_pages_are_drawn_at_full_size(packet):
    """The attached page is drawn once, unscaled (a turn by a quarter at most), filling the
    packet page between the two bands."""
    for i in attachment_pages(packet):
        width, height = size(packet.pages[i])
        box = attached_box(packet.pages[i])
        assert box == pytest.approx((0, BAND, width, height - BAND), abs=0.02), i
    texts = [packet.pages[i].extract_text() for i in attachment_pages(packet)]
    assert "Landskap side 1" in texts[0] and "Landskap side 2" in texts[1]
    assert [f"Portrett side {n}" in texts[n + 1] for n in (1, 2, 3)] == [True] * 3


def stamped(page) -> dict[str, tuple[float, float]]:
    """Each line of text the packet itself draws on the page (outside the attached form),
    with its position on the page."""
    out: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = multiply(tm, cm)[4:]
            out[text.strip()] = (x, y)

    page.extract_text(visitor_text=visit)
    return out


def test_header_and_page_number_are_in_the_bands_not_on_the_page(packet):
    """Nothing the packet writes covers the attached page: the header is in the band above
    it, the page number in the band below, centred."""
    total = len(packet.pages)
    headers = ["Sak 45/5/2021 Vedlegg 2"] * 2 + ["Sak 45/5/2021 Vedlegg 3"] * 3
    for i, header in zip(attachment_pages(packet), headers, strict=True):
        page = packet.pages[i]
        width, height = size(page)
        _x0, bottom, _x1, top = attached_box(page)
        found = stamped(page)
        assert header in found, (i, found)
        assert f"{i + 1}/{total}" in found, (i, found)
        x, y = found[header]
        assert top < y < height, (header, y)  # baseline in the top band, above the page
        x, y = found[f"{i + 1}/{total}"]
        assert 0 < y and y + 8 < bottom and abs(x - width / 2) < 1.5 * CM  # 8 pt: its size


def test_page_numbers_run_on_through_the_attachments(packet):
    total = len(packet.pages)
    last_lines = [p.extract_text().rstrip().splitlines()[-1] for p in packet.pages]
    assert last_lines == [f"{i}/{total}" for i in range(1, total + 1)]
    marks = starts(packet)
    assert marks["Vedlegg 3: Skjema (stående)"] == marks["Vedlegg 2: Kart (liggende)"] + 2
    assert marks["Sak 46/5/2021 Eventuelt"] == marks["Vedlegg 3: Skjema (stående)"] + 3
    # the agenda's page column agrees with the bookmarks
    agenda = packet.pages[0].extract_text().split()
    number = agenda.index("46/5/2021")
    assert agenda[agenda.index("47/5/2021") - 1] == str(marks["Sak 46/5/2021 Eventuelt"])
    assert number < agenda.index("47/5/2021")


def links(reader: PdfReader, page) -> list[tuple[RectangleObject, int]]:
    """The area of each link on `page` and the 1-based page it leads to."""
    out = []
    for annot in page.get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        dest = (annot.get("/Dest") or annot["/A"]["/D"]).get_object()
        if not isinstance(dest, list):  # a named destination
            dest = reader.named_destinations[str(dest)]
            target = reader.get_destination_page_number(dest) + 1
        else:
            target = reader.get_page_number(dest[0].get_object()) + 1
        out.append((RectangleObject(annot["/Rect"]), target))
    return out


def link_targets(reader: PdfReader, page) -> list[int]:
    """The 1-based pages that the links on `page` lead to."""
    return [target for _, target in links(reader, page)]


def test_agenda_page_numbers_link_to_the_cases(packet):
    cases = [page for title, page in starts(packet).items() if title.startswith("Sak ")]
    assert len(cases) == 10
    assert set(link_targets(packet, packet.pages[0])) == set(cases)


def test_agenda_case_numbers_and_titles_link_to_the_cases(packet):
    marks = starts(packet)
    drawn = []  # (text, x, y) on the agenda page
    packet.pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: drawn.append(
            (text.strip(), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3])
        )
    )
    areas = links(packet, packet.pages[0])

    def target_at(x: float, y: float) -> set[int]:
        return {
            to
            for r, to in areas
            if r.left <= x + 1 <= r.right and r.bottom <= y + 2 <= r.top  # inside the glyphs
        }

    for title, page in marks.items():
        if not title.startswith("Sak "):
            continue
        number = title.split()[1]
        row = next(i for i, (text, _, _) in enumerate(drawn) if text == number)
        (_, x, y), (text, tx, ty) = drawn[row], drawn[row + 1]
        assert title.endswith(text.strip()) or text.strip() in title, (title, text)
        assert target_at(x, y) == {page}, title  # the case number
        assert target_at(tx + 4, ty) == {page}, title  # the start of its title


def test_packet_opens_with_the_bookmarks_shown(packet):
    root = packet.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"
    assert root["/Lang"] == "nb" and packet.metadata.title == "Sakspapirer møte 5/2021"
