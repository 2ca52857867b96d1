"""`ho21 renumber`: make running numbers contiguous again after hand edits.

Contiguous means, per year: the meetings' blocks follow each other in meeting order; in each
meeting the opening standard items come first and the closing ones (Eventuelt, …) last, and
otherwise each case keeps its place relative to the others (ordered by its current running
number, then by file name); and the numbers run without gaps. The first meeting of the
archive's first year (the year of `arkiv_fra` in council.yaml) keeps the running number it
starts with now, since an archive may start mid-year (27 in 4/2021); every later year starts
at 1. With a meeting given, only that meeting and the later meetings of its year move: the
block starts right after the highest number of the year's earlier meetings.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ho21.authoring.fs import AuthoringError, Transaction, archive_lock
from ho21.authoring.plan import Plan, load_archive, new_file_name, plan_moves, refuse_if_blocked
from ho21.files import is_temp, temp_target
from ho21.model import Archive, Case, MeetingId


def is_closing(archive: Archive, case: Case) -> bool:
    """The case is one of the council's closing standard items (Eventuelt, …)."""
    items = archive.council.avslutning if archive.council else ()
    return any(item.matches(case.tittel) for item in items)


def is_opening(archive: Archive, case: Case) -> bool:
    """The case is one of the council's opening standard items (Godkjenning av innkalling…)."""
    items = archive.council.apning if archive.council else ()
    return any(item.matches(case.tittel) for item in items)


def _place(archive: Archive, case: Case) -> int:
    """Opening standard items first in their meeting, closing ones last, the others between."""
    return 0 if is_opening(archive, case) else 2 if is_closing(archive, case) else 1


def contiguous(archive: Archive, meeting: MeetingId | None = None) -> dict[str, int]:
    """The running number every case (by path) gets; see the module's docstring."""
    by_year: dict[int, list[Case]] = defaultdict(list)
    for case in archive.cases:
        if case.number is not None:
            by_year[case.number.year].append(case)
    start_year = archive.first_year
    out: dict[str, int] = {}
    for year, cases in sorted(by_year.items()):
        if meeting is not None and year != meeting.year:
            continue
        cases.sort(key=lambda c: (c.number.m, _place(archive, c), c.number.n, c.path))
        earlier = [c for c in cases if meeting is not None and c.number.m < meeting.m]
        moving = [c for c in cases if c not in earlier]
        if not moving:
            continue
        if earlier:
            n = max(c.number.n for c in earlier) + 1
        elif year == start_year:
            first_m = moving[0].number.m
            n = min(c.number.n for c in moving if c.number.m == first_m)
        else:
            n = 1
        for case in moving:
            out[case.path] = n
            n += 1
    return out


def plan(root: Path, meeting: MeetingId | None = None) -> tuple[Plan, Archive]:
    archive, blocking = load_archive(root)
    refuse_if_blocked(blocking)
    if meeting is not None and meeting not in archive.meetings:
        raise AuthoringError(f"meeting {meeting} does not exist (no {meeting.file})", 2)
    numbers = contiguous(archive, meeting)
    # only what changes: a new number, or a file name that disagrees with the number
    by_path = {case.path: case for case in archive.cases}
    changing = {
        path: n
        for path, n in numbers.items()
        if by_path[path].number.n != n or new_file_name(by_path[path], n) != path
    }
    return plan_moves(root, archive, changing), archive


@dataclass
class Renumbered:
    plan: Plan
    scope: str  # what was made contiguous: "the running numbers of 5/2021 and …"
    elsewhere: list[MeetingId]  # meetings outside the scope whose numbers are not contiguous


def renumber(root: Path, meeting: MeetingId | None = None, dry_run: bool = False) -> Renumbered:
    """Renumber under the archive's lock; with dry_run, only compute the plan."""
    with archive_lock(root):
        result, archive = plan(root, meeting)
        if not dry_run and not result.transaction.empty:
            apply(result.transaction)
    return Renumbered(result, scope(archive, meeting), elsewhere(archive, meeting))


def scope(archive: Archive, meeting: MeetingId | None) -> str:
    """The running numbers `ho21 renumber [MEETING]` looks at, in words."""
    if meeting is None:
        return "the running numbers"
    later = any(m.year == meeting.year and m > meeting for m in archive.meetings)
    return f"the running numbers of {meeting}" + (
        f" and the later meetings of {meeting.year}" if later else ""
    )


def elsewhere(archive: Archive, meeting: MeetingId | None) -> list[MeetingId]:
    """The meetings outside the scope of MEETING whose cases a renumbering of the whole
    archive would change (a gap, or a file name that disagrees with its number)."""
    if meeting is None:
        return []
    by_path = {case.path: case for case in archive.cases}
    out = set()
    for path, n in contiguous(archive).items():
        case = by_path[path]
        inside = case.number.year == meeting.year and case.number.m >= meeting.m
        if not inside and (case.number.n != n or new_file_name(case, n) != path):
            out.add(case.number.meeting)
    return sorted(out)


def apply(transaction: Transaction) -> None:
    try:
        transaction.apply()
    except AuthoringError:
        raise
    except OSError as exc:
        where = _user_file(transaction.root, exc)
        raise AuthoringError(
            f"{where + ': ' if where else ''}{exc.strerror or exc}; "
            "nothing was changed (every step was undone)"
        ) from None


def _user_file(root: Path, exc: OSError) -> str | None:
    """The archive's file a failed step was about, relative to the archive: the target of
    a hidden temporary file ho21 staged, never the temporary file itself."""
    name = exc.filename
    if name is None:
        return None
    path = Path(os.fsdecode(name))
    if is_temp(path):
        path = Path(os.fsdecode(exc.filename2)) if exc.filename2 else temp_target(path)
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
