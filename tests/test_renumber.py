"""`ho21 renumber`: contiguous numbers, every reference kept, all files or none."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ho21.authoring import AuthoringError
from ho21.authoring.renumber import renumber
from ho21.checker import check
from ho21.cli import app
from ho21.loading import load
from ho21.model import Archive, MeetingId

REPO = Path(__file__).resolve().parent.parent


def run(root: Path, *args: str):
    return CliRunner().invoke(app, list(args), env={"HO21_ROOT": str(root)})


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file and folder below root (the lock file aside): the archive byte for byte,
    with each one's permissions and whether it is a symbolic link (and to what)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.name == ".ho21.lock":
            continue
        link = os.readlink(p) if p.is_symlink() else None
        content = p.read_bytes() if p.is_file() else b"<dir>"
        out[p.relative_to(root).as_posix()] = (content, stat.S_IMODE(p.lstat().st_mode), link)
    return out


def numbering_or_reference_errors(root: Path) -> list[str]:
    _archive, found = check(root)
    return [
        f"{d.location.path}:{d.location.line} {d.code} {d.message}"
        for d in found
        if d.code.startswith(("E10", "E20", "W106"))
    ]


# -- the references of an archive, by the identity of the files they are in and point at ----
def _digitless(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def identities(root: Path) -> dict[str, str]:
    """path -> a name for the file that survives renumbering: its text without digits."""
    out = {}
    for p in sorted((root / "cases").rglob("*.md")) + sorted((root / "meetings").rglob("*.md")):
        text = p.read_text(encoding="utf-8")
        out[p.relative_to(root).as_posix()] = hashlib.sha1(_digitless(text).encode()).hexdigest()
    return out


def reference_map(root: Path) -> list[tuple[str, int, str | None]]:
    """(file, n-th reference in it, file of the case it resolves to), sorted."""
    archive, _found = load(root)
    ids = identities(root)
    out = []
    for path, refs in _refs_by_file(archive).items():
        refs = sorted((r for r in refs if r.kind == "case"), key=lambda r: r.number_span)
        for i, ref in enumerate(refs):
            target = archive.resolve(ref)
            out.append((ids[path], i, ids[target.path] if target else None))
    return sorted(out, key=repr)


def _refs_by_file(archive: Archive):
    out = {}
    for case in archive.cases:
        out[case.path] = [*case.tidligere_behandlet, *case.refs]
    for referat in archive.referats.values():
        people = [*referat.tilstede, *referat.sekretariat, *referat.andre]
        front = [p.til_og_med for p in people if p.til_og_med]
        front += [r for p in people for r in p.saker]
        front += [referat.godkjent_i] if referat.godkjent_i else []
        out[referat.path] = [*referat.refs, *front]
    return out


def texts_without_numbers(root: Path) -> list[tuple[str, str]]:
    """Every file's path and text with digits masked: what renumbering may not change."""
    return sorted(
        (_digitless(p), _digitless(data[0].decode("utf-8", "replace")))
        for p, data in snapshot(root).items()
    )


# -- examples -----------------------------------------------------------------------------------
def test_deleting_a_case_and_renumbering(example_copy: Path) -> None:
    shutil.rmtree(example_copy / "cases/2021/42-innspill-til-langtidsplan")
    (example_copy / "cases/2021/42-innspill-til-langtidsplan.md").unlink()
    before = reference_map(example_copy)
    assert any(e.split()[1] == "E104" for e in numbering_or_reference_errors(example_copy))
    result = run(example_copy, "renumber")
    assert result.exit_code == 0, result.output
    assert "moved cases/2021/43-kunnskapsloft-for-kommunene.md → " in result.stdout
    assert numbering_or_reference_errors(example_copy) == []
    assert reference_map(example_copy) == before
    archive, found = check(example_copy)
    assert not [d for d in found if d.is_error]
    ksf = next(c for c in archive.cases if c.tittel.startswith("Et kunnskapsløft"))
    assert ksf.path == "cases/2021/42-kunnskapsloft-for-kommunene.md"
    assert ksf.vedlegg[0].fil == "42-kunnskapsloft-for-kommunene/kvalifiseringsskjema.md"
    assert (example_copy / "cases/2021/42-kunnskapsloft-for-kommunene/ksf-status.md").is_file()
    again = run(example_copy, "renumber")
    assert again.exit_code == 0 and "Nothing to renumber" in again.stdout


