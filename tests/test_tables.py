"""Markdown tables in HTML and DOCX, as a build makes them: columns of a pipe table written
with equal dashes are sized by their content (as in the PDF, see test_typesetting), unequal
dashes keep their proportions, and DOCX rows are not split across pages."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from ho21.build import build
from ho21.checker import check
from tests.test_documents import M4, M5, copy_example

LONG = " ".join(["Registreringen avsluttes og skjemaet lukkes"] * 6)
TABLE = f"""
Tabell med like streker:

| Nr | Dimensjon | Svaralternativer | OK |
|---|---|---|---|
| 1 | Helseanalyseplattformen | {LONG} | ja |

Tabell med ulike streker:

| Nr | Dimensjon | Svaralternativer | OK |
|------|--|--|------|
| 1 | Helseanalyseplattformen | {LONG} | ja |
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("tables"))
    case = root / "cases/2021/44-kommunikasjonsplan.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\n## Forslag til vedtak", TABLE + "\n## Forslag til vedtak", 1))
    archive, found = check(root)
    assert not [d for d in found if d.is_error]
    report = build(root, archive, [M5], [M4], formats=("docx", "html"), progress=False)
    assert report.failures == [], [str(f) for f in report.failures]
    return root


def html_tables(root: Path) -> list[str]:
    html = (root / "build/2021-5/sak-44-5-2021.html").read_text(encoding="utf-8")
    return [t for t in re.findall(r"<table>.*?</table>", html, re.S) if "Dimensjon" in t]


def docx_tables(root: Path):
    document = docx.Document(str(root / "build/2021-5/sak-44-5-2021.docx"))
    return [t for t in document.tables if "Dimensjon" in t.rows[0].cells[1].text]


def test_html_equal_dashes_give_content_sized_columns(root):
    equal, unequal = html_tables(root)
    assert "<col" not in equal  # the browser sizes the columns by their content
    widths = [int(w) for w in re.findall(r"<col style=\"width: (\d+)%\"", unequal)]
    assert widths[0] > widths[1] and widths[3] > widths[2]  # the author's proportions


def test_docx_equal_dashes_give_content_sized_columns(root):
    equal, unequal = docx_tables(root)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def layout(table) -> str | None:
        found = table._tbl.tblPr.find(f"{w}tblLayout")
        return None if found is None else found.get(f"{w}type")

    assert layout(equal) != "fixed"  # Word fits the columns to their content
    assert layout(unequal) == "fixed"
    grid = [int(c.get(f"{w}w")) for c in unequal._tbl.tblGrid.findall(f"{w}gridCol")]
    assert grid[0] > grid[1] and grid[3] > grid[2]


def test_docx_rows_are_not_split_across_pages(root):
    document = docx.Document(str(root / "build/2021-5/sak-44-5-2021.docx"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    rows = [row._tr for table in document.tables for row in table.rows]
    assert len(rows) > 6  # the facts table and both tables above
    for tr in rows:
        props = tr.find(f"{w}trPr")
        assert props is not None and props[0].tag == f"{w}cantSplit"
    headers = [tr for tr in rows if tr.find(f"{w}trPr/{w}tblHeader") is not None]
    assert headers  # a header row keeps repeating on each page


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def border_lines(document, table) -> set[str]:
    """The kinds of line Word draws around and inside a table's cells: from the table's own
    borders, else from its table style and the styles it is based on."""
    found = table._tbl.tblPr.find(f"{W}tblBorders")
    style = table._tbl.tblPr.find(f"{W}tblStyle")
    style_id = None if style is None else style.get(f"{W}val")
    styles = {s.get(f"{W}styleId"): s for s in document.styles.element.findall(f"{W}style")}
    while found is None and style_id in styles:
        found = styles[style_id].find(f"{W}tblPr/{W}tblBorders")
        based = styles[style_id].find(f"{W}basedOn")
        style_id = None if based is None else based.get(f"{W}val")
    return set() if found is None else {b.get(f"{W}val") for b in found} - {"nil", "none"}


@pytest.mark.parametrize(
    "rel, label, ruled",
    [
        ("2021-5/sak-44-5-2021.docx", "Type sak", "Nr"),  # the tables of the text
        ("2021-5/innkalling-5-2021.docx", "Til", "Sak"),  # the agenda
        ("2021-4/referat-4-2021.docx", "Dato", None),
        ("2021-4/referat-4-2021.docx", "Møteleder", None),  # the attendance
    ],
)
def test_docx_fact_tables_have_no_rules_like_pdf_and_html(root, rel, label, ruled):
    """The table of facts at the top of a document is drawn without lines in the PDF and the
    HTML; Word draws none either, while the tables of the text and the agenda keep theirs."""
    document = docx.Document(str(root / "build" / rel))
    facts = [t for t in document.tables if t.rows[0].cells[0].text == label]
    assert len(facts) == 1
    assert border_lines(document, facts[0]) == set()
    others = [t for t in document.tables if t.rows[0].cells[0].text == ruled]
    assert all(border_lines(document, t) == {"single"} for t in others)
    assert len(others) == (0 if ruled is None else 1 if ruled == "Sak" else 2)
