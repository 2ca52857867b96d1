"""Writing a file safely: complete or not at all, never half-written.

Both the build and the authoring commands write through here: new content goes to a hidden
temporary file beside its target, created exclusively and flushed to disk, and only then
replaces the target with `os.replace`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def temp_name(target: Path, tag: str) -> Path:
    """A hidden name beside `target`, for staging its new content or moving it aside."""
    return target.with_name(f".{target.name}.{tag}-{secrets.token_hex(4)}")


def write_new(path: Path, data: bytes) -> None:
    """Write data to a file that must not exist yet, and flush it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
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
