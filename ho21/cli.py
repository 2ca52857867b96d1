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

from ho21 import __version__

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

    try:
        return find_root(os.environ.get("HO21_ROOT") or None)
    except NotAnArchive as exc:
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


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", show_default=False, help="Files or folders to report on (default: all)."),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text (default) or json.")
    ] = OutputFormat.text,
) -> None:
    """Check numbering, references, content and attachments of the whole archive.

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
    if os.environ.get("GITHUB_ACTIONS") == "true" and found:
        typer.echo(diag.format_github(found))
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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