def _delete_42(root: Path) -> None:
    shutil.rmtree(root / "cases/2021/42-innspill-til-langtidsplan")
    (root / "cases/2021/42-innspill-til-langtidsplan.md").unlink()


def test_links_and_images_into_the_moved_folder_follow_it(example_copy: Path) -> None:
    folder = example_copy / "cases/2021/45-forbedret-samspill-e-helse"
    (folder / "figur.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    case = example_copy / "cases/2021/45-forbedret-samspill-e-helse.md"
    case.write_text(
        case.read_text()
        + "\n![Figur](45-forbedret-samspill-e-helse/figur.png)\n\n"
        + "Se [notatet](45-forbedret-samspill-e-helse/notat-e-helse.md) og igjen\n"
        + '[notatet](./45-forbedret-samspill-e-helse/notat-e-helse.md "tittel"), ikke\n'
        + "[nettet](https://example.org/45-forbedret-samspill-e-helse/a.md) og teksten\n"
        + "45-forbedret-samspill-e-helse/figur.png.\n"
    )
    _delete_42(example_copy)
    assert run(example_copy, "renumber").exit_code == 0
    text = (example_copy / "cases/2021/44-forbedret-samspill-e-helse.md").read_text()
    assert "![Figur](44-forbedret-samspill-e-helse/figur.png)" in text
    assert "Se [notatet](44-forbedret-samspill-e-helse/notat-e-helse.md) og igjen" in text
    assert '[notatet](./44-forbedret-samspill-e-helse/notat-e-helse.md "tittel")' in text
    assert "(https://example.org/45-forbedret-samspill-e-helse/a.md)" in text  # not a file
    assert "teksten\n45-forbedret-samspill-e-helse/figur.png.\n" in text  # not a link
    _archive, found = check(example_copy)
    assert [d for d in found if d.is_error] == []


def test_the_same_link_twice_in_a_paragraph_follows_the_folder_both_times(
    example_copy: Path,
) -> None:
    case = example_copy / "cases/2021/45-forbedret-samspill-e-helse.md"
    link = "[notatet](45-forbedret-samspill-e-helse/notat-e-helse.md)"
    case.write_text(case.read_text() + f"\nSe {link}, og igjen {link}.\n")
    _delete_42(example_copy)
    assert run(example_copy, "renumber").exit_code == 0
    text = (example_copy / "cases/2021/44-forbedret-samspill-e-helse.md").read_text()
    moved = link.replace("45-", "44-")
    assert f"\nSe {moved}, og igjen {moved}.\n" in text


def test_reference_style_link_definitions_follow_the_folder(example_copy: Path) -> None:
    case = example_copy / "cases/2021/45-forbedret-samspill-e-helse.md"
    case.write_text(
        case.read_text()
        + "\nSe [notatet][r], [figuren][f] og [det andre][q].\n\n"
        + "[r]: 45-forbedret-samspill-e-helse/notat-e-helse.md\n"
        + '  [f]:\n   <./45-forbedret-samspill-e-helse/notat-e-helse.md> "Tittel"\n'
        + "> [q]: 45-forbedret-samspill-e-helse/notat-e-helse.md\n\n"
        + "    [kode]: 45-forbedret-samspill-e-helse/notat-e-helse.md\n"
    )
    _delete_42(example_copy)
    assert run(example_copy, "renumber").exit_code == 0
    text = (example_copy / "cases/2021/44-forbedret-samspill-e-helse.md").read_text()
    assert "\n[r]: 44-forbedret-samspill-e-helse/notat-e-helse.md\n" in text
    assert '  [f]:\n   <./44-forbedret-samspill-e-helse/notat-e-helse.md> "Tittel"\n' in text
    assert "\n> [q]: 44-forbedret-samspill-e-helse/notat-e-helse.md\n" in text
    # indented four spaces it is code, not a definition: left as written
    assert "\n    [kode]: 45-forbedret-samspill-e-helse/notat-e-helse.md\n" in text
    _archive, found = check(example_copy)
    assert [d for d in found if d.is_error] == []


def test_references_in_markdown_attachments_are_rewritten(example_copy: Path) -> None:
    status = example_copy / "cases/2021/43-kunnskapsloft-for-kommunene/ksf-status.md"
    status.write_text(status.read_text() + "Dette notatet følger opp Sak 46/5/2021.\n")
    _delete_42(example_copy)
    result = run(example_copy, "renumber")
    assert result.exit_code == 0, result.output
    moved = example_copy / "cases/2021/42-kunnskapsloft-for-kommunene/ksf-status.md"
    assert moved.read_text().endswith("Dette notatet følger opp Sak 45/5/2021.\n")
    # the shipped attachment's reference to an earlier year's case stays as it was
    activities = example_copy / "cases/2021/41-status-handlingsplan/status-aktiviteter.md"
    assert "planen fra sak 17-20 (møte 2/2020)" in activities.read_text()


def test_an_attachment_reference_that_would_be_captured_is_refused(example_copy: Path) -> None:
    status = example_copy / "cases/2021/43-kunnskapsloft-for-kommunene/ksf-status.md"
    status.write_text(status.read_text() + "Se sak 42/5/2021.\n")  # deleted; soon case 43
    _delete_42(example_copy)
    before = snapshot(example_copy)
    result = run(example_copy, "renumber")
    assert result.exit_code == 1
    # check does not look at an attachment's references, so the refusal says what to do
    assert result.stderr == (
        "error: nothing was changed: these references name cases that do not exist (deleted, "
        "or never there), and renumbering would make them name other cases; correct each to "
        "the case it means, or remove it, then run ho21 renumber again:\n"
        "  cases/2021/43-kunnskapsloft-for-kommunene/ksf-status.md:44:8: '42/5/2021' names no "
        "case (in an attachment, whose references ho21 check does not check); after "
        "renumbering it would name 42/5/2021 'Et kunnskapsløft for kommunene – "
        "videreutvikling av KSF'\n"
    )
    assert snapshot(example_copy) == before


def test_a_case_moved_to_a_later_meeting_goes_after_its_opening_items(
    example_copy: Path,
) -> None:
    assert run(example_copy, "new-meeting", "6/2021", "--date", "2021-10-21").exit_code == 0
    plan = example_copy / "cases/2021/44-kommunikasjonsplan.md"
    plan.write_text(plan.read_text().replace("sak: 44/5/2021", "sak: 44/6/2021", 1))
    result = run(example_copy, "renumber")
    assert result.exit_code == 0, result.output
    archive, _found = load(example_copy)
    agenda = [(c.number.n, c.tittel) for c in archive.agenda(MeetingId(2021, 6))]
    assert [n for n, _t in agenda] == list(range(47, 53))
    assert [t for _n, t in agenda][2:5] == [
        "Godkjenning av referat fra møte 5/2021",
        "Kommunikasjonsplan for HelseOmsorg21-rådet",
        "Eventuelt",
    ]


def test_every_style_of_reference_is_kept(example_copy: Path) -> None:
    case = example_copy / "cases/2021/44-kommunikasjonsplan.md"
    styles = (
        "Se Sak 45/5/2021, (sak 45/5/2021), 45/5/2021, sak 45-5-2021, Sak 45-21 (møte 5/2021), "
        "sak 45-21, Sak HO21-rådet 45/5/21 og t.o.m. Sak 47/5/21.\n"
    )
    case.write_text(case.read_text() + "\n" + styles)
    (example_copy / "cases/2021/41-status-handlingsplan.md").unlink()
    shutil.rmtree(example_copy / "cases/2021/41-status-handlingsplan")
    assert run(example_copy, "renumber").exit_code == 0
    text = (example_copy / "cases/2021/43-kommunikasjonsplan.md").read_text()
    assert text.endswith(
        "Se Sak 44/5/2021, (sak 44/5/2021), 44/5/2021, sak 44-5-2021, Sak 44-21 (møte 5/2021), "
        "sak 44-21, Sak HO21-rådet 44/5/21 og t.o.m. Sak 46/5/21.\n"
    )
    assert numbering_or_reference_errors(example_copy) == []


def test_referat_headings_til_og_med_and_godkjent_i(example_copy: Path) -> None:
    # a case added by hand to meeting 5, with a number of its own: it goes before the
    # meeting's closing items, as new-case puts it
    (example_copy / "cases/2021/100-ny-sak.md").write_text(
        "---\nsak: 100/5/2021\ntittel: Ny sak\ntype: [Orienteringssak]\n---\n\n"
        "## Forslag til vedtak\n\nTas til orientering.\n"
    )
    # and case 33 deleted from meeting 4 is not possible: its referat section names it
    before = reference_map(example_copy)
    assert run(example_copy, "renumber").exit_code == 0
    assert reference_map(example_copy) == before
    assert (example_copy / "cases/2021/46-ny-sak.md").is_file()
    assert (example_copy / "cases/2021/48-evaluering-av-motet.md").is_file()
    assert numbering_or_reference_errors(example_copy) == []


def test_a_reference_that_would_be_captured_is_refused(example_copy: Path) -> None:
    (example_copy / "cases/2021/44-kommunikasjonsplan.md").unlink()
    shutil.rmtree(example_copy / "cases/2021/44-kommunikasjonsplan")
    case = example_copy / "cases/2021/43-kunnskapsloft-for-kommunene.md"
    case.write_text(case.read_text() + "\nSe også sak 44/5/2021.\n")
    before = snapshot(example_copy)
    result = run(example_copy, "renumber")
    assert result.exit_code == 1
    assert "cases/2021/43-kunnskapsloft-for-kommunene.md:" in result.stderr
    assert "names no case; after renumbering it would name 44/5/2021 'Forbedret" in result.stderr
    assert snapshot(example_copy) == before


def test_a_reference_to_a_number_two_cases_had_is_pointed_out(example_copy: Path) -> None:
    """After a merge two cases have one number (E102). Renumbering gives each its own, and a
    reference to the shared number follows the one check resolves it to: the warning names
    the reference and the new number of each other case it may have meant."""
    (example_copy / "cases/2021/44-arbeidsgruppe.md").write_text(
        "---\nsak: 44/5/2021\ntittel: Arbeidsgruppe\ntype: [Orienteringssak]\n---\n\n"
        "## Forslag til vedtak\n\nTas til orientering.\n"
    )
    case = example_copy / "cases/2021/43-kunnskapsloft-for-kommunene.md"
    lines = case.read_text().count("\n")
    case.write_text(case.read_text() + "\nSe sak 44/5/2021 og sak 45/5/2021.\n")
    where = f"cases/2021/43-kunnskapsloft-for-kommunene.md:{lines + 2}:8"
    warning = (
        f"warning: {where}: '44/5/2021' was written when 2 cases had that number; it now names "
        "44/5/2021 'Arbeidsgruppe'; if it means another, write its new number: 45/5/2021 "
        "'Kommunikasjonsplan for HelseOmsorg21-rådet'\n"
    )
    dry = run(example_copy, "renumber", "--dry-run")
    assert dry.exit_code == 0 and dry.stderr == warning
    result = run(example_copy, "renumber")
    assert result.exit_code == 0 and result.stderr == warning
    assert case.read_text().endswith("Se sak 44/5/2021 og sak 46/5/2021.\n")
    assert (example_copy / "cases/2021/45-kommunikasjonsplan.md").is_file()
    assert numbering_or_reference_errors(example_copy) == []
    assert run(example_copy, "renumber").stderr == ""  # one number each: nothing to say


def test_unreadable_files_block_renumbering(example_copy: Path) -> None:
    (example_copy / "cases/2021/44-kommunikasjonsplan.md").write_text("no front matter\n")
    (example_copy / "cases/2021/42-innspill-til-langtidsplan.md").unlink()
    before = snapshot(example_copy)
    result = run(example_copy, "renumber")
    assert result.exit_code == 1
    assert "cases/2021/44-kommunikasjonsplan.md:1:1: error E002" in result.stderr
    assert snapshot(example_copy) == before


def test_a_merge_left_unfinished_blocks_renumbering(example_copy: Path) -> None:
    """Both versions of a merge in a case's text: which references stand is not settled, so
    no number moves (the gap at 42 would otherwise be closed under the unfinished merge)."""
    case = example_copy / "cases/2021/41-status-handlingsplan.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(
        text.replace(
            "\n## ",
            "\n<<<<<<< HEAD\nSe sak 43/5/2021.\n=======\nSe sak 44/5/2021.\n>>>>>>> annen\n\n## ",
            1,
        ),
        encoding="utf-8",
    )
    (example_copy / "cases/2021/42-innspill-til-langtidsplan.md").unlink()
    before = snapshot(example_copy)
    result = run(example_copy, "renumber")
    assert result.exit_code == 1
    assert "not settled" in result.stderr
    assert "cases/2021/41-status-handlingsplan.md:" in result.stderr and " E007 " in result.stderr
    assert snapshot(example_copy) == before


