"""Which files of the archive ho21 reads, and what it says about the ones it cannot or will not.

ho21 reads `meetings/<year>/<m>.yaml`, `meetings/<year>/<m>.referat.md` and
`cases/<year>/<n>-<slug>.md`, where <year> is a folder of four digits; a case's folder
`cases/<year>/<n>-<slug>/` holds its attachments. A .md file of a year whose name does not
start with a digit is a case only if its front matter has `sak:` (a case named without its
number, W106); a README or notes file is left alone. Hidden files (`.#44-x.md`, an editor's
lock) are never read. Every name of those forms is read, whatever it is: a folder, a dangling
or looping link or a file that cannot be opened is then reported by the reader (E001) like any
unreadable file. A year's folder that cannot be listed or is a link to nothing, and a folder
below one that cannot be listed, is E001 at the folder; the first two are also `unlisted`, so
that no rule reports what their absence causes (references to their cases or meetings, gaps).

A file that is not of that form but holds a case, a meeting or minutes (`30-status.MD`,
`cases/48-ny.md`, `cases/2021/gammelt/48-ny.md`, `meetings/2021/6.yml`) would be left out
without a word, and the user would see only what its absence causes (a gap, an unknown
reference). It is W107, naming where it belongs (or, when a file of that name is there, that that is the
one ho21 reads). Only files that may be such a file are
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
_CASE_FIELD = re.compile(r"^sak:", re.MULTILINE)
_YEAR = re.compile(r"[0-9]{4}")  # a year's folder: cases/2021/, meetings/2021/
_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")  # lower-cased: what may hold ho21's files


@dataclass
class Found:
    """The archive's files by kind (paths relative to the root, sorted), and the findings."""

    meetings: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    referats: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # `cases`, `meetings` or a year's folder below them that could not be listed (E001):
    # what it holds is unknown
    unlisted: list[str] = field(default_factory=list)


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
        found.unlisted.append(rel)
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
    for top, read_year in (("meetings", _meeting_year), ("cases", _case_year)):
        for entry in _entries(root, top, found):
            rel = f"{top}/{entry.name}"
            if rel == "meetings/council.yaml" or entry.name.startswith("."):
                continue  # the council is read, or reported missing, by its own loader
            if _YEAR.fullmatch(entry.name):
                if _is_folder(root, entry, rel, found):
                    read_year(root, rel, _entries(root, rel, found), found)
            else:
                _look_into(root, entry, rel, found)
    return found


def _meeting_year(root: Path, rel_year: str, entries: list[os.DirEntry], found: Found) -> None:
    for entry in entries:
        rel = f"{rel_year}/{entry.name}"
        if entry.name.startswith("."):
            continue  # hidden: an editor's lock or backup file, never ho21's
        if entry.name.endswith(".referat.md"):
            found.referats.append(rel)
        elif entry.name.endswith(".yaml") and entry.name != ".yaml":
            found.meetings.append(rel)
        else:
            _look_into(root, entry, rel, found)


def _case_year(root: Path, rel_year: str, entries: list[os.DirEntry], found: Found) -> None:
    """The year's cases: every `<n>-<slug>.md`, and a .md under another name (`ny-sak.md`)
    that holds a case's front matter (its W106 says what to call it); a README or notes file
    is left alone. Each case's folder holds its attachments."""
    cases = {
        entry.name
        for entry in entries
        if entry.name.endswith(".md")
        and not entry.name.startswith(".")
        and (entry.name[0].isdigit() or _holds_case(root, f"{rel_year}/{entry.name}"))
    }
    own_folders = {name[:-3] for name in cases}
    for entry in entries:
        rel = f"{rel_year}/{entry.name}"
        if entry.name in cases:
            found.cases.append(rel)
        elif entry.name in own_folders or entry.name.startswith("."):
            continue  # the case's own folder (its attachments), or a hidden file
        elif not entry.name.endswith(".md"):
            _look_into(root, entry, rel, found)


