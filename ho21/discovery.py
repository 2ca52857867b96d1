"""Which files of the archive ho21 reads, and what it says about the ones it cannot or will not.

ho21 reads `meetings/<year>/<m>.yaml`, `meetings/<year>/<m>.referat.md` and
`cases/<year>/<name>.md`; a case's folder `cases/<year>/<name>/` holds its attachments. Every
name of that form is read, whatever it is: a folder, a dangling or looping link or a file that
cannot be opened is then reported by the reader (E001) like any unreadable file. A folder that
cannot be listed is E001 at the folder.

A file that is not of that form but holds a case, a meeting or minutes (`30-status.MD`,
`cases/48-ny.md`, `cases/2021/gammelt/48-ny.md`, `meetings/2021/6.yml`) would be left out
without a word, and the user would see only what its absence causes (a gap, an unknown
reference). It is W107, naming where it belongs. Only files that may be such a file are
opened to look (by their name, or as the .md files of a folder that is no case's own), so
an archive laid out as it should be costs nothing more.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ho21.diagnostics import Diagnostic, Location, at
from ho21.model import CaseNumber, MeetingId

_HEAD = 4096  # the front matter's first fields are in the file's first few lines
_FIELD = re.compile(r"^(sak|mote):[ \t]*['\"]?([^'\"#\n]*)", re.MULTILINE)
_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")  # lower-cased: what may hold ho21's files


@dataclass
class Found:
    """The archive's files by kind (paths relative to the root, sorted), and the findings."""

    meetings: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    referats: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _entries(root: Path, rel: str, found: Found) -> list[os.DirEntry]:
    """The folder's entries sorted by name; none if it is not there, E001 if it cannot be
    listed (no permission, a link that loops)."""
    try:
        with os.scandir(root / rel) as it:
            return sorted(it, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        found.diagnostics.append(
            at(Location(rel), "E001", f"cannot read folder: {exc.strerror or exc}")
        )
        return []


def _is_dir(entry: os.DirEntry, rel: str, found: Found) -> bool:
    """Whether the entry is a folder (or a link to one); E001 for a link that loops."""
    try:
        return entry.is_dir()
    except OSError as exc:
        found.diagnostics.append(at(Location(rel), "E001", f"cannot read: {exc.strerror or exc}"))
        return False


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def discover(root: Path) -> Found:
    found = Found()
    for year in _entries(root, "meetings", found):
        rel_year = f"meetings/{year.name}"
        if year.name == "council.yaml":
            continue  # read, or reported missing, by the council's loader
        if not _is_dir(year, rel_year, found):
            if _is_file(year):
                _look_at(root, rel_year, found)
            continue
        for entry in _entries(root, rel_year, found):
            rel = f"{rel_year}/{entry.name}"
            if entry.name.endswith(".referat.md"):
                found.referats.append(rel)
            elif entry.name.endswith(".yaml") and entry.name != ".yaml":
                found.meetings.append(rel)
            elif _is_file(entry):
                _look_at(root, rel, found)
    for year in _entries(root, "cases", found):
        rel_year = f"cases/{year.name}"
        if not _is_dir(year, rel_year, found):
            if _is_file(year):
                _look_at(root, rel_year, found)
            continue
        entries = _entries(root, rel_year, found)
        stems = {e.name[:-3] for e in entries if e.name.endswith(".md")}
        for entry in entries:
            rel = f"{rel_year}/{entry.name}"
            if entry.name.endswith(".md") and entry.name != ".md":
                found.cases.append(rel)
            elif entry.name in stems:
                continue  # the case's own folder: its attachments
            elif _is_dir(entry, rel, found):
                _look_below(root, rel, found)
            elif _is_file(entry):
                _look_at(root, rel, found)
    return found


def _look_below(root: Path, rel: str, found: Found) -> None:
    """A folder in cases/<year>/ that is no case's own: a case file in it is not read."""
    for folder, dirs, files in os.walk(root / rel):
        dirs.sort()
        for name in sorted(files):
            _look_at(root, Path(folder, name).relative_to(root).as_posix(), found)


def _look_at(root: Path, rel: str, found: Found) -> None:
    """W107 if the file, which ho21 does not read, holds a case, a meeting or minutes."""
    name = rel.rsplit("/", 1)[-1]
    if not name.lower().endswith(_SUFFIXES):
        return
    try:
        with open(root / rel, "rb") as file:
            head = file.read(_HEAD).decode("utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:
        return
    match = _FIELD.search(head)
    if match is None:
        return
    stem = re.sub(r"(\.referat)?\.[^.]*$", "", name, flags=re.IGNORECASE)
    value = match[2].strip()
    front_matter = head.startswith("---")
    if match[1] == "sak" and front_matter:
        number = CaseNumber.parse(value)
        year = number.year if number else _year_of(rel)
        where = f"cases/{year}/{stem}.md" if year else f"cases/<year>/{stem}.md"
        rule = "a case is read from cases/<year>/<n>-<slug>.md"
    elif match[1] == "mote":
        meeting = MeetingId.parse(value)
        if front_matter:
            where = meeting.referat_file if meeting else "meetings/<year>/<m>.referat.md"
            rule = "minutes are read from meetings/<year>/<m>.referat.md"
        else:
            where = meeting.file if meeting else "meetings/<year>/<m>.yaml"
            rule = "a meeting is read from meetings/<year>/<m>.yaml"
    else:
        return
    same_folder = where.rsplit("/", 1)[0] == rel.rsplit("/", 1)[0]
    fix = f"rename it to {where.rsplit('/', 1)[1]}" if same_folder else f"move it to {where}"
    found.diagnostics.append(at(Location(rel), "W107", f"this file is not read ({rule}); {fix}"))


def _year_of(rel: str) -> str | None:
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 and parts[1].isdigit() else None