def test_dry_run_prints_a_diff_and_changes_nothing(example_copy: Path) -> None:
    (example_copy / "cases/2021/42-innspill-til-langtidsplan.md").unlink()
    shutil.rmtree(example_copy / "cases/2021/42-innspill-til-langtidsplan")
    before = snapshot(example_copy)
    result = run(example_copy, "renumber", "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(example_copy) == before
    out = result.stdout
    assert "--- a/cases/2021/43-kunnskapsloft-for-kommunene.md\n" in out
    assert "+++ b/cases/2021/42-kunnskapsloft-for-kommunene.md\n" in out
    assert "-sak: 43/5/2021\n+sak: 42/5/2021\n" in out
    assert (
        "+**Et kunnskapsløft for kommunene.** Området har egen sak på dagens møte (Sak 42/5/2021)."
        in out
    )
    assert (
        "rename cases/2021/43-kunnskapsloft-for-kommunene/ → cases/2021/42-kunnskapsloft-for-kommunene/"
        in out
    )


def test_one_meeting_only(example_copy: Path) -> None:
    (example_copy / "cases/2021/44-kommunikasjonsplan.md").unlink()
    shutil.rmtree(example_copy / "cases/2021/44-kommunikasjonsplan")
    bad = run(example_copy, "renumber", "7/2021")
    assert bad.exit_code == 2 and "meeting 7/2021 does not exist" in bad.stderr
    assert run(example_copy, "renumber", "5/2021").exit_code == 0
    assert numbering_or_reference_errors(example_copy) == []
    assert (example_copy / "cases/2021/46-evaluering-av-motet.md").is_file()


def test_one_meeting_says_what_it_looked_at_and_where_gaps_remain(example_copy: Path) -> None:
    (example_copy / "cases/2021/30-status-handlingsplan.md").unlink()  # a gap in 4/2021
    result = run(example_copy, "renumber", "5/2021")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Nothing to renumber: the running numbers of 5/2021 are contiguous.\n"
    assert result.stderr == (
        "note: the running numbers of 4/2021 are not contiguous; "
        "ho21 renumber without a meeting makes them so\n"
    )
    new = run(example_copy, "new-meeting", "6/2021", "--date", "2021-12-01")
    assert new.exit_code == 0, new.output
    result = run(example_copy, "renumber", "5/2021")
    assert result.stdout == (
        "Nothing to renumber: the running numbers of 5/2021 and the later meetings of 2021 "
        "are contiguous.\n"
    )


def test_line_endings_and_bom_are_kept(example_copy: Path) -> None:
    path = example_copy / "cases/2021/41-status-handlingsplan.md"
    crlf = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(crlf)
    (example_copy / "cases/2021/38-godkjenning-av-innkalling-og-sakliste.md").unlink()
    assert run(example_copy, "renumber", "5/2021").exit_code == 0
    new = (example_copy / "cases/2021/40-status-handlingsplan.md").read_bytes()
    assert new.startswith(b"\xef\xbb\xbf---\r\nsak: 40/5/2021\r\n")
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert b"Se Sak 44/5/2021." in new and b"(Sak 42/5/2021)" in new
    assert (
        new.replace(b"40/5", b"41/5")
        .replace(b"44/5", b"45/5")
        .replace(b"42/5", b"43/5")
        .replace(b"40-status", b"41-status")
        == crlf
    )


def test_rewritten_files_keep_their_permissions(example_copy: Path) -> None:
    cases = example_copy / "cases/2021"
    (cases / "41-status-handlingsplan.md").chmod(0o600)  # private: must not become readable
    (cases / "46-eventuelt.md").chmod(0o755)
    _delete_42(example_copy)
    assert run(example_copy, "renumber").exit_code == 0
    assert b"Sak 44/5/2021" in (cases / "41-status-handlingsplan.md").read_bytes()  # rewritten
    assert stat.S_IMODE((cases / "41-status-handlingsplan.md").stat().st_mode) == 0o600
    assert (cases / "45-eventuelt.md").read_text().startswith("---\nsak: 45/5/2021\n")
    assert stat.S_IMODE((cases / "45-eventuelt.md").stat().st_mode) == 0o755


def test_a_case_file_that_is_a_link_is_written_through(example_copy: Path) -> None:
    cases = example_copy / "cases/2021"
    shared = example_copy / "delt"
    shared.mkdir()
    (cases / "41-status-handlingsplan.md").rename(shared / "status.md")
    (cases / "41-status-handlingsplan.md").symlink_to("../../delt/status.md")
    _delete_42(example_copy)
    assert run(example_copy, "renumber").exit_code == 0
    link = cases / "41-status-handlingsplan.md"
    assert link.is_symlink() and os.readlink(link) == "../../delt/status.md"
    assert "Se Sak 44/5/2021." in (shared / "status.md").read_text()
    assert numbering_or_reference_errors(example_copy) == []


def test_a_link_out_of_the_archive_is_refused(example_copy: Path, tmp_path: Path) -> None:
    cases = example_copy / "cases/2021"
    outside = tmp_path / "elsewhere.md"
    (cases / "41-status-handlingsplan.md").rename(outside)
    (cases / "41-status-handlingsplan.md").symlink_to(outside)
    _delete_42(example_copy)
    before, text = snapshot(example_copy), outside.read_bytes()
    result = run(example_copy, "renumber")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cases/2021/41-status-handlingsplan.md is a symbolic link to {outside}, "
        "outside the archive; ho21 changes files inside the archive only: put the file "
        "itself in the archive\n"
    )
    assert snapshot(example_copy) == before and outside.read_bytes() == text


