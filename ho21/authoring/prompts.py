"""Asking for what `ho21 new-case` was not given, when a person is at a terminal.

Questions and menus go to stderr, so `path=$(ho21 new-case …)` still captures only the new
path. `interactive()` is the one place that decides whether to ask; tests replace it.
"""

from __future__ import annotations

import sys

import typer

from ho21.authoring.fs import AuthoringError
from ho21.authoring.new_case import NewCase
from ho21.model import Archive, MeetingId


def interactive() -> bool:
    """True when a person can answer: stdin and stderr are terminals."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def upcoming(archive: Archive) -> MeetingId | None:
    """The latest meeting that has no minutes yet: where a new case most likely goes."""
    open_meetings = [m for m in archive.meetings if m not in archive.referats]
    return max(open_meetings) if open_meetings else None


def choose(question: str, options: list[str]) -> list[str]:
    """One or more of options, by number or name; asks again until the answer is valid."""
    if not options:
        raise AuthoringError(f"nothing to choose for '{question}' in council.yaml", 2)
    for i, option in enumerate(options, 1):
        typer.echo(f"  {i}) {option}", err=True)
    while True:
        answer = typer.prompt(f"{question} (numbers or names, comma-separated)", err=True)
        chosen: list[str] = []
        bad: list[str] = []
        for token in (t.strip() for t in answer.split(",")):
            if not token:
                continue
            if token.isdigit() and 1 <= int(token) <= len(options):
                pick = options[int(token) - 1]
            else:
                pick = next((o for o in options if o.lower() == token.lower()), None)
            if pick is None:
                bad.append(token)
            elif pick not in chosen:
                chosen.append(pick)
        if chosen and not bad:
            return chosen
        what = f"not an option: {', '.join(bad)}" if bad else "choose at least one"
        typer.echo(f"  {what}", err=True)


def ask_meeting(archive: Archive) -> MeetingId:
    default = upcoming(archive)
    while True:
        answer = typer.prompt(
            "Meeting (m/yyyy)", default=str(default) if default else None, err=True
        )
        meeting = MeetingId.parse(answer)
        if meeting is not None and meeting in archive.meetings:
            return meeting
        known = ", ".join(str(m) for m in sorted(archive.meetings)) or "none"
        typer.echo(f"  no meeting '{answer}'; known: {known}", err=True)


def ask_title() -> str:
    while True:
        title = typer.prompt("Title (tittel)", err=True).strip()
        if title:
            return title


def complete(request: NewCase, archive: Archive) -> NewCase:
    """Ask for every missing value of the request."""
    if request.meeting is None:
        request.meeting = ask_meeting(archive)
    if not request.title:
        request.title = ask_title()
    if not request.types:
        request.types = choose("Type of case", list(archive.sakstyper))
    if not request.officers:
        council = archive.council
        names = [p.navn for p in council.sekretariat] if council else []
        request.officers = choose("Saksbehandler", names)
    return request
