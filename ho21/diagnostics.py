"""Findings of `ho21 check`: the code table, the Diagnostic type and its three printed forms."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# The stable contract of SPEC §4: code -> (severity, what it means). README documents each.
CODES: dict[str, tuple[Severity, str]] = {
    "E001": (Severity.ERROR, "file unreadable or not UTF-8"),
    "E002": (Severity.ERROR, "front matter missing or not valid YAML"),
    "E003": (Severity.ERROR, "unknown field"),
    "E004": (Severity.ERROR, "required field missing"),
    "E005": (Severity.ERROR, "wrong value"),
    "E006": (Severity.ERROR, "the same key twice in one mapping"),
    "E007": (Severity.ERROR, "an unfinished git merge: conflict markers left in a file"),
    "E101": (Severity.ERROR, "malformed case number"),
    "E102": (Severity.ERROR, "two cases with the same number"),
    "E103": (Severity.ERROR, "case of a meeting that has no meeting file"),
    "E104": (Severity.ERROR, "gap in the running numbers of a year"),
    "E105": (Severity.ERROR, "meeting blocks out of order or overlapping"),
    "W106": (Severity.WARNING, "file name's number disagrees with the case number"),
    "W107": (
        Severity.WARNING,
        "a case, meeting or minutes file ho21 does not read (name or place)",
    ),
    "E108": (Severity.ERROR, "case year disagrees with its meeting's date"),
    "E201": (Severity.ERROR, "reference to a case that does not exist"),
    "W202": (Severity.WARNING, "reference before the archive starts (cannot be verified)"),
    "E203": (
        Severity.ERROR,
        "tidligere_behandlet names a case that is not from an earlier meeting",
    ),
    "E204": (Severity.ERROR, "vedlegg N but the case has fewer attachments"),
    "E205": (Severity.ERROR, "reference to a meeting that does not exist"),
    "E206": (Severity.ERROR, "referat-approval case attaches the minutes of another meeting"),
    "W207": (Severity.WARNING, "reference to a case of a later meeting"),
    "E301": (Severity.ERROR, "no Forslag til vedtak"),
    "W302": (Severity.WARNING, "placeholder left in the text"),
    "E302": (Severity.ERROR, "placeholder left in a decision"),
    "W303": (Severity.WARNING, "unbalanced bracket or parenthesis"),
    "W304": (Severity.WARNING, "a name close to, but not in, the roster"),
    "E401": (Severity.ERROR, "a case of the meeting has no section in the referat"),
    "E402": (Severity.ERROR, "referat section for a case not on the agenda, or twice"),
    "E403": (Severity.ERROR, "referat section without Vedtak:"),
    "E404": (Severity.ERROR, "person in the referat not in the roster"),
    "E405": (Severity.ERROR, "person listed twice, or both present and absent"),
    "E406": (Severity.ERROR, "til_og_med, saker or inhabil names a case not on the agenda"),
    "E407": (Severity.ERROR, "referat sections not in agenda order"),
    "E408": (Severity.ERROR, "godkjent_i names no case of a later meeting approving the minutes"),
    "E409": (Severity.ERROR, "inhabil declared by someone not present for that case"),
    "E501": (Severity.ERROR, "attachment file missing"),
    "E502": (Severity.ERROR, "attachment path leaves the repository"),
    "E503": (Severity.ERROR, "attachment of an unsupported type"),
    "E504": (Severity.ERROR, "attachment PDF cannot be opened"),
    "W505": (Severity.WARNING, "attached minutes are not written yet"),
    "E601": (Severity.ERROR, "meeting file invalid, or two meetings with one number"),
    "E701": (Severity.ERROR, "a link or image in the text leaves the case's folder"),
    # reported by the build only: a document that could not be made
    "E702": (Severity.ERROR, "pandoc or typst failed for a document"),
    "E703": (Severity.ERROR, "a template is broken"),
    "W602": (Severity.WARNING, "a standard opening or closing item is missing from a meeting"),
}


BUILD_ONLY = frozenset({"E702", "E703"})  # findings of `ho21 build`, never of `ho21 check`


class Location(NamedTuple):
    """A place in a file of the archive: path relative to the root, 1-based line and column.

    A named tuple: check makes one for every finding and field, and sends them between
    processes; they sort by path, line, column.
    """

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    location: Location
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown diagnostic code {self.code}")

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


def at(location: Location, code: str, message: str) -> Diagnostic:
    """Shorthand used by the loader and the rules."""
    return Diagnostic(location, code, message)


def format_text(diagnostics: list[Diagnostic]) -> str:
    lines = [f"{d.location}: {d.severity} {d.code} {d.message}" for d in diagnostics]
    return "\n".join(lines)


def format_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)


def _escape_property(value: str) -> str:
    return (
        value.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands, which show as annotations on the lines concerned."""
    out = []
    for d in diagnostics:
        kind = "error" if d.is_error else "warning"
        loc = d.location
        props = f"file={_escape_property(loc.path)},line={loc.line},col={loc.column}"
        props += f",title={_escape_property(d.code)}"
        out.append(f"::{kind} {props}::{_escape_data(d.code + ' ' + d.message)}")
    return "\n".join(out)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "No problems found."

    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    return f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')}."
