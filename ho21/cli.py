"""The `ho21` command: parses options, calls the library, prints, picks the exit code.

Exit codes everywhere: 0 success, 1 findings (errors, or warnings with --strict) or a refused
action, 2 usage or internal failure. Library errors become one `error: …` line on stderr;
no command prints a Python traceback for bad input.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand

from ho21 import __version__


class Command(TyperCommand):
    """A command whose --help speaks of what is given, not of how Python holds it.

    The usage line shows each argument as `MEETING` (in brackets when it may be left out),
    and the list of arguments gives its name and help only: no `<str>` type, no braces."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_name(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx, formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param, usage=False), param.help or ""))
            elif (record := param.get_help_record(ctx)) is not None:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_name(param, usage: bool = True) -> str:
    """`MEETING`; on the usage line `[MEETING]` when it may be left out, `[PATH]...` when
    it may be given any number of times."""
    name = param.metavar or param.name.upper()
    if usage and not param.required:
        name = f"[{name}]"
    return name + "..." if usage and param.nargs == -1 else name


app = typer.Typer(
    name="ho21",
    help="Check a council's case archive and build its documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `error: message` to stderr and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def archive_root() -> Path:
    from ho21.checker import NotAnArchive, find_root

    chosen = os.environ.get("HO21_ROOT") or None
    try:
        return find_root(chosen)
    except NotAnArchive as exc:
        if chosen is not None and exc.missing:
            raise fail(
                f"HO21_ROOT is set to {chosen}, but neither it nor a folder above it holds "
                "meetings/council.yaml; set HO21_ROOT to the archive's folder, or unset it"
            ) from None
        raise fail(str(exc)) from None


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ho21 {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Check a council's case archive and build its documents."""


@app.command(cls=Command)
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH", show_default=False, help="Files or folders to report on (default: all)."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            metavar="text|json",
            show_default=False,
            help="text (default): one line per finding; json: a list for programs.",
        ),
    ] = OutputFormat.text,
) -> None:
    """Check numbers, references, texts and attachments.

    Checks the whole archive: the numbering of cases and meetings, every reference to a
    case, meeting or attachment, the texts and the minutes, and every attachment file.

    Prints one line per finding, `path:line:column: severity code message`, and exits
    0 when clean, 1 with errors (or warnings with --strict), 2 on a usage error.

    Example: ho21 check cases/2021 --strict
    """
    from ho21 import diagnostics as diag
    from ho21.checker import check as run_check

    root = archive_root()
    relative = [_relative_to(root, p) for p in paths or []]
    _archive, found = run_check(root, relative)
    if output is OutputFormat.json:
        typer.echo(diag.format_json(found))
    else:
        if found:
            typer.echo(diag.format_text(found))
        typer.echo(diag.summary(found))
    # after the text report; with --format json on stderr, so that stdout stays one JSON
    # document (the runner reads workflow commands from both streams)
    if os.environ.get("GITHUB_ACTIONS") == "true" and found:
        typer.echo(diag.format_github(found), err=output is OutputFormat.json)
    failing = any(d.is_error for d in found) or (strict and found)
    raise typer.Exit(1 if failing else 0)


def _relative_to(root: Path, path: str) -> str:
    """A path given on the command line, as a path relative to the archive root."""
    absolute = Path(path).resolve()
    try:
        rel = absolute.relative_to(root)
    except ValueError:
        raise fail(f"{path} is outside the archive {root}") from None
    if not absolute.exists():
        raise fail(f"{path}: no such file or folder")
    return rel.as_posix() if str(rel) != "." else ""


