"""The rules of `ho21 check`: one module per family.

A rule never raises for bad input: the loader has already turned unreadable files into
findings and left them out of the Archive, so a rule sees only values of the right type.

Three kinds, by what a rule needs to see:
- a case rule looks at one case (and the Context: council and root);
- a referat rule looks at one set of minutes;
- an archive rule compares files: numbering, references, agendas.
Case and referat rules run where their file is loaded (`loading.load` with a Context), so a
parallel load checks them in both processes; archive rules run once, on the whole Archive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ho21.diagnostics import Diagnostic
from ho21.model import Archive, Case, Referat
from ho21.rules import attachments, content, meetings, numbering, referat, references
from ho21.rules.context import Context

CaseRule = Callable[[Case, Context], Iterable[Diagnostic]]
ReferatRule = Callable[[Referat, Context], Iterable[Diagnostic]]
ArchiveRule = Callable[[Archive], Iterable[Diagnostic]]

CASE_RULES: list[CaseRule] = [
    *numbering.CASE_RULES,
    *references.CASE_RULES,
    *content.CASE_RULES,
    *attachments.CASE_RULES,
]
REFERAT_RULES: list[ReferatRule] = [*content.REFERAT_RULES, *referat.REFERAT_RULES]
ARCHIVE_RULES: list[ArchiveRule] = [
    *numbering.ARCHIVE_RULES,
    *references.ARCHIVE_RULES,
    *referat.ARCHIVE_RULES,
    *attachments.ARCHIVE_RULES,
    *meetings.ARCHIVE_RULES,
]


def check_case(case: Case, ctx: Context) -> list[Diagnostic]:
    return [d for rule in CASE_RULES for d in rule(case, ctx)]


def check_referat(minutes: Referat, ctx: Context) -> list[Diagnostic]:
    return [d for rule in REFERAT_RULES for d in rule(minutes, ctx)]


def check_archive(archive: Archive) -> list[Diagnostic]:
    return [d for rule in ARCHIVE_RULES for d in rule(archive)]
