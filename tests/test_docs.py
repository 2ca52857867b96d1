"""The README documents every check code and every command (like sqlite-utils' test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from ho21.cli import app
from ho21.diagnostics import CODES

README = Path(__file__).resolve().parent.parent / "README.md"
CLICK = typer.main.get_command(app)
COMMANDS = sorted(getattr(CLICK, "commands", {}))


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_the_app_has_commands() -> None:
    assert "check" in COMMANDS


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_is_in_the_readme_table(readme: str, code: str) -> None:
    """Each code has its own row in the README's table: `| E001 | … |`."""
    assert re.search(rf"^\|\s*`?{code}`?\s*\|", readme, re.MULTILINE), f"{code} has no README row"


def test_readme_lists_no_code_that_does_not_exist(readme: str) -> None:
    rows = set(re.findall(r"^\|\s*`?([EW]\d{3})`?\s*\|", readme, re.MULTILINE))
    assert rows - set(CODES) == set()


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_the_readme(readme: str, command: str) -> None:
    assert re.search(rf"\bho21 {re.escape(command)}(?![\w-])", readme), (
        f"`ho21 {command}` not in README"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_an_example(command: str) -> None:
    """SPEC §5: `--help` on every command, with an example."""
    help_text = CLICK.commands[command].help or ""
    assert "Example" in help_text and f"ho21 {command}" in help_text
