"""Writing a file safely: complete or not at all, never half-written.

Both the build and the authoring commands write through here: new content goes to a hidden
temporary file beside its target, created exclusively and flushed to disk, and only then
replaces the target with `os.replace`. Replacing a file keeps its permissions. A symbolic
link at the target is replaced, never followed: a build must not write wherever a link in
build/ points. The authoring commands, which keep a case file that is a link a link, resolve
it themselves, and only to a file inside the archive (`real_file`, authoring.fs).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path


def temp_name(target: Path, tag: str) -> Path:
    """A hidden name beside `target`, for staging its new content or moving it aside."""
    return target.with_name(f".{target.name}.{tag}-{secrets.token_hex(4)}")


_TEMP = re.compile(r"\.(?P<name>.+)\.[a-z]+-[0-9a-f]{8}")


def is_temp(path: Path) -> bool:
    """path is a name made by `temp_name`."""
    return _TEMP.fullmatch(path.name) is not None


def temp_target(path: Path) -> Path:
    """The file a `temp_name` stands beside: `.44-plan.md.new-1a2b3c4d` -> `44-plan.md`."""
    match = _TEMP.fullmatch(path.name)
    return path.with_name(match["name"]) if match else path


# A new file ho21 writes gets the permissions any new file gets under the user's umask (0644
# under umask 022), like a file a text editor saves: outputs may be shared or published. A
# file that is replaced keeps its own permissions (a private 0600 file stays private).
MODE = 0o666


def create_new(path: Path, mode: int | None = None) -> int:
    """Create a file that must not exist yet, its descriptor: with exactly `mode`, or with
    the umask's permissions when mode is None."""
    if mode is None:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MODE)
    # created with the mode (never wider, as the umask only removes bits), then made exact
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:  # pragma: no cover - Windows
            os.chmod(path, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_new(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write data to a file that must not exist yet (see `create_new` for mode), and flush
    it to disk."""
    fd = create_new(path, mode)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def real_file(path: Path) -> Path:
    """The file that writing `path` must replace: path itself, or the file a symbolic link
    at path leads to (replacing the link would leave its target with the old content)."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def kept_mode(path: Path) -> int | None:
    """The permissions a new content of path keeps: those of the regular file there now, or
    None (the umask's) when there is none."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def stage(target: Path, data: bytes) -> Path:
    """A hidden temporary file beside target with data and target's permissions, ready to
    replace it (`target` is the real file, see `real_file`); nothing is left on failure."""
    temp = temp_name(target, "new")
    try:
        write_new(temp, data, kept_mode(target))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def atomic_write(path: Path, data: bytes) -> None:
    """Replace path's content at once (creating its folder if needed), keeping its
    permissions; a symbolic link at path is replaced by the file, not followed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = stage(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
