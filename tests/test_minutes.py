"""The minutes as documents: declared conflicts of interest are printed, a draft says so on
every page, and the minutes put to the meeting that approves them are that draft."""

from __future__ import annotations

import docx

from tests.test_build import run
from tests.test_public import output_text

REFERAT = "meetings/2021/4.referat.md"
PACKET = "build/2021-5/sakspapirer-5-2021.pdf"


def edit(root, old: str, new: str) -> None:
    path = root / REFERAT
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pages(path) -> list[str]:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_declared_conflicts_are_printed_in_the_minutes(root):
    edit(root, "\nandre:", "\ninhabil: [{navn: Tarje Bjørgum, sak: 32/4/2021}]\nandre:")
    report = run(root)
    assert report.failures == []
    assert "build/2021-4/referat-4-2021.pdf" in report.built  # the text depends on it
    for fmt in ("pdf", "docx", "html"):
        text = output_text(root / f"build/2021-4/referat-4-2021.{fmt}")
        text = text.replace("<strong>", "").replace("</strong>", "")
        assert "Tarje Bjørgum (Sak 32/4/21)" in text, fmt  # with the attendance
        section = text[text.index("Sak 32/4/21 Forslag til forskrift") :]
        section = section[: section.index("Sak 33/4/21")]
        assert "Inhabil: Tarje Bjørgum" in section, fmt  # in the section of that case


def test_minutes_put_to_the_approving_meeting_are_the_draft(root):
    # 4.referat.md says: status godkjent, godkjent_i 40/5/2021; case 40 attaches them
    packet_pages = pages(root / PACKET)
    packet = " ".join(packet_pages)
    minutes = packet[packet.index("Utkast – Referat Møte 4/2021") :]
    assert "Status Utkast" in minutes
    assert "Godkjent i sak" not in packet
    # every page of the attached draft says so in its running header
    attached = [p for p in packet_pages if "Sak 40/5/2021 Vedlegg 1" in p]
    assert len(attached) >= 2
    assert all("Sak 40/5/2021 Vedlegg 1 – Utkast" in p for p in attached)
    # the minutes on their own are the approved ones
    standalone = pages(root / "build/2021-4/referat-4-2021.pdf")
    assert standalone[0].startswith("Referat Møte 4/2021 Referat Møte 4/2021")
    assert "Status Godkjent i sak 40/5/2021" in standalone[0]
    assert not any("Utkast –" in page or "Status Utkast" in page for page in standalone)


def test_a_draft_is_marked_on_every_page(root):
    edit(root, "status: godkjent\ngodkjent_i: 40/5/2021\n", "status: utkast\n")
    report = run(root, agendas=())
    assert report.failures == []
    standalone = pages(root / "build/2021-4/referat-4-2021.pdf")
    assert len(standalone) > 1
    assert all(page.startswith("Utkast – Referat Møte 4/2021") for page in standalone)
    assert "Status Utkast" in standalone[0]
    document = docx.Document(str(root / "build/2021-4/referat-4-2021.docx"))
    assert document.sections[0].header.paragraphs[0].text == "Utkast – Referat Møte 4/2021"
    assert document.core_properties.title.startswith("Utkast – Referat Møte 4/2021")
    html = (root / "build/2021-4/referat-4-2021.html").read_text(encoding="utf-8")
    assert '<header class="running">Utkast – Referat Møte 4/2021</header>' in html


def test_the_case_calls_the_attached_draft_a_draft(built):
    example = built[0]
    # case 40/5/2021 approves the minutes of 4/2021 and attaches them: they are the draft
    shown = "1. Utkast – Referat fra møte 4/2021"  # in the row "Vedlegg" of the facts
    for fmt in ("pdf", "docx", "html"):
        text = output_text(example / f"build/2021-5/sak-40-5-2021.{fmt}")
        assert shown in text.replace("\xa0", " "), fmt
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO((example / PACKET).read_bytes()))
    titles = [item.title for item in reader.outline[4]]  # the bookmarks under case 40
    assert titles == ["Vedlegg 1: Utkast – Referat fra møte 4/2021"]
    packet_pages = pages(example / PACKET)
    assert any(f"Vedlegg {shown}" in page.replace("\xa0", " ") for page in packet_pages)


def test_approved_minutes_attached_are_not_called_a_draft():
    import dataclasses

    from ho21 import render
    from ho21.checker import check
    from tests.test_render import M4, REPO

    archive, _ = check(REPO)
    case = next(c for c in archive.cases if c.number and c.number.n == 40)
    (att,) = case.vedlegg
    assert render.attachment_title(archive, case, att) == "Utkast – Referat fra møte 4/2021"
    # approved, and not in this meeting: the attachment keeps its own title
    archive.referats[M4] = dataclasses.replace(archive.referats[M4], godkjent_i=None)
    assert render.attachment_title(archive, case, att) == "Referat fra møte 4/2021"
    written = dataclasses.replace(att, tittel="Utkast referat fra møte 4/2021")
    assert render.attachment_title(archive, case, written) == written.tittel  # not twice
