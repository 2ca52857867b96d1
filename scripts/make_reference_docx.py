"""Make templates/reference.docx, the look of every DOCX ho21 writes.

Starts from pandoc's own reference document and sets: Calibri 11 pt, Norwegian language,
dark-blue headings, ruled tables, the borderless table style "Faktatabell" for the tables of
facts at the top of a document (the templates name it), the paragraph styles "Forslag til
vedtak" and "Vedtak", A4
pages, a running header holding the marker HO21-HEADER (ho21 puts the document's header text
there) and a footer with the page number as "1/3". Run it again after changing it:

    .venv/bin/python scripts/make_reference_docx.py
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
ACCENT = "1F3864"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

HEADER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W} {R}><w:p><w:pPr><w:pStyle w:val="Header"/>
<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="AFAFAF"/></w:pBdr></w:pPr>
<w:r><w:t xml:space="preserve">HO21-HEADER</w:t></w:r></w:p></w:hdr>"""


def _field(code: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


FOOTER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {W} {R}><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>
{_field("PAGE", "1")}<w:r><w:t>/</w:t></w:r>{_field("NUMPAGES", "1")}</w:p></w:ftr>"""

SECTION = """<w:headerReference w:type="default" r:id="rIdHo21Header"/>
<w:footerReference w:type="default" r:id="rIdHo21Footer"/>
<w:pgSz w:w="11906" w:h="16838"/>
<w:pgMar w:top="1588" w:right="1418" w:bottom="1418" w:left="1418" w:header="709"
 w:footer="567" w:gutter="0"/>"""


def _style(style_id: str, name: str, ppr: str, rpr: str = "", kind: str = "paragraph") -> str:
    return (
        f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="BodyText"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


NEW_STYLES = (
    _style(
        "ForslagTilVedtak",
        "Forslag til vedtak",
        '<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="1F3864"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="EEF2F8"/>'
        '<w:spacing w:before="60" w:after="60"/><w:ind w:left="170" w:right="170"/>',
    )
    + _style(
        "Vedtak",
        "Vedtak",
        '<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="1F3864"/></w:pBdr>'
        '<w:ind w:left="170"/>',
    )
    + '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr>'
    '<w:rPr><w:color w:val="595959"/><w:sz w:val="18"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr>'
    '<w:rPr><w:sz w:val="18"/></w:rPr></w:style>'
)

# The table of facts ("Type sak", "Til", "Fra" …) has no rules and its labels line up with the
# text above and below, as in the PDF and HTML (style.typ and style.css `facts`).
FACT_TABLE = (
    '<w:style w:type="table" w:customStyle="1" w:styleId="Faktatabell">'
    '<w:name w:val="Faktatabell"/><w:basedOn w:val="TableNormal"/><w:qFormat/>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="nil"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders><w:tblCellMar>"
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="170" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style>"
)

TABLE_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


def styles(xml: str) -> str:
    xml = re.sub(
        r"<w:rFonts w:asciiTheme=\"minorHAnsi\"[^>]*/>",
        '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>',
        xml,
        count=1,
    )
    xml = xml.replace(
        '<w:sz w:val="24" />\n        <w:szCs w:val="24" />',
        '<w:sz w:val="22"/><w:szCs w:val="22"/>',
        1,
    )
    xml = xml.replace('<w:lang w:val="en-US"', '<w:lang w:val="nb-NO"', 1)
    xml = re.sub(r'w:val="0F4761"[^/]*/>', f'w:val="{ACCENT}"/>', xml)
    xml = xml.replace(
        '<w:sz w:val="40" />\n      <w:szCs w:val="40" />', '<w:sz w:val="32"/><w:szCs w:val="32"/>'
    )
    xml = xml.replace(
        '<w:sz w:val="32" />\n      <w:szCs w:val="32" />', '<w:sz w:val="26"/><w:szCs w:val="26"/>'
    )
    xml = xml.replace(
        '<w:tblInd w:w="0" w:type="dxa" />', '<w:tblInd w:w="0" w:type="dxa" />' + TABLE_BORDERS, 1
    )
    return xml.replace("</w:styles>", NEW_STYLES + FACT_TABLE + "</w:styles>")


def main(out: Path) -> None:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    base = subprocess.run(
        [pandoc, "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout
    tmp = out.with_suffix(".tmp")
    src = tmp.with_suffix(".src")
    src.write_bytes(base)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename).decode("utf-8")
            if info.filename == "word/styles.xml":
                data = styles(data)
            elif info.filename == "word/document.xml":
                data = re.sub(r"<w:sectPr>", "<w:sectPr>" + SECTION, data, count=1)
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    f'<Relationship Type="{REL}/header" Id="rIdHo21Header" Target="header1.xml"/>'
                    f'<Relationship Type="{REL}/footer" Id="rIdHo21Footer" Target="footer1.xml"/>'
                    "</Relationships>",
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    "</Types>",
                    f'<Override PartName="/word/header1.xml" ContentType="{CT}.header+xml"/>'
                    f'<Override PartName="/word/footer1.xml" ContentType="{CT}.footer+xml"/>'
                    "</Types>",
                )
            zout.writestr(info, data.encode("utf-8"))
        zout.writestr("word/header1.xml", HEADER.encode("utf-8"))
        zout.writestr("word/footer1.xml", FOOTER.encode("utf-8"))
    src.unlink()
    tmp.replace(out)
    print(out)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("templates/reference.docx")
    main(target)