# -- authoring: new-case, new-meeting, renumber (ho21/authoring/) -----------------------------
@app.command("new-case", cls=Command)
def new_case(
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            metavar="MEETING",
            help="The meeting, m/yyyy, e.g. 6/2021: one that exists and has no minutes, nor "
            "any later meeting of its year (default at the prompt: the latest such one).",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="The case's title (tittel).")
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type", metavar="TYPE", help="Type of case from council.yaml sakstyper; repeatable."
        ),
    ] = None,
    officers: Annotated[
        list[str] | None,
        typer.Option(
            "--saksbehandler", metavar="NAME", help="Case officer from the roster; repeatable."
        ),
    ] = None,
    attachments: Annotated[
        list[str] | None,
        typer.Option(
            "--vedlegg",
            metavar="TITLE[=PATH]",
            help='Attachment: "title" (a Markdown file to write) or "title=path" (a copy of '
            "the file, .md/.pdf/.docx, refused if ho21 check would refuse it); repeatable, "
            'numbered in this order. Split at the last "=" only when what follows is a path '
            '(an existing file, or one with a "/" or ending in .md/.pdf/.docx); otherwise '
            'all of it is the title, e.g. "Kvinner = menn".',
        ),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open the new file in $EDITOR (in a terminal only).")
    ] = False,
) -> None:
    """Add a case to a meeting, before its closing items.

    The case gets the next number of the meeting. The closing standard items (Eventuelt,
    Evaluering av møtet) move down one number, with every reference to them rewritten. In a
    terminal, asks for what is not given; otherwise fails naming the missing options. Prints
    the new file's path.

    \b
    Example: ho21 new-case --meeting 6/2021 --title "Status for handlingsplanen" \\
      --type Orienteringssak --saksbehandler "Ina Dahlsveen" --vedlegg "Notat=notat.pdf"
    """
    from ho21.authoring import AuthoringError, prompts
    from ho21.authoring import new_case as nc
    from ho21.authoring.new_meeting import parse_meeting
    from ho21.loading import load

    root = archive_root()
    try:
        request = nc.NewCase(
            meeting=parse_meeting(meeting, "--meeting") if meeting else None,
            title=title,
            types=list(types or []),
            officers=list(officers or []),
            attachments=[nc.AttachmentSpec.parse(v) for v in attachments or []],
        )
        if missing := request.missing():
            if not prompts.interactive():
                raise AuthoringError(
                    f"missing {', '.join(missing)}: not running in a terminal, so ho21 cannot "
                    "ask; give them as options (see ho21 new-case --help)",
                    2,
                )
            prompts.complete(request, load(root)[0])
        created = nc.create(root, request)
    except AuthoringError as exc:
        raise fail(str(exc), exc.code) from None
    for old, new in created.moved:
        typer.echo(f"moved {old} → {new}", err=True)
    typer.echo(_shown(root, created.path))
    if edit:
        import click

        if not prompts.interactive():
            typer.echo(
                "note: --edit opens an editor only in a terminal; none was started", err=True
            )
            raise typer.Exit(0)
        try:
            click.edit(filename=str(root / created.path))
        except click.ClickException as exc:
            message = f"{created.path} was created, but the editor failed: {exc.message}"
            raise fail(message, 1) from None
    raise typer.Exit(0)


@app.command("new-meeting", cls=Command)
def new_meeting(
    meeting: Annotated[
        str,
        typer.Argument(
            metavar="MEETING", help="The new meeting, m/yyyy, e.g. 6/2021.", show_default=False
        ),
    ],
    date: Annotated[
        str, typer.Option("--date", metavar="YYYY-MM-DD", help="Date of the meeting, YYYY-MM-DD.")
    ],
    time: Annotated[
        str | None, typer.Option("--time", metavar="TIME", help='Time of day, e.g. "10.00–15.00".')
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", metavar="PLACE", help="Place, e.g. Zoom.")
    ] = None,
) -> None:
    """Add a meeting, with its standard opening and closing cases.

    Writes meetings/<year>/<m>.yaml. The cases come from council.yaml standardsaker and are
    numbered after the last case of the year (from 1 in a new year); the referat-approval
    case attaches the minutes of the previous meeting. Refuses a meeting that exists.

    \b
    Example: ho21 new-meeting 6/2021 --date 2021-10-21 --time "10.00–15.00" --place Zoom
    """
    from ho21.authoring import AuthoringError
    from ho21.authoring import new_meeting as nm

    root = archive_root()
    try:
        created = nm.create(
            root, nm.parse_meeting(meeting), nm.parse_date(date), time=time, place=place
        )
    except AuthoringError as exc:
        raise fail(str(exc), exc.code) from None
    for note in created.notes:
        typer.echo(f"note: {note}", err=True)
    for path in (created.meeting_path, *created.cases):
        typer.echo(_shown(root, path))
    raise typer.Exit(0)


