"""Building: only what changed is rebuilt, failures leave nothing half-written, bad input is
refused with file and line, and the commands refuse an archive that check finds errors in."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from ho21.build import MANIFEST, build
from ho21.checker import check
from ho21.cli import app
from ho21.model import MeetingId
from tests.test_documents import copy_example, make_pdf

M4, M5 = MeetingId(2021, 4), MeetingId(2021, 5)
CASE41 = "cases/2021/41-status-handlingsplan.md"


def run(
    root: Path,
    formats=("docx", "pdf", "html"),
    agendas=(M5,),
    referats=(M4,),
    public=False,
    everything=False,
):
    archive, _ = check(root)
    return build(
        root,
        archive,
        list(agendas),
        list(referats),
        tuple(formats),
        public,
        progress=False,
        everything=everything,
    )


def built_example(folder: Path):
    """A copy of the example in `folder`, built: (root, report)."""
    root = copy_example(folder)
    report = run(root)
    assert report.failures == []
    return root, report


def fresh_copy(src: Path, folder: Path) -> Path:
    """A copy of a built archive, for a test that changes it."""
    dst = folder / "archive"
    shutil.copytree(src, dst)
    return dst


def leftovers(root: Path) -> list[str]:
    """Temporary files of a build (named `.<output>.new-<random>`)."""
    return [p.name for p in (root / "build").rglob("*") if ".new-" in p.name]


def test_first_build_writes_every_document(built):
    root, report = built
    names = {Path(p).name for p in report.built}
    expected = {f"{stem}.{fmt}" for fmt in ("docx", "pdf", "html")
                for stem in ["innkalling-5-2021", "referat-4-2021"]
                + [f"sak-{n}-5-2021" for n in range(38, 48)]}  # fmt: skip
    assert names == expected | {"sakspapirer-5-2021.pdf"}
    assert all((root / p).stat().st_size > 0 for p in report.built)
    assert set(json.loads((root / MANIFEST).read_text())) == set(report.built)


def test_nothing_changed_nothing_built(root):
    report = run(root)
    assert report.built == [] and report.failures == []
    assert len(report.unchanged) == 37


def test_changing_one_case_rebuilds_its_documents_and_the_packet(root):
    path = root / CASE41
    path.write_text(
        path.read_text(encoding="utf-8").replace("Tas til orientering.", "Tas til etterretning.")
    )
    report = run(root)
    assert sorted(report.built) == [
        "build/2021-5/sak-41-5-2021.docx",
        "build/2021-5/sak-41-5-2021.html",
        "build/2021-5/sak-41-5-2021.pdf",
        "build/2021-5/sakspapirer-5-2021.pdf",
    ]
    assert run(root).built == []


def test_changing_an_attachment_rebuilds_only_the_packet(root):
    path = root / "cases/2021/43-kunnskapsloft-for-kommunene/ksf-status.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEn ny linje.\n", encoding="utf-8")
    assert run(root).built == ["build/2021-5/sakspapirer-5-2021.pdf"]


def test_changing_a_style_rebuilds_that_format(root):
    css = root / "templates/style.css"
    css.write_text(css.read_text() + "\nbody { color: black; }\n")
    built = run(root).built
    assert built and all(p.endswith(".html") for p in built) and len(built) == 12


def test_changing_council_rebuilds_what_shows_it(root):
    council = root / "meetings/council.yaml"
    council.write_text(council.read_text(encoding="utf-8").replace("sted: Tynset", "sted: Røros"))
    assert {Path(p).name for p in run(root).built} == {
        "referat-4-2021.docx", "referat-4-2021.pdf", "referat-4-2021.html",
        "sakspapirer-5-2021.pdf",  # the referat is case 40's attachment
    }  # fmt: skip


def test_format_narrows(root):
    shutil.rmtree(root / "build")
    report = run(root, formats=("html",), referats=())
    assert report.built and all(p.endswith(".html") for p in report.built)


def _attach(root: Path, fil: str) -> None:
    case = root / CASE41
    text = case.read_text(encoding="utf-8")
    case.write_text(
        text.replace("vedlegg:\n", f"vedlegg:\n  - tittel: Ekstra\n    fil: {fil}\n", 1)
    )


def test_broken_pdf_attachment_is_reported_and_nothing_half_written(root):
    (root / "cases/2021/41-status-handlingsplan/brutt.pdf").write_bytes(b"%PDF-1.7\nnot a pdf")
    _attach(root, "41-status-handlingsplan/brutt.pdf")
    before = (root / "build/2021-5/sakspapirer-5-2021.pdf").read_bytes()
    report = run(root, formats=("pdf",), referats=())
    assert [(f.code, f.location.path, f.location.line) for f in report.failures] == [
        ("E504", CASE41, 8)
    ]
    assert "build/2021-5/sakspapirer-5-2021.pdf" not in report.built
    # the old packet, which lacks the new attachment, is not left looking current
    assert before and not (root / "build/2021-5/sakspapirer-5-2021.pdf").exists()
    assert report.removed == {"build/2021-5/sakspapirer-5-2021.pdf": "it failed"}
    assert "build/2021-5/sakspapirer-5-2021.pdf" not in json.loads((root / MANIFEST).read_text())
    assert leftovers(root) == []


def test_an_output_that_fails_is_removed(root):
    (root / "templates/document.html.j2").write_text("{{ no_such_value }}\n")
    report = run(root, formats=("html",), agendas=())
    assert [f.code for f in report.failures] == ["E703"]
    assert report.removed == {"build/2021-4/referat-4-2021.html": "it failed"}
    assert not (root / "build/2021-4/referat-4-2021.html").exists()
    assert (root / "build/2021-4/referat-4-2021.pdf").is_file()  # other formats untouched


def test_outputs_no_longer_produced_are_removed(root):
    mine = root / "build/2021-5/sak-47-5-2021.notes.txt"  # not written by ho21
    mine.write_text("mine")
    (root / "cases/2021/47-evaluering-av-motet.md").unlink()
    report = run(root, formats=("pdf",), referats=())
    assert report.failures == []
    assert report.removed == {
        "build/2021-5/sak-47-5-2021.pdf": "no longer produced",
    }  # only the formats and meetings this build makes
    assert sorted(p.name for p in (root / "build/2021-5").glob("sak-47-*")) == [
        "sak-47-5-2021.docx", "sak-47-5-2021.html", "sak-47-5-2021.notes.txt"
    ]  # fmt: skip
    result = invoke(root, "build-agenda", "5/2021")
    assert result.exit_code == 0, result.output
    assert "removed build/2021-5/sak-47-5-2021.docx: no longer produced" in result.output
    assert result.output.strip().endswith("Built 2 document(s), 29 up to date, 2 removed.")
    assert not list((root / "build/2021-5").glob("sak-47-5-2021.*[lx]"))  # .docx, .html
    assert mine.read_text() == "mine"
    assert "sak-47" not in " ".join(json.loads((root / MANIFEST).read_text()))
    assert (root / "build/2021-4/referat-4-2021.pdf").is_file()


def test_a_meeting_with_no_documents_left_loses_its_outputs_in_a_whole_build(root):
    """`ho21 build` builds every meeting's documents: an earlier output of a meeting that has
    none any more (deleted, or its last case removed) is no longer produced."""
    run(root, formats=("html",), agendas=(M4, M5))
    assert (root / "build/2021-4/innkalling-4-2021.html").is_file()
    report = run(root, formats=("html",), agendas=(M5,), everything=True)
    assert report.removed["build/2021-4/innkalling-4-2021.html"] == "no longer produced"
    assert not list((root / "build/2021-4").glob("sak-*.html"))
    assert (root / "build/2021-4/referat-4-2021.html").is_file()  # still produced


def test_the_other_version_of_a_document_no_longer_produced_goes_too(root):
    """An internal build after a case was deleted also takes away that case's public papers
    (build/…/offentlig/ is what gets published); not those of other cases."""
    run(root, formats=("html",), public=True, referats=())
    (root / "cases/2021/47-evaluering-av-motet.md").unlink()
    report = run(root, formats=("html",), referats=())
    assert report.removed == {
        "build/2021-5/offentlig/sak-47-5-2021.html": "no longer produced",
        "build/2021-5/sak-47-5-2021.html": "no longer produced",
    }
    assert (root / "build/2021-5/offentlig/sak-46-5-2021.html").is_file()


def test_an_output_changed_by_hand_is_kept_not_removed(root):
    edited = root / "build/2021-5/sak-47-5-2021.html"
    edited.write_text(edited.read_text(encoding="utf-8") + "<p>Mine notater</p>\n")
    (root / "cases/2021/47-evaluering-av-motet.md").unlink()
    report = run(root, formats=("html", "pdf"), referats=())
    assert report.kept == {"build/2021-5/sak-47-5-2021.html": "no longer produced"}
    assert report.removed == {"build/2021-5/sak-47-5-2021.pdf": "no longer produced"}
    assert "Mine notater" in edited.read_text(encoding="utf-8")
    assert "build/2021-5/sak-47-5-2021.html" not in json.loads((root / MANIFEST).read_text())
    result = invoke(root, "build-agenda", "5/2021", "--format", "html")
    assert "kept build/2021-5/sak-47-5-2021.html" not in result.output  # forgotten, not ours
    assert edited.is_file()


def test_encrypted_pdf_is_refused(root):
    from pypdf import PdfReader, PdfWriter

    plain = root / "plain.pdf"
    make_pdf(plain, "hemmelig", pages=1)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("passord")
    with open(root / "cases/2021/41-status-handlingsplan/kryptert.pdf", "wb") as f:
        writer.write(f)
    _attach(root, "41-status-handlingsplan/kryptert.pdf")
    report = run(root, formats=("pdf",), referats=())
    assert [f.code for f in report.failures] == ["E504"]
    assert "encrypted" in report.failures[0].message


def test_links_and_images_leaving_the_folder_are_refused(root):
    path = root / CASE41
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "## Hvorfor saken fremmes",
        "Se [passord](../../../etc/passwd) og ![logo](/etc/hosts).\n\n## Hvorfor saken fremmes",
    )
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("Se [passord](../../../etc/passwd) og ![logo](/etc/hosts).") + 1
    report = run(root, formats=("pdf", "docx"), referats=())
    found = {(f.code, str(f.location)) for f in report.failures}
    # each finding points at the link target itself
    assert ("E701", f"{CASE41}:{line}:14") in found
    assert ("E701", f"{CASE41}:{line}:46") in found
    assert any("../../../etc/passwd" in f.message for f in report.failures)
    assert any("/etc/hosts" in f.message for f in report.failures)
    assert not any("sak-41" in p or "sakspapirer" in p for p in report.built)
    assert leftovers(root) == []


def test_links_to_the_cases_own_files_are_not_dead(root):
    from tests.test_public import output_text

    path = root / CASE41
    link = "[oversikten](41-status-handlingsplan/status-aktiviteter.md)"
    other = "[notatet](41-status-handlingsplan/notat.txt)"
    web = "[nettsiden](https://www.helseomsorg21.no)"
    anchor = "[bakgrunnen](#bakgrunn)"  # no heading has an identifier: it would be dead
    (root / "cases/2021/41-status-handlingsplan/notat.txt").write_text("notat")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "## Forslag til vedtak",
            f"Se {link}, {other} og {web}, jf. {anchor}.\n\n## Forslag til vedtak",
        )
    )
    report = run(root, referats=())
    assert report.failures == []
    expected = "Se oversikten (vedlegg 1), notatet (notat.txt) og nettsiden, jf. bakgrunnen."
    for fmt in ("docx", "pdf", "html"):
        shown = output_text(root / f"build/2021-5/sak-41-5-2021.{fmt}")
        if fmt == "html":
            assert 'href="41-status' not in shown and 'href="#' not in shown
            assert '<a href="https://www.helseomsorg21.no">nettsiden</a>' in shown
            shown = shown.replace(
                '<a href="https://www.helseomsorg21.no">nettsiden</a>', "nettsiden"
            )
        assert expected in shown, fmt
    assert expected in output_text(root / "build/2021-5/sakspapirer-5-2021.pdf")
    docx_xml = zipfile.ZipFile(root / "build/2021-5/sak-41-5-2021.docx").read(
        "word/_rels/document.xml.rels"
    )
    assert b"41-status-handlingsplan" not in docx_xml and b"helseomsorg21.no" in docx_xml


def test_pdfs_are_reproducible_with_source_date_epoch(root, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1630000000")
    outputs = []
    for _ in range(2):
        shutil.rmtree(root / "build")
        assert run(root, formats=("pdf",), referats=()).failures == []
        outputs.append({p.name: p.read_bytes() for p in (root / "build/2021-5").glob("*.pdf")})
    assert len(outputs[0]) == 12 and outputs[0] == outputs[1]


def test_raw_html_and_typst_stay_inert(root):
    path = root / CASE41
    text = path.read_text(encoding="utf-8").replace(
        "## Hvorfor saken fremmes",
        '<script>alert(1)</script>\n\n```{=typst}\n#panic("boom")\n```\n\n#panic("x") $x$\n\n'
        "## Hvorfor saken fremmes",
    )
    path.write_text(text, encoding="utf-8")
    report = run(root, formats=("html", "pdf"), referats=())
    assert report.failures == []
    html = (root / "build/2021-5/sak-41-5-2021.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_template_error_names_the_template(root):
    (root / "templates/sak.md.j2").write_text("# {{ case.tittel }}\n{{ no_such_value }}\n")
    report = run(root, formats=("html",), referats=())
    assert [(f.code, str(f.location)) for f in report.failures] == [
        ("E703", "templates/sak.md.j2:2:1")
    ]


def invoke(root: Path, *args: str):
    return CliRunner().invoke(app, list(args), env={"HO21_ROOT": str(root)})


def test_cli_refuses_an_archive_with_errors(root):
    shutil.rmtree(root / "build")
    path = root / CASE41
    path.write_text(path.read_text(encoding="utf-8").replace("## Forslag til vedtak", "## Forslag"))
    result = invoke(root, "build-agenda", "5/2021", "--format", "html")
    assert result.exit_code == 1
    assert f"{CASE41}:" in result.output and "E301" in result.output
    # the count says what is true: the errors, and the warnings check also found
    warnings = sum(1 for d in check(root)[1] if not d.is_error)
    assert warnings > 0
    assert (
        f"Found 1 error(s) (and {warnings} warning(s): see ho21 check). Fix the errors or "
        "build with --force." in result.output
    )
    assert not (root / "build").exists()
    forced = invoke(root, "build-agenda", "5/2021", "--format", "html", "--force")
    assert forced.exit_code == 0, forced.output
    assert "build/2021-5/sak-41-5-2021.html" in forced.output


def test_cli_refuses_a_meeting_without_cases(root):
    (root / "meetings/2021/6.yaml").write_text("mote: 6/2021\ndato: 2021-10-21\n")
    result = invoke(root, "build-agenda", "6/2021")
    assert result.exit_code == 1, result.output
    assert "meeting 6/2021 has no cases, so there is no agenda to send" in result.output
    assert "ho21 new-case --meeting 6/2021" in result.output
    assert not (root / "build/2021-6").exists()


def test_cli_usage_errors(root):
    result = invoke(root, "build-referat", "5/2021")
    assert result.exit_code == 2 and "no minutes of meeting 5/2021" in result.output
    assert invoke(root, "build-agenda", "9/2021").exit_code == 2
    bad = invoke(root, "build", "--format", "odt")
    assert bad.exit_code == 2 and "--format" in bad.output
    assert "Traceback" not in result.output + bad.output


def test_cli_build_reports_up_to_date(root):
    first = invoke(root, "build")  # meeting 4/2021's agenda is new; the rest is up to date
    assert first.exit_code == 0, first.output
    assert "build/2021-4/sakspapirer-4-2021.pdf" in first.output
    assert first.output.strip().endswith("Built 37 document(s), 37 up to date.")
    again = invoke(root, "build")
    assert again.output.strip() == "Built 0 document(s), 74 up to date."
