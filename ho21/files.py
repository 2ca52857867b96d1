"""Writing a file safely: complete or not at all, never half-written.

Both the build and the authoring commands write through here: new content goes to a hidden
temporary file beside its target, created exclusively and flushed to disk, and only then
replaces the target with `os.replace`.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
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


# A file ho21 writes gets the permissions any new file gets under the user's umask (0644
# under umask 022), like a file a text editor saves: outputs may be shared or published.
MODE = 0o666


def create_new(path: Path) -> int:
    """Create a file that must not exist yet (with the umask's permissions); its descriptor."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MODE)


def write_new(path: Path, data: bytes) -> None:
    """Write data to a file that must not exist yet, and flush it to disk."""
    fd = create_new(path)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace path's content at once (creating its folder if needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_name(path, "new")
    try:
        write_new(temp, data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