@app.command(cls=Command)
def renumber(
    meeting: Annotated[
        str | None,
        typer.Argument(
            metavar="MEETING",
            help="Only this meeting (m/yyyy, e.g. 5/2021) and the later ones of its year.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the changes as a diff; change nothing.")
    ] = False,
) -> None:
    """Make the running numbers of the cases contiguous again.

    Use it after cases were added, moved or deleted by hand, or after a merge gave two
    cases one number. Renames case files and attachment folders and rewrites every
    reference to a moved case in the style it was written. All files change or none do.

    Example: ho21 renumber 5/2021 --dry-run
    """
    from ho21.authoring import AuthoringError
    from ho21.authoring import renumber as rn
    from ho21.authoring.new_meeting import parse_meeting

    root = archive_root()
    try:
        only = parse_meeting(meeting) if meeting else None
        done = rn.renumber(root, only, dry_run=dry_run)
    except AuthoringError as exc:
        raise fail(str(exc), exc.code) from None
    plan = done.plan
    if done.elsewhere:
        meetings = " and ".join(str(m) for m in done.elsewhere)
        typer.echo(
            f"note: the running numbers of {meetings} are not contiguous; "
            "ho21 renumber without a meeting makes them so",
            err=True,
        )
    if plan.transaction.empty:
        typer.echo(f"Nothing to renumber: {done.scope} are contiguous.")
        raise typer.Exit(0)
    if dry_run:
        typer.echo(plan.diff(), nl=False)
    else:
        for case, _n, new_path in plan.moves:
            typer.echo(f"moved {case.path} → {new_path}")
        files = sum(1 for c in plan.changes if c.new_text != c.old_text)
        typer.echo(
            f"Renumbered {len(plan.moves)} case(s); rewrote {plan.references} reference(s) "
            f"in {files} file(s)."
        )
    for note in plan.ambiguous:
        typer.echo(f"warning: {note}", err=True)
    raise typer.Exit(0)


def _shown(root: Path, rel: str) -> str:
    """A path inside the archive as the user can open it: relative when working inside it."""
    absolute = root / rel
    here = Path.cwd().resolve()
    if here == root or root in here.parents:
        return os.path.relpath(absolute, here)
    return str(absolute)


# -- documents: build-agenda, build-referat, build (ho21/build.py, ho21/backends/) ------------
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="FORMATS",
        show_default=False,
        help="Comma-separated formats: docx,pdf,html (default all three).",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Build even if check finds errors.")]
PublicOption = Annotated[
    bool,
    typer.Option("--public", help="Public versions (exempt cases shown by title and legal basis "
                 "only) in build/<year>-<m>/offentlig/."),
]  # fmt: skip


