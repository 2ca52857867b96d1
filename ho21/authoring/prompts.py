"""Asking for what `ho21 new-case` was not given, when a person is at a terminal.

Questions and menus go to stderr, so `path=$(ho21 new-case …)` still captures only the new
path. `interactive()` is the one place that decides whether to ask; tests replace it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import typer

from ho21.authoring.fs import AuthoringError
from ho21.authoring.new_case import (
    NewCase,
    check_meeting,
    check_officers,
    check_title,
    check_types,
    open_meetings,
)
from ho21.authoring.new_meeting import parse_meeting
from ho21.model import Archive, MeetingId

T = TypeVar("T")


def interactive() -> bool:
    """True when a person can answer: stdin and stderr are terminals."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def upcoming(archive: Archive) -> MeetingId | None:
    """The latest meeting a case can be added to: where a new case most likely goes."""
    meetings = open_meetings(archive)
    return meetings[-1] if meetings else None


def ask(question: str, accept: Callable[[str], T], default: str | None = None) -> T:
    """Ask until `accept` takes the answer; its refusal is shown and the question repeated.

    `accept` is the same check the command-line option goes through, so an answer is held
    to the option's rules and told the option's messages, as soon as it is given."""
    while True:
        # without a default, an empty answer is still an answer, so `accept` says what is
        # wrong with it (the prompt on its own would ask again without a word)
        answer = typer.prompt(
            question,
            default="" if default is None else default,
            show_default=default is not None,
            err=True,
        )
        try:
            return accept(answer)
        except AuthoringError as exc:
            typer.echo(f"  {exc}", err=True)


def choose(
    question: str, options: list[str], accept: Callable[[list[str]], list[str]]
) -> list[str]:
    """One or more values, by their number in the menu of options or by name."""
    if not options:
        raise AuthoringError(f"nothing to choose for '{question}' in council.yaml", 2)
    for i, option in enumerate(options, 1):
        typer.echo(f"  {i}) {option}", err=True)

    def pick(answer: str) -> list[str]:
        tokens = [t.strip() for t in answer.split(",") if t.strip()]
        if not tokens:
            raise AuthoringError("choose at least one")
        wrong = [t for t in tokens if t.isdigit() and not 1 <= int(t) <= len(options)]
        if wrong:
            raise AuthoringError(f"not an option: {', '.join(wrong)} (1–{len(options)})")
        return accept([options[int(t) - 1] if t.isdigit() else t for t in tokens])

    return ask(f"{question} (numbers or names, comma-separated)", pick)


def _meeting(archive: Archive, answer: str) -> MeetingId:
    meeting = parse_meeting(answer.strip(), "")
    check_meeting(archive, meeting, None)
    return meeting


def complete(request: NewCase, archive: Archive) -> NewCase:
    """Ask for every missing value of the request, checking each answer as it is given.

    Ctrl-C or Ctrl-D at a question stops the command before anything is written."""
    try:
        return _complete(request, archive)
    except typer.Abort:
        raise AuthoringError(
            "stopped before every question was answered; no case was created", 1
        ) from None


def _complete(request: NewCase, archive: Archive) -> NewCase:
    if request.meeting is None:
        default = upcoming(archive)
        request.meeting = ask(
            "Meeting (m/yyyy)", lambda a: _meeting(archive, a), str(default) if default else None
        )
    if not request.title:
        request.title = ask("Title (tittel)", lambda a: check_title(a, None))
    if not request.types:
        request.types = choose(
            "Type of case", list(archive.sakstyper), lambda v: check_types(archive, v, None)
        )
    if not request.officers:
        council = archive.council
        names = [p.navn for p in council.sekretariat] if council else []
        if council and council.sekretariat_navn:
            names.append(council.sekretariat_navn)
        request.officers = choose(
            "Saksbehandler", names, lambda v: check_officers(archive, v, None)
        )
    return request
