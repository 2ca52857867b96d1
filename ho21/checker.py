"""`ho21 check` as a library call: load the archive, run every rule, narrow to the paths asked."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from ho21 import rules
from ho21.diagnostics import Diagnostic
from ho21.loading import COUNCIL_FILE, load
from ho21.model import Archive


class NotAnArchive(Exception):
    """Raised when no council archive is found from the given directory upwards (`missing`),
    or a council.yaml on the way cannot be read."""

    def __init__(self, message: str, missing: bool = True):
        super().__init__(message)
        self.missing = missing


def find_root(start: Path | str | None = None) -> Path:
    """The archive root: the nearest directory at or above `start` holding meetings/council.yaml."""
    try:
        here = Path(start or os.getcwd()).resolve()
    except OSError as exc:  # the current folder was deleted under us
        raise NotAnArchive(f"cannot tell the current folder: {exc.strerror or exc}") from None
    for candidate in (here, *here.parents):
        try:
            os.stat(candidate / COUNCIL_FILE)
            return candidate
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:  # no permission, a link that loops: say so, do not pass it by
            raise NotAnArchive(
                f"cannot read {candidate / COUNCIL_FILE}: {exc.strerror or exc}", missing=False
            ) from None
    raise NotAnArchive(
        f"no {COUNCIL_FILE} in {here} or any folder above it; run ho21 inside a council archive"
    )


def check(
    root: Path | str, paths: list[str] | None = None, jobs: int | None = None
) -> tuple[Archive, list[Diagnostic]]:
    """Every finding in the archive, sorted; with `paths` (relative to root), only theirs.

    The whole archive is always loaded: references are resolved against all of it. `jobs`
    processes read the files (default: HO21_JOBS, else one per core; see `parallel`).
    """
    # the loader allocates many small objects and no cycles worth collecting mid-run
    collecting = gc.isenabled()
    gc.disable()
    try:
        archive, found = load(root, check=True, jobs=jobs)
        found.extend(rules.check_archive(archive))
    finally:
        if collecting and gc.get_freeze_count() == 0:
            # hand the model to the oldest generation: re-enabled as it is, the collector
            # would first walk every object made meanwhile (0.3 s for 10,000 cases). Not if
            # the caller froze objects of its own: unfreeze would release those too.
            gc.freeze()
            gc.enable()
            gc.unfreeze()
        elif collecting:
            gc.enable()
    prefixes = [p.strip("/") for p in paths or []]
    if prefixes and "" not in prefixes:  # "" is the root itself: everything
        found = _narrowed(archive, found, prefixes)
    return archive, sorted(set(found))


def _narrowed(archive: Archive, found: list[Diagnostic], prefixes: list[str]) -> list[Diagnostic]:
    """The findings in the files at or below `prefixes`, and those about an attachment at or
    below them: those are made at the `fil:` in the case file (the file may not be there),
    so asking about `cases/2021/41-status/notat.md`, or the case's folder, shows them."""

    def below(path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in prefixes)

    attachments = {
        a.where(): case.file_of(a.fil) for case in archive.cases for a in case.vedlegg if a.fil
    }
    return [
        d
        for d in found
        if below(d.location.path) or (d.location in attachments and below(attachments[d.location]))
    ]