def _run_build(
    formats: str, force: bool, public: bool, agenda: str | None = None, referat: str | None = None
) -> None:
    from ho21 import diagnostics as diag
    from ho21.build import FORMATS, build
    from ho21.checker import check as run_check
    from ho21.model import MeetingId

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    if not wanted or any(f not in FORMATS for f in wanted):
        raise fail(
            f"--format takes a comma-separated list of {', '.join(FORMATS)}; got {formats!r}"
        )
    root = archive_root()
    archive, found = run_check(root)
    errors = [d for d in found if d.is_error]
    if errors and not force:
        typer.echo(diag.format_text(errors))
        warnings = len(found) - len(errors)
        also = f" (and {warnings} warning(s): see ho21 check)" if warnings else ""
        typer.echo(f"Found {len(errors)} error(s){also}. Fix the errors or build with --force.")
        raise typer.Exit(1)
    agendas, referats = [], []
    if agenda is None and referat is None:
        agendas = [m for m in sorted(archive.meetings) if archive.agenda(m)]
        referats = sorted(m for m in archive.referats if m in archive.meetings)
    for text, out in ((agenda, agendas), (referat, referats)):
        if text is None:
            continue
        meeting = MeetingId.parse(text)
        if meeting is None:
            raise fail(f"{text!r} is not a meeting number m/yyyy, e.g. 5/2021")
        if meeting not in archive.meetings:
            raise fail(f"no meeting {meeting}: {meeting.file} is missing")
        if out is referats and meeting not in archive.referats:
            raise fail(f"no minutes of meeting {meeting}: write {meeting.referat_file} first")
        if out is agendas and not archive.agenda(meeting):
            raise fail(
                f"meeting {meeting} has no cases, so there is no agenda to send: add its "
                f"standard items (ho21 new-meeting makes them with a new meeting) or cases "
                f"with ho21 new-case --meeting {meeting}",
                1,
            )
        out.append(meeting)
    ordered = tuple(f for f in FORMATS if f in wanted)
    everything = agenda is None and referat is None
    report = build(root, archive, agendas, referats, ordered, public, everything=everything)
    for path in report.built:
        typer.echo(path)
    for path, why in report.removed.items():
        typer.echo(f"removed {path}: {why}")
    for path, why in report.kept.items():
        typer.echo(f"kept {path}: {why}, but changed since ho21 wrote it; ho21 forgets it")
    if report.failures:
        typer.echo(diag.format_text(sorted(report.failures)))
    typer.echo(
        f"Built {len(report.built)} document(s), {len(report.unchanged)} up to date"
        + (f", {len(report.removed)} removed" if report.removed else "")
        + (f", {len(report.failures)} failed." if report.failures else ".")
    )
    raise typer.Exit(1 if report.failures else 0)


@app.command("build-agenda", cls=Command)
def build_agenda(
    meeting: Annotated[
        str, typer.Argument(metavar="M/YYYY", help="The meeting, m/yyyy.", show_default=False)
    ],
    output: FormatOption = "docx,pdf,html",
    force: ForceOption = False,
    public: PublicOption = False,
) -> None:
    """Build a meeting's notice, saksframlegg and packet.

    Runs check first and refuses an archive with errors. Writes into build/<year>-<m>/
    the notice and agenda innkalling-<m>-<year>, a saksframlegg sak-<n>-<m>-<year> for
    each case, and the packet sakspapirer-<m>-<year>.pdf.

    Example: ho21 build-agenda 5/2021 --format pdf
    """
    _run_build(output, force, public, agenda=meeting)


@app.command("build-referat", cls=Command)
def build_referat(
    meeting: Annotated[
        str, typer.Argument(metavar="M/YYYY", help="The meeting, m/yyyy.", show_default=False)
    ],
    output: FormatOption = "docx,pdf,html",
    force: ForceOption = False,
    public: PublicOption = False,
) -> None:
    """Build the minutes (referat) of a meeting.

    Runs check first and refuses an archive with errors. Writes
    build/<year>-<m>/referat-<m>-<year>.*

    Example: ho21 build-referat 4/2021
    """
    _run_build(output, force, public, referat=meeting)


@app.command("build", cls=Command)
def build_all(
    output: FormatOption = "docx,pdf,html",
    force: ForceOption = False,
    public: PublicOption = False,
) -> None:
    """Build every meeting's documents; only what changed.

    A document is rebuilt when its case, an attachment, a template, council.yaml or the
    ho21 version changed (build/.ho21-manifest.json keeps what each was made from).

    Example: ho21 build --format pdf,html
    """
    _run_build(output, force, public)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
