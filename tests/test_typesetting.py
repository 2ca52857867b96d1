"""How Markdown tables and figures come out in a PDF: Markdown converted by pandoc as a build
does it, set with templates/style.typ, read back with pypdf."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from ho21.backends import pandoc
from ho21.backends.pdf import Typst

REPO = Path(__file__).resolve().parent.parent
CM = 72 / 2.54
LEFT = 2.5 * CM  # the left margin of style.typ


def typst_of(markdown: str, images: dict[str, str] | None = None) -> str:
    job = pandoc.Job("t", "typst", markdown=markdown, images=images or {})
    result = pandoc.start([job]).wait()["t"]
    assert "text" in result, result
    return result["text"]


def pdf(body: str, root: Path = REPO) -> PdfReader:
    source = '#import "/templates/style.typ": *\n#show: single.with(title: "T", header: "H")\n'
    return PdfReader(io.BytesIO(Typst(root).compile(source + body)))


def positions(reader: PdfReader) -> list[tuple[int, str, float, float]]:
    """(0-based page, text, x, y) of every piece of text drawn."""
    out = []
    for number, page in enumerate(reader.pages):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                out.append((number, text.strip(), cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

        page.extract_text(visitor_text=visit)
    return out


NR_TABLE = """Tabellen under er lang nok til at pandoc gir kolonnene bredder fra strekene i linjen under overskriften.

| Nr. | Dimensjon | Svaralternativer i korte trekk |
|---|---|---|
| 1 | Helseanalyseplattformen | Ja eller nei; ved nei avsluttes registreringen, og skjemaet lukkes med en gang |
"""


def test_equal_dash_columns_are_sized_by_content():
    source = typst_of(NR_TABLE)
    assert "columns: (33.33%, 33.33%, 33.33%)" in source  # what pandoc gives
    found = {text: x for _, text, x, _ in positions(pdf(source))}
    text_width = 21.0 * CM - 2 * LEFT
    # a third of the width would put "Dimensjon" 5.3 cm in; the narrow "Nr." column puts it ~1 cm
    assert found["Dimensjon"] - LEFT < text_width / 6


def test_explicit_unequal_widths_are_kept():
    markdown = NR_TABLE.replace("|---|---|---|", "|------|--|--|")
    found = {text: x for _, text, x, _ in positions(pdf(typst_of(markdown)))}
    assert found["Dimensjon"] - LEFT > 0.4 * (21.0 * CM - 2 * LEFT)


def test_long_norwegian_words_are_hyphenated_in_table_cells():
    cell = "Helseanalyseplattformen og Helsedataservice"
    markdown = "| A | B | C | D | E | F |\n|---|---|---|---|---|---|\n"
    markdown += f"| {cell} " * 6 + "|\n"
    lines = pdf(typst_of(markdown)).pages[0].extract_text().splitlines()
    assert not any("Helseanalyseplattformen" in line for line in lines), lines
    assert any(line.startswith("Helse") and line.endswith(("-", "\xad")) for line in lines), lines


def test_short_rows_are_not_split_across_pages():
    filler = " ".join(["tekst"] * 30)
    rows = "".join(f"| {n} | Rad {n} | B{n}B {filler} E{n}E |\n" for n in range(1, 41))
    reader = pdf(typst_of("| Nr. | Tekst | Svar |\n|---|---|---|\n" + rows))
    words = [page.extract_text().split() for page in reader.pages]
    assert len(words) > 1

    def page_of(word: str) -> int:
        (page,) = [i for i, w in enumerate(words) if word in w]
        return page

    for n in range(1, 41):
        assert page_of(f"B{n}B") == page_of(f"E{n}E"), n


def test_a_row_longer_than_a_page_still_breaks_and_loses_no_text():
    words = " ".join(f"ord{i}" for i in range(1400))
    reader = pdf(typst_of(f"| A | B |\n|---|---|\n| kort | {words} |\n"))
    text = " ".join(page.extract_text() for page in reader.pages).split()
    assert len(reader.pages) >= 2
    assert "ord0" in text and "ord1399" in text


FIGURE = "Tekst før.\n\n![Figur 1: Status for aktivitetene](figur.png)\n\nTekst etter.\n"


@pytest.fixture
def figure_root(tmp_path: Path) -> Path:
    import typst

    (tmp_path / "templates").symlink_to(REPO / "templates")
    square = "#set page(width: 3cm, height: 2cm)\n#rect(width: 100%, height: 100%, fill: red)"
    (tmp_path / "figur.png").write_bytes(typst.compile(square.encode(), format="png"))
    return tmp_path


def test_image_captions_show_in_pdf_html_and_docx(figure_root: Path):
    import docx

    caption = "Figur 1: Status for aktivitetene"
    source = typst_of(FIGURE, {"figur.png": "/figur.png"})
    text = " ".join(pdf(source, figure_root).pages[0].extract_text().split())
    assert caption in text and text.count("Figur") == 1  # no number of typst's own
    job = pandoc.Job("h", "html", markdown=FIGURE, images={"figur.png": "data:image/png;base64,"})
    html = pandoc.start([job]).wait()["h"]["text"]
    assert f">{caption}</figcaption>" in html, html
    out = figure_root / "f.docx"
    job = pandoc.Job("d", "docx", markdown=FIGURE, output=str(out),
                     images={"figur.png": str(figure_root / "figur.png")})  # fmt: skip
    assert "error" not in pandoc.start([job]).wait()["d"]
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs]
    assert ("Image Caption", caption) in paragraphs, paragraphs


def test_a_lead_in_is_not_left_at_the_foot_of_a_page():
    # with 30 to 44 lines of text before it, the lead-in falls on the last line of page 1 once
    table = "\nTabell med ulike kolonner:\n\n| Nr. | Tekst |\n|---|---|\n| 1 | Rad |\n"
    sources = [
        "".join(f"Linje {i}.\n\n" for i in range(n)) + table + "\nSlutt.\n" for n in range(30, 45)
    ]
    jobs = [pandoc.Job(str(i), "typst", markdown=md) for i, md in enumerate(sources)]
    results = pandoc.start(jobs).wait()
    for i in range(len(sources)):
        reader = pdf(results[str(i)]["text"])
        found = {text: page for page, text, _, _ in positions(reader)}
        assert found["Tabell med ulike kolonner:"] == found["Rad"], i
