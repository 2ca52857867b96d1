"""`--help` speaks to a case officer: what to give and what happens, in plain words.

Nothing of how Python holds a value (`<str>`, `<list[str]>`), no braces around an argument,
and the list of commands gives each one's summary whole."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from ho21.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)


def shown(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], terminal_width=80)
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_python_types(command: str) -> None:
    text = shown(command)
    assert not re.search(r"<(str|int|bool|list\[\w+\])>", text), text
    assert "{" not in text.split("\n\n")[0], text  # the usage line: MEETING, not {MEETING}
    assert "--no-" not in text and "[default: no-" not in text, text


def test_arguments_are_shown_by_their_names() -> None:
    assert "Usage: ho21 new-meeting [OPTIONS] MEETING\n" in shown("new-meeting")
    assert "Usage: ho21 renumber [OPTIONS] [MEETING]\n" in shown("renumber")
    assert "Usage: ho21 check [OPTIONS] [PATH]...\n" in shown("check")
    text = shown("renumber")
    assert re.search(r"^Arguments:\n  MEETING +Only this meeting", text, re.MULTILINE), text


def test_the_list_of_commands_gives_whole_summaries() -> None:
    text = shown()
    rows = text.split("Commands:\n", 1)[1].strip().splitlines()
    assert {row.split()[0] for row in rows} == set(COMMANDS)
    for row in rows:
        assert not row.endswith("..."), row
        assert row.endswith("."), row
