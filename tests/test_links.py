"""Links pandoc would make but markdown-it alone would not: refused before any document is made."""

from __future__ import annotations

from ho21.build import build
from ho21.checker import check
from ho21.links import scan
from ho21.model import MeetingId
from tests.test_documents import copy_example

CASE30 = "cases/2021/30-status-handlingsplan.md"
SCRIPTS = "[c](javascript:alert(1)) [a](file:///etc/passwd) [b](data:text/html;base64,PHNj) [d](vbscript:x)"


def test_every_scheme_but_the_web_is_refused_where_it_is_written():
    text = f"Tekst.\n\n{SCRIPTS}\n"
    refused = scan(CASE30, text, 20, "cases/2021/30-status-handlingsplan").refusals
    assert [(r.location.line, r.location.column) for r in refused] == [
        (22, 5),
        (22, 30),
        (22, 54),
        (22, 86),
    ]
    assert "javascript:alert(1)" in refused[0].message


def test_a_reference_style_link_is_reported_at_its_definition():
    text = "Se [lenke][r] her.\n\n[r]: ../../../etc/passwd\n"
    (refusal,) = scan(CASE30, text, 1, "cases/2021/30-status-handlingsplan").refusals
    assert (refusal.location.line, refusal.location.column) == (3, 6)


def test_build_refuses_script_links_and_writes_no_document(tmp_path):
    root = copy_example(tmp_path)
    path = root / CASE30
    path.write_text(path.read_text(encoding="utf-8") + f"\n{SCRIPTS}\n", encoding="utf-8")
    archive, found = check(root)
    assert sorted(d.code for d in found if d.severity == "error") == ["E701"] * 4
    report = build(root, archive, [MeetingId(2021, 4)], [], ("html", "docx"), progress=False)
    assert sorted(f.code for f in report.failures) == ["E701"] * 4
    assert not any("sak-30" in p for p in report.built)
    for made in (root / "build").rglob("*.html"):
        assert "javascript:" not in made.read_text(encoding="utf-8")