def _count_replaces(root: Path, monkeypatch) -> int:
    calls = 0
    real = os.replace

    def counting(src, dst):
        nonlocal calls
        calls += 1
        return real(src, dst)

    monkeypatch.setattr(os, "replace", counting)
    renumber(root)
    monkeypatch.setattr(os, "replace", real)
    return calls


def _prepare(root: Path) -> None:
    """Delete case 41, so every later case of 2021 moves; two of them have their own
    permissions, which an undone step must restore too."""
    (root / "cases/2021/41-status-handlingsplan.md").unlink()
    shutil.rmtree(root / "cases/2021/41-status-handlingsplan")
    (root / "cases/2021/42-innspill-til-langtidsplan.md").chmod(0o600)
    (root / "cases/2021/46-eventuelt.md").chmod(0o755)


def _at_every_replace(example_copy: Path, tmp_path: Path, monkeypatch, step) -> None:
    """Renumber a fresh copy once for every os.replace it makes, with `step(src, dst)` in
    place of the n-th call: each time, renumber must refuse, say nothing was changed, and
    leave the archive byte for byte (and mode for mode) as it was."""
    trial = tmp_path / "trial"
    shutil.copytree(example_copy, trial)
    _prepare(trial)
    total = _count_replaces(trial, monkeypatch)
    assert total > 10
    real = os.replace
    for n in range(1, total + 1):
        root = tmp_path / f"run{n}"
        shutil.copytree(example_copy, root)
        _prepare(root)
        before = snapshot(root)
        calls = 0

        def replace(src, dst, n=n):
            nonlocal calls
            calls += 1
            return step(real, src, dst) if calls == n else real(src, dst)

        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(AuthoringError, match="nothing was changed") as caught:
            renumber(root)
        monkeypatch.setattr(os, "replace", real)
        assert snapshot(root) == before, f"{caught.value} at os.replace call {n} left changes"
        yield caught.value


