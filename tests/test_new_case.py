"""`ho21 new-case`: numbering before the closing items, prompts, exclusive and atomic creation."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ho21.authoring import AuthoringError, prompts
from ho21.authoring.new_case import AttachmentSpec, NewCase, create
from ho21.authoring.text import slugify, yaml_scalar
from ho21.checker import check
from ho21.cli import app
from ho21.model import MeetingId
from tests.test_documents import make_docx, make_pdf

OFFICER = "Ina Dahlsveen"


def run(root: Path, *args: str, input: str | None = None):
    env = {"HO21_ROOT": str(root)}
    return CliRunner().invoke(app, list(args), env=env, input=input, catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below root, by relative path (the lock file aside)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".ho21.lock"
    }


def errors(root: Path) -> list[str]:
    _archive, found = check(root)
    return [
        f"{d.location.path}:{d.location.line} {d.code} {d.message}" for d in found if d.is_error
    ]


def new_case_args(title: str, meeting: str = "5/2021", *extra: str) -> list[str]:
    return ["new-case", "--meeting", meeting, "--title", title, "--type", "Vedtakssak",
            "--saksbehandler", OFFICER, *extra]  # fmt: skip


def test_new_case_goes_before_the_closing_items(example_copy: Path) -> None:
    result = run(example_copy, *new_case_args("Oppfølging av kliniske studier"))
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.name == "46-oppfolging-av-kliniske-studier.md"
    cases = example_copy / "cases/2021"
    assert (cases / "47-eventuelt.md").read_text().startswith("---\nsak: 47/5/2021\n")
    assert (cases / "48-evaluering-av-motet.md").read_text().startswith("---\nsak: 48/5/2021\n")
    assert not (cases / "46-eventuelt.md").exists()
    assert "moved cases/2021/46-eventuelt.md → cases/2021/47-eventuelt.md" in result.stderr
    assert errors(example_copy) == []
    archive, found = check(example_copy)
    mine = [d for d in found if d.location.path.endswith(path.name)]
    assert {d.code for d in mine} == {"W302"}
    case = next(c for c in archive.cases if c.path.endswith(path.name))
    assert [h.title for h in case.headings] == [
        "Bakgrunn", "Hvorfor saken fremmes", "Hovedpunkter", "Forslag til vedtak",
    ]  # fmt: skip
    assert case.saksbehandler == (OFFICER,)


def test_two_new_cases_in_a_new_meeting(example_copy: Path) -> None:
    assert run(example_copy, "new-meeting", "6/2021", "--date", "2021-10-21").exit_code == 0
    first = run(example_copy, *new_case_args("Første nye sak", "6/2021"))
    second = run(example_copy, *new_case_args("Andre nye sak", "6/2021"))
    assert first.exit_code == second.exit_code == 0
    archive, found = check(example_copy)
    titles = [c.tittel for c in archive.agenda(MeetingId(2021, 6))]
    assert titles[-4:] == ["Første nye sak", "Andre nye sak", "Eventuelt", "Evaluering av møtet"]
    assert [c.number.n for c in archive.agenda(MeetingId(2021, 6))] == list(range(48, 55))
    # the referat-approval case attaches the minutes of 5/2021, which are not written yet
    assert {d.code for d in found if d.is_error} <= {"E501"}


def test_attachments_stub_and_copy(example_copy: Path, tmp_path: Path) -> None:
    source = tmp_path / "Rapport 2021.PDF"
    make_pdf(source, "Rapport")
    result = run(
        example_copy,
        *new_case_args("Ny rapport", "5/2021", "--vedlegg", "Notat om saken",
                       "--vedlegg", f"Rapport=om saken={source}"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = example_copy / "cases/2021/46-ny-rapport"
    assert (folder / "notat-om-saken.md").read_text().startswith("# Notat om saken")
    assert (folder / "rapport-2021.pdf").read_bytes() == source.read_bytes()
    front = yaml.safe_load(
        (example_copy / "cases/2021/46-ny-rapport.md").read_text().split("---")[1]
    )
    assert front["vedlegg"] == [
        {"tittel": "Notat om saken", "fil": "46-ny-rapport/notat-om-saken.md"},
        {"tittel": "Rapport=om saken", "fil": "46-ny-rapport/rapport-2021.pdf"},
    ]


def test_bad_options_are_usage_errors(example_copy: Path) -> None:
    before = snapshot(example_copy)
    good = {"--meeting": "5/2021", "--title": "Tittel", "--type": "Vedtakssak",
            "--saksbehandler": OFFICER}  # fmt: skip
    cases = [
        ({"--type": "Vedtaksak"}, "did you mean 'Vedtakssak'?"),
        ({"--saksbehandler": "Ina Dalsveen"}, "did you mean 'Ina Dahlsveen'?"),
        ({"--saksbehandler": "ina"}, "did you mean 'Ina Dahlsveen'?"),  # a first name
        ({"--saksbehandler": "Dahlsveen"}, "did you mean 'Ina Dahlsveen'?"),
        ({"--meeting": "9/2021"}, "no such meeting"),
        ({"--meeting": "5-2021"}, "not a meeting number"),
        ({"--vedlegg": "Notat=/no/such/file.pdf"}, "no such file"),
        ({"--title": "To\nlinjer"}, "one line"),
    ]
    for change, message in cases:
        args = [part for pair in {**good, **change}.items() for part in pair]
        result = run(example_copy, "new-case", *args)
        assert result.exit_code == 2, (change, result.output)
        assert result.stderr.startswith("error: ") and message in result.stderr, result.stderr
        assert "Traceback" not in result.output
    assert snapshot(example_copy) == before


def test_a_meeting_with_minutes_is_closed(example_copy: Path) -> None:
    result = run(example_copy, *new_case_args("For sent", "4/2021"))
    assert result.exit_code == 1
    assert "meetings/2021/4.referat.md" in result.stderr


def _hold_meeting_6(root: Path) -> None:
    """Meeting 6/2021 after 5/2021, its minutes written; 5/2021 has none."""
    assert run(root, "new-meeting", "6/2021", "--date", "2021-10-21").exit_code == 0
    (root / "meetings/2021/6.referat.md").write_text("---\nmote: 6/2021\nstatus: utkast\n---\n")


def test_a_held_later_meeting_does_not_move(example_copy: Path) -> None:
    _hold_meeting_6(example_copy)
    before = snapshot(example_copy)
    result = run(example_copy, *new_case_args("For tidlig", "5/2021"))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: meeting 6/2021 is held (its minutes are in meetings/2021/6.referat.md), and a "
        "new case in 5/2021 would renumber its cases; add the case to a meeting after 6/2021 "
        "instead (create one with ho21 new-meeting)\n"
    )
    assert snapshot(example_copy) == before


def test_the_prompt_offers_no_meeting_before_a_held_one(example_copy: Path, monkeypatch) -> None:
    from ho21.loading import load

    assert prompts.upcoming(load(example_copy)[0]) == MeetingId(2021, 5)
    _hold_meeting_6(example_copy)
    assert prompts.upcoming(load(example_copy)[0]) is None


def test_the_prompt_checks_each_answer_as_the_option_is_checked(
    example_copy: Path, monkeypatch
) -> None:
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    answers = (
        "4/2021\n\n\n  \n" + "x" * 301 + "\nSak fra terminalen  \n"
        "Vedtaksak\nvedtakssak\nHO21-sekretariatet\n"
    )
    result = run(example_copy, "new-case", input=answers)
    assert result.exit_code == 0, result.output
    err = result.stderr
    # the meeting that is over is refused at once, before the title is asked for
    assert err.index("meeting 4/2021 is over") < err.index("Title (tittel)")
    # each refusal is a sentence about the title, the empty answer's as well
    title = err[err.index("Title (tittel)") : err.index("Type of case")]
    assert title.count("  The title is empty; give the case a title\n") == 2, title
    assert "  The title is 301 characters long; at most 300 are allowed\n" in title
    assert "  'Vedtaksak' is not a type of case; did you mean 'Vedtakssak'?" in err
    text = (example_copy / "cases/2021/46-sak-fra-terminalen.md").read_text()
    assert (
        "tittel: Sak fra terminalen\ntype: [Vedtakssak]\nsaksbehandler: [HO21-sekretariatet]\n"
        in text
    )
    # the option takes the same answers
    same = run(example_copy, *new_case_args("Sak fra valget  ", "5/2021")[:5],
               "--saksbehandler", "HO21-sekretariatet", "--type", "vedtakssak")  # fmt: skip
    assert same.exit_code == 0, same.output
    text = (example_copy / "cases/2021/47-sak-fra-valget.md").read_text()
    assert (
        "tittel: Sak fra valget\ntype: [Vedtakssak]\nsaksbehandler: [HO21-sekretariatet]\n" in text
    )


def test_title_messages_say_what_is_wrong(example_copy: Path) -> None:
    too_long = run(example_copy, *new_case_args("ord " * 80))
    assert too_long.exit_code == 2
    assert too_long.stderr == "error: --title is 319 characters long; at most 300 are allowed\n"
    empty = run(example_copy, *new_case_args("   "))
    assert empty.stderr == "error: --title is empty; give the case a title\n"


def test_a_long_title_gets_a_short_file_name(example_copy: Path) -> None:
    result = run(example_copy, *new_case_args("x" * 293))
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).name == "46-" + "x" * 60 + ".md"


def test_a_file_system_error_names_the_user_s_file(example_copy: Path, monkeypatch) -> None:
    before = snapshot(example_copy)
    real = os.replace

    def refused(src, dst):
        if str(dst).endswith("46-eventuelt.md"):  # as `chattr +i` makes it
            raise OSError(errno.EPERM, "Operation not permitted", str(src), str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", refused)
    result = run(example_copy, *new_case_args("Ny sak"))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: cases/2021/46-eventuelt.md: Operation not permitted; nothing was changed "
        "(every step was undone)\n"
    )
    monkeypatch.setattr(os, "replace", real)
    assert snapshot(example_copy) == before


def test_edit_without_a_terminal_starts_no_editor(example_copy: Path, monkeypatch) -> None:
    import click

    monkeypatch.setattr(prompts, "interactive", lambda: False)
    monkeypatch.setattr(click, "edit", lambda **_kw: pytest.fail("an editor was started"))
    result = run(example_copy, *new_case_args("Ny sak"), "--edit")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("cases/2021/46-ny-sak.md")
    assert "note: --edit opens an editor only in a terminal; none was started" in result.stderr


def test_help_names_the_meeting_as_errors_do() -> None:
    for command in ("new-case", "new-meeting", "renumber"):
        shown = CliRunner().invoke(app, [command, "--help"]).stdout
        assert "MEETING" in shown and "M/YYYY" not in shown, command


def test_without_a_terminal_missing_options_are_named(example_copy: Path, monkeypatch) -> None:
    monkeypatch.setattr(prompts, "interactive", lambda: False)
    result = run(example_copy, "new-case", "--title", "Noe")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: missing --meeting, --type, --saksbehandler")
    assert "not running in a terminal" in result.stderr


def test_prompts_ask_for_what_is_missing(example_copy: Path, monkeypatch) -> None:
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    # meeting: accept the default (5/2021, the last one without minutes); title; types by
    # number and name after one wrong answer; case officer by number
    answers = "\nSak fra terminalen\n9\n1, vedtakssak\n5\n"
    result = run(example_copy, "new-case", input=answers)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("cases/2021/46-sak-fra-terminalen.md")
    assert "not an option: 9" in result.stderr
    text = (example_copy / "cases/2021/46-sak-fra-terminalen.md").read_text()
    assert "type: [Orienteringssak, Vedtakssak]\n" in text
    assert "saksbehandler: [Ina Dahlsveen]\n" in text  # the 5th of the secretariat


def test_questions_left_unanswered_create_nothing(example_copy: Path, monkeypatch) -> None:
    """Ctrl-D (or Ctrl-C) at a question: the command says no case was created."""
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    before = snapshot(example_copy)
    result = run(example_copy, "new-case", input="\nSak fra terminalen\n")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "error: stopped before every question was answered; no case was created\n"
    )
    assert snapshot(example_copy) == before


def test_never_overwrites_and_leaves_nothing_half_done(example_copy: Path) -> None:
    stale = example_copy / "cases/2021/46-ny-sak"
    stale.mkdir()
    (stale / "notat.md").write_text("someone else's file\n")
    before = snapshot(example_copy)
    result = run(example_copy, *new_case_args("Ny sak", "5/2021", "--vedlegg", "Notat"))
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert snapshot(example_copy) == before  # Eventuelt and Evaluering did not move either


def test_failing_creation_is_rolled_back(example_copy: Path, monkeypatch) -> None:
    before = snapshot(example_copy)

    def broken_link(src, dst):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "link", broken_link)
    request = NewCase(MeetingId(2021, 5), "Ny sak", ["Vedtakssak"], [OFFICER])
    with pytest.raises(AuthoringError, match="nothing was changed"):
        create(example_copy, request)
    assert snapshot(example_copy) == before


def test_ctrl_c_while_creating_is_rolled_back(example_copy: Path, monkeypatch) -> None:
    before = snapshot(example_copy)
    real = os.link

    def interrupted(src, dst):
        real(src, dst)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "link", interrupted)
    request = NewCase(MeetingId(2021, 5), "Ny sak", ["Vedtakssak"], [OFFICER])
    with pytest.raises(AuthoringError, match="^interrupted; nothing was changed$"):
        create(example_copy, request)
    assert snapshot(example_copy) == before  # Eventuelt and Evaluering moved back too


def test_concurrent_runs_take_distinct_numbers(example_copy: Path) -> None:
    env = {**os.environ, "HO21_ROOT": str(example_copy)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ho21", *new_case_args(f"Samtidig sak {i}")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, outputs
    paths = [out.strip() for out, _err in outputs]
    numbers = sorted(int(Path(p).name.split("-")[0]) for p in paths)
    assert numbers == [46, 47, 48, 49]
    archive, _found = check(example_copy)
    agenda = archive.agenda(MeetingId(2021, 5))
    assert [c.number.n for c in agenda] == list(range(38, 52))
    assert sorted(c.tittel for c in agenda[-6:-2]) == [f"Samtidig sak {i}" for i in range(4)]
    assert [c.tittel for c in agenda[-2:]] == ["Eventuelt", "Evaluering av møtet"]
    assert errors(example_copy) == []


def test_attachment_spec_parsing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notater").write_text("# Notat\n")
    assert AttachmentSpec.parse("Notat") == AttachmentSpec("Notat")
    assert AttachmentSpec.parse("A = b=c.pdf") == AttachmentSpec("A = b", Path("c.pdf"))
    assert AttachmentSpec.parse("Notat=/no/such/file") == AttachmentSpec(
        "Notat", Path("/no/such/file")
    )
    assert AttachmentSpec.parse("Notat = notater") == AttachmentSpec("Notat", Path("notater"))
    # what follows the last '=' names no file and does not look like one: all of it is title
    assert AttachmentSpec.parse("Kvinner = menn") == AttachmentSpec("Kvinner = menn")
    assert AttachmentSpec.parse("x=1") == AttachmentSpec("x=1")
    for bad in ("=x.pdf", "  ", "To\nlinjer", "To\u2028linjer=x.pdf"):
        with pytest.raises(AuthoringError):
            AttachmentSpec.parse(bad)


def test_a_title_with_an_equals_sign(example_copy: Path) -> None:
    result = run(
        example_copy, *new_case_args("Likestilling", "5/2021", "--vedlegg", "Kvinner = menn")
    )
    assert result.exit_code == 0, result.output
    folder = example_copy / "cases/2021/46-likestilling"
    assert (folder / "kvinner-menn.md").read_text().startswith("# Kvinner = menn\n")


def test_attachments_check_would_refuse_are_refused_first(
    example_copy: Path, tmp_path: Path
) -> None:
    """The same words as check's E001, E504 and E503, and nothing written."""
    latin1 = tmp_path / "notat.md"
    latin1.write_bytes("# Notat\n\nS\u00f8knad\n".encode("latin-1"))
    fake_pdf = tmp_path / "rapport.pdf"
    fake_pdf.write_bytes(b"%PDF-1.4 junk")
    fake_docx = tmp_path / "brev.docx"
    fake_docx.write_bytes(b"not a zip")
    before = snapshot(example_copy)
    cases = [
        (latin1, f"attachment '{latin1}' is not UTF-8: byte 0xf8 on line 3 cannot be decoded; "
                 "save it as UTF-8", "E001"),
        (fake_pdf, f"PDF '{fake_pdf}' cannot be opened: ", "E504"),
        (fake_docx, f"attachment '{fake_docx}' is not a valid DOCX file", "E503"),
    ]  # fmt: skip
    for source, message, code in cases:
        result = run(example_copy, *new_case_args("Ny sak", "5/2021", "--vedlegg", f"V={source}"))
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: --vedlegg 'V': {message}"), result.stderr
        assert result.stderr.endswith(f" (ho21 check would report {code})\n"), result.stderr
        assert snapshot(example_copy) == before
    docx, pdf = tmp_path / "ok.docx", tmp_path / "ok.pdf"
    make_docx(docx, "Brev")
    make_pdf(pdf, "Rapport")
    result = run(
        example_copy,
        *new_case_args("Ny sak", "5/2021", "--vedlegg", f"A={docx}", "--vedlegg", f"B={pdf}"),
    )
    assert result.exit_code == 0, result.output
    assert errors(example_copy) == []