def _head(root: Path, rel: str) -> str | None:
    """The file's first few lines as text (what a peek at its fields needs); None if it
    cannot be opened."""
    try:
        with open(root / rel, "rb") as file:
            return file.read(_HEAD).decode("utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:
        return None


def _holds_case(root: Path, rel: str) -> bool:
    """Whether the file starts with front matter holding `sak:`; one it cannot open is read as
    a case, so that what stands in the way is reported (E001)."""
    head = _head(root, rel)
    return head is None or (head.startswith("---") and _CASE_FIELD.search(head) is not None)


def _is_folder(root: Path, entry: os.DirEntry, rel: str, found: Found) -> bool:
    """Whether the entry is a folder (or a link to one); E001 for a link that loops or leads
    nowhere."""
    try:
        if entry.is_dir() or not entry.is_symlink() or os.path.exists(root / rel):
            return entry.is_dir()
        why = f"it is a symbolic link to '{os.readlink(root / rel)}', which does not exist"
    except OSError as exc:  # a link that loops
        why = exc.strerror or str(exc)
    found.diagnostics.append(at(Location(rel), "E001", f"cannot read folder: {why}"))
    found.unlisted.append(rel)
    return False


def _look_into(root: Path, entry: os.DirEntry, rel: str, found: Found) -> None:
    """A file or folder ho21 does not read: W107 for each case, meeting or minutes in it."""
    if _is_dir(entry, rel, found):
        _look_below(root, rel, found)
    elif _is_file(entry):
        _look_at(root, rel, found)


def _look_below(root: Path, rel: str, found: Found) -> None:
    """A folder that is neither a year's nor a case's own: a file in it is not read. A folder
    below it that cannot be listed is E001."""

    def unlisted(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else rel
        found.diagnostics.append(
            at(Location(where), "E001", f"cannot read folder: {exc.strerror or exc}")
        )

    for folder, dirs, files in os.walk(root / rel, onerror=unlisted):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                _look_at(root, Path(folder, name).relative_to(root).as_posix(), found)


def _look_at(root: Path, rel: str, found: Found) -> None:
    """W107 if the file, which ho21 does not read, holds a case, a meeting or minutes."""
    name = rel.rsplit("/", 1)[-1]
    if not name.lower().endswith(_SUFFIXES):
        return
    head = _head(root, rel)
    match = _FIELD.search(head) if head is not None else None
    if match is None:
        return
    stem = re.sub(r"(\.referat)?\.[^.]*$", "", name, flags=re.IGNORECASE)
    value = match[2].strip()
    front_matter = head.startswith("---")
    if match[1] == "sak" and front_matter:
        number = CaseNumber.parse(value)
        year = number.year if number else _year_of(rel)
        where = f"cases/{year}/{stem}.md" if year else f"cases/<year>/{stem}.md"
        rule, kind = "a case is read from cases/<year>/<n>-<slug>.md", "case file"
    elif match[1] == "mote":
        meeting = MeetingId.parse(value)
        if front_matter:
            where = meeting.referat_file if meeting else "meetings/<year>/<m>.referat.md"
            rule, kind = "minutes are read from meetings/<year>/<m>.referat.md", "minutes"
        else:
            where = meeting.file if meeting else "meetings/<year>/<m>.yaml"
            rule, kind = "a meeting is read from meetings/<year>/<m>.yaml", "meeting file"
    else:
        return
    same_folder = where.rsplit("/", 1)[0] == rel.rsplit("/", 1)[0]
    if os.path.lexists(root / where):  # renaming it there would replace the file ho21 reads
        fix = f"{where} is the {kind} ho21 reads"
    elif same_folder:
        fix = f"rename it to {where.rsplit('/', 1)[1]}"
    else:
        fix = f"move it to {where}"
    found.diagnostics.append(at(Location(rel), "W107", f"this file is not read ({rule}); {fix}"))


def _year_of(rel: str) -> str | None:
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 and parts[1].isdigit() else None