def test_a_failure_at_any_step_leaves_the_archive_as_it_was(
    example_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    def failing(_real, _src, dst):
        raise OSError(5, "Input/output error", str(dst))

    for _refusal in _at_every_replace(example_copy, tmp_path, monkeypatch, failing):
        pass


def test_ctrl_c_at_any_step_leaves_the_archive_as_it_was(
    example_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    """SIGINT right after each os.replace (where it used to land between a step and its undo
    record): the step completes, every step is undone, and the user is told so."""

    def interrupted(real, src, dst):
        real(src, dst)
        os.kill(os.getpid(), signal.SIGINT)

    for refusal in _at_every_replace(example_copy, tmp_path, monkeypatch, interrupted):
        assert str(refusal) == "interrupted; nothing was changed" and refusal.code == 130
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


_INTERRUPT_AT = """
import os, signal, sys
from ho21.cli import main
real, calls, at = os.replace, 0, int(sys.argv[1])
def replace(src, dst):
    global calls
    calls += 1
    real(src, dst)
    if calls == at:
        os.kill(os.getpid(), signal.SIGINT)
os.replace = replace
sys.argv = ["ho21", "renumber"]
main()
"""


def test_ctrl_c_in_the_command_says_nothing_was_changed(example_copy: Path) -> None:
    _prepare(example_copy)
    before = snapshot(example_copy)
    env = {**os.environ, "HO21_ROOT": str(example_copy), "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_AT, "3"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == "error: interrupted; nothing was changed\n"
    assert snapshot(example_copy) == before


# -- property: random hand edits, then renumber -------------------------------------------------
EXAMPLE = tempfile.mkdtemp(prefix="ho21-example-")
for _folder in ("cases", "meetings"):
    shutil.copytree(REPO / _folder, Path(EXAMPLE) / _folder, dirs_exist_ok=True)

ops = st.lists(
    st.one_of(
        st.tuples(st.just("delete"), st.integers(0, 100)),
        st.tuples(
            st.just("insert"),
            st.sampled_from([4, 5]),
            # an agenda position (a number taken), a free number after every block, or one
            # before the archive's first case (the first meeting then starts lower)
            st.one_of(st.integers(0, 12), st.integers(60, 99), st.integers(101, 126)),
            st.integers(0, 100),
        ),
        st.tuples(
            st.just("move"), st.integers(0, 100), st.sampled_from([4, 5]), st.integers(0, 12)
        ),
    ),
    min_size=1,
    max_size=4,
)


def _referenced(archive: Archive) -> set[str]:
    out = set()
    for path, refs in _refs_by_file(archive).items():
        for ref in refs:
            target = archive.resolve(ref)
            if target is not None and target.path != path:
                out.add(target.path)
    return out


def _apply(root: Path, op: tuple, k: int) -> None:
    archive, _found = load(root)
    free = sorted(c.path for c in archive.cases if c.path not in _referenced(archive))
    agenda = {m: archive.agenda(mid) for mid in archive.meetings if (m := mid.m) in (4, 5)}
    if op[0] == "delete" and free:
        path = root / free[op[1] % len(free)]
        path.unlink()
        shutil.rmtree(path.with_suffix(""), ignore_errors=True)
    elif op[0] == "insert":
        _kind, m, position, target = op
        cases = agenda[m]
        n = cases[position % len(cases)].number.n if position < 60 else position % 100
        pointed = archive.cases[target % len(archive.cases)].number
        body = f"Se sak {pointed} og sak {pointed.n}-{pointed.m}-{pointed.year}."
        name = "abcdefgh"[k]  # not a digit: files must differ in more than their numbers
        (root / f"cases/2021/{n}-ny-sak-{name}.md").write_text(
            f"---\nsak: {n}/{m}/2021\ntittel: Ny sak {name}\ntype: [Orienteringssak]\n---\n\n"
            f"{body}\n\n## Forslag til vedtak\n\nTas til orientering.\n"
        )
    elif op[0] == "move" and free:
        _kind, index, m, position = op
        path = root / free[index % len(free)]
        cases = agenda[m]
        n = cases[position % len(cases)].number.n
        text = path.read_text()
        path.write_text(re.sub(r"(?m)^sak: \d+/\d+/2021", f"sak: {n}/{m}/2021", text, count=1))


@settings(
    max_examples=int(os.environ.get("HO21_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops)
def test_renumber_after_random_hand_edits(edits: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "archive"
        shutil.copytree(EXAMPLE, root)
        for k, op in enumerate(edits):
            _apply(root, op, k)
        _archive, found = check(root)
        assume(not [d for d in found if d.code == "E201"])
        references = reference_map(root)
        texts = texts_without_numbers(root)
        renumber(root)
        assert numbering_or_reference_errors(root) == []
        assert reference_map(root) == references
        assert texts_without_numbers(root) == texts
