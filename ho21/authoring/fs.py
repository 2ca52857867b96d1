"""Safe changes to the archive: one lock, exclusive creation, and all-or-nothing transactions.

Every authoring command changes the archive through a `Transaction`: it first stages every new
file content next to its target (a hidden temporary file in the same folder), then applies
the contents with `os.replace` (a file keeps its permissions, and a symbolic link to a file
inside the archive is written through, to that file), the renames in two phases (every source to a temporary name,
then every temporary name to its target, so that a chain 46→47→48 never collides), and the
new files by hard-linking their staged copy into place, which fails when the name is taken
(exclusive creation with complete content). When any step fails, every step already taken is
undone in reverse order and the archive is byte-for-byte as it was. Ctrl-C, SIGTERM and
SIGHUP are held off meanwhile: one arriving makes the transaction undo itself (`Interrupted`).

`archive_lock` serialises authoring commands on one archive with `flock` on `.ho21.lock` at
the archive root, so two `ho21 new-case` at the same moment never take the same number.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ho21.files import atomic_write, real_file, stage, temp_name, write_new

LOCK_FILE = ".ho21.lock"


class AuthoringError(Exception):
    """A refused or failed authoring action; the CLI prints it as `error: …`."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


@contextlib.contextmanager
def archive_lock(root: Path) -> Iterator[None]:
    """Hold the archive's lock: one authoring command at a time changes the archive."""
    path = root / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise AuthoringError(f"{LOCK_FILE}: cannot create the lock file: {exc.strerror}") from None
    try:
        _lock(fd)
        yield
    finally:
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass
class Transaction:
    """Changes to stage and then apply together; paths are relative to `root`."""

    root: Path
    writes: dict[str, bytes] = field(default_factory=dict)  # existing file -> new content
    renames: list[tuple[str, str]] = field(default_factory=list)  # file or folder: old -> new
    creates: dict[str, bytes] = field(default_factory=dict)  # new file -> content
    folders: list[str] = field(default_factory=list)  # new folders, created before `creates`

    @property
    def empty(self) -> bool:
        return not (self.writes or self.renames or self.creates or self.folders)

    def _abs(self, rel: str) -> Path:
        return self.root / rel

    def _real(self, rel: str) -> Path:
        """The file whose content rewriting rel changes: rel, or the target of a symbolic
        link, which must be inside the archive (ho21 changes nothing outside it)."""
        path = self._abs(rel)
        real = real_file(path)
        if real is not path:
            root = Path(os.path.realpath(self.root))
            if root not in real.parents:
                raise AuthoringError(
                    f"{rel} is a symbolic link to {real}, outside the archive; ho21 changes "
                    "files inside the archive only: put the file itself in the archive"
                )
        return real

    def validate(self) -> None:
        """Refuse, before anything is touched, what could only fail or overwrite."""
        sources = {old for old, _new in self.renames}
        targets: set[str] = set()
        for old, new in self.renames:
            if not self._abs(old).exists():
                raise AuthoringError(f"{old}: no such file or folder to rename")
            if new in targets:
                raise AuthoringError(f"{new}: two files would be renamed to the same name")
            targets.add(new)
            if self._abs(new).exists() and new not in sources:
                raise AuthoringError(f"{new} already exists; it would be overwritten by {old}")
        written: dict[Path, str] = {}
        for rel in self.writes:
            if not self._abs(rel).is_file():
                raise AuthoringError(f"{rel}: no such file to rewrite")
            real = self._real(rel)
            if real in written:
                raise AuthoringError(
                    f"{rel} and {written[real]} are one file (a symbolic link); "
                    "make one of them a copy or remove it"
                )
            written[real] = rel
        for rel in [*self.folders, *self.creates]:
            if (self._abs(rel).exists() and rel not in sources) or rel in targets:
                raise AuthoringError(f"{rel} already exists; ho21 never overwrites a file")

    def apply(self, replace: Callable[[Path, Path], None] | None = None) -> None:
        """Apply every change, or none: on any failure, undo what was done and re-raise.

        Ctrl-C (SIGINT), SIGTERM and SIGHUP are held off while the changes are applied or
        undone: a signal only marks the transaction interrupted, the step under way
        completes and is recorded for undoing, and then every step is undone and
        `Interrupted` is raised. So no signal can land between a step and its undo record.
        """
        replace = replace or os.replace
        self.validate()
        with _signals_deferred() as stop:
            self._apply(replace, stop)

    def _apply(self, replace: Callable[[Path, Path], None], stop: Callable[[], None]) -> None:
        undo: list[Callable[[], None]] = []
        staged: list[Path] = []
        try:
            # 1. stage: every new content written beside its target; nothing visible changes
            contents: list[tuple[Path, Path, bytes]] = []
            for rel, data in self.writes.items():
                stop()
                target = self._real(rel)  # a link's target, so the link stays a link
                original = target.read_bytes()
                temp = stage(target, data)  # with target's permissions
                staged.append(temp)
                contents.append((temp, target, original))
            created: list[tuple[Path, Path]] = []
            # 2. contents, at their old paths
            for temp, target, original in contents:
                stop()
                replace(temp, target)
                staged.remove(temp)
                undo.append(lambda t=target, o=original: atomic_write(t, o))
            # 3. renames, in two phases
            parked: list[tuple[Path, Path]] = []
            for old, new in self.renames:
                stop()
                source = self._abs(old)
                temp = temp_name(source, "move")
                replace(source, temp)
                undo.append(lambda s=source, t=temp: os.replace(t, s))
                parked.append((temp, self._abs(new)))
            for temp, target in parked:
                stop()
                if target.exists():
                    raise AuthoringError(f"{target.relative_to(self.root)} appeared meanwhile")
                replace(temp, target)
                undo.append(lambda t=temp, g=target: os.replace(g, t))
            # 4. new folders and files: exclusive, complete content or nothing
            for rel in self.folders:
                stop()
                _make_dirs(self._abs(rel), undo)
            for rel, data in self.creates.items():
                stop()
                target = self._abs(rel)
                _make_dirs(target.parent, undo)
                temp = temp_name(target, "new")
                staged.append(temp)
                write_new(temp, data)
                created.append((temp, target))
            for temp, target in created:
                stop()
                try:
                    os.link(temp, target)
                except FileExistsError:
                    raise AuthoringError(
                        f"{target.relative_to(self.root)} already exists; "
                        "ho21 never overwrites a file"
                    ) from None
                undo.append(lambda p=target: p.unlink())
            stop()  # a signal during the last step: undo it all, as promised
        except BaseException:
            for step in reversed(undo):
                with contextlib.suppress(OSError):
                    step()
            raise
        finally:
            for temp in staged:
                with contextlib.suppress(OSError):
                    temp.unlink()


class Interrupted(AuthoringError):
    """A signal arrived while a transaction was applied; every step was undone."""

    def __init__(self, signum: int):
        super().__init__("interrupted; nothing was changed", 128 + signum)


_DEFERRED = ("SIGINT", "SIGTERM", "SIGHUP")


@contextlib.contextmanager
def _signals_deferred() -> Iterator[Callable[[], None]]:
    """Hold off SIGINT, SIGTERM and SIGHUP; yields `stop()`, which raises `Interrupted` once
    one has arrived. Outside the main thread signals cannot be caught, and nothing is held."""
    received: list[int] = []
    previous: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for name in _DEFERRED:
            signum = getattr(signal, name, None)
            if signum is not None:
                previous[signum] = signal.signal(signum, lambda s, _f: received.append(s))

    def stop() -> None:
        if received:
            raise Interrupted(received[0])

    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def _make_dirs(path: Path, undo: list[Callable[[], None]]) -> None:
    """Create path and its missing parents, each to be removed again on undo."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir()
        undo.append(lambda f=folder: f.rmdir())
