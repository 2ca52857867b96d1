"""The rules of `ho21 check`: one module per family, each rule a function Archive -> findings.

A rule never raises for bad input: the loader has already turned unreadable files into
findings and left them out of the Archive, so a rule sees only values of the right type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ho21.diagnostics import Diagnostic
from ho21.model import Archive
from ho21.rules import attachments, content, meetings, numbering, referat, references

Rule = Callable[[Archive], Iterable[Diagnostic]]

RULES: list[Rule] = [
    *numbering.RULES,
    *references.RULES,
    *content.RULES,
    *referat.RULES,
    *attachments.RULES,
    *meetings.RULES,
]


def run_all(archive: Archive) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for rule in RULES:
        found.extend(rule(archive))
    return found