def test_a_line_break_of_any_kind_is_refused(example_copy: Path) -> None:
    before = snapshot(example_copy)
    for title in ("To\u2028linjer", "To\x85linjer", "To\rlinjer"):
        result = run(example_copy, *new_case_args(title))
        assert (result.exit_code, result.stderr) == (2, "error: --title must be one line of text\n")
    for option in ("--place", "--time"):
        for value in ("a\nb", "a\u2028b"):
            result = run(
                example_copy, "new-meeting", "6/2021", "--date", "2021-10-21", option, value
            )
            assert (result.exit_code, result.stderr) == (
                2,
                f"error: {option} must be one line of text\n",
            )
    assert snapshot(example_copy) == before


def test_slugify() -> None:
    assert slugify("Et kunnskapsløft for kommunene – videreutvikling av KSF") == (
        "et-kunnskapsloft-for-kommunene-videreutvikling-av"
    )
    assert slugify("Spørsmål om habilitet") == "sporsmal-om-habilitet"
    assert slugify("Ærlig Åpen Øl") == "aerlig-apen-ol"
    assert slugify("Café «déjà vu»") == "cafe-deja-vu"
    assert slugify("–––") == "sak"
    # at most 60 characters, cut after a whole word
    assert slugify("Langtidsplan " + "forskningsinfrastrukturen " * 5, words=10) == (
        "langtidsplan-forskningsinfrastrukturen"
    )


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1))
def test_yaml_scalars_read_back(value: str) -> None:
    assert yaml.safe_load(f"k: {yaml_scalar(value)}") == {"k": value}
