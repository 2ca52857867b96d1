"""Links and images in the archive's text, checked before pandoc ever sees them.

A link may point to the web (http, https, mailto), to an anchor, or to a file inside the case's
own folder; an image must be a file inside that folder. Anything else (an absolute path, `..`
out of the folder, `file:` or `javascript:` URLs, a remote image) is refused with the file and
line where it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from ho21.diagnostics import Location

WEB_SCHEMES = ("http", "https", "mailto")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Refusal:
    location: Location
    message: str


@dataclass(frozen=True)
class Scan:
    images: dict[str, str]  # src as written -> path relative to the archive root
    refusals: list[Refusal]


def _inside(folder: str, base: str, target: str) -> str | None:
    """The root-relative path of `target` (relative to `base`) if it stays inside `folder`."""
    if target.startswith("/") or target.startswith("\\") or _SCHEME.match(target):
        return None
    parts: list[str] = []
    for piece in PurePosixPath(base, unquote(target.split("#")[0].split("?")[0])).parts:
        if piece == "..":
            if not parts:
                return None
            parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    path = "/".join(parts)
    return path if path.startswith(folder.rstrip("/") + "/") else None


def _locate(path: str, lines: list[str], span, target: str, first_line: int) -> Location:
    """Where `target` is written within the block's lines (the block's start if not found)."""
    for index in range(span[0], min(span[1], len(lines))):
        column = lines[index].find(target) if target else -1
        if column != -1:
            return Location(path, first_line + index, column + 1)
    return Location(path, first_line + span[0], 1)


def scan(path: str, text: str, first_line: int, folder: str) -> Scan:
    """Check every link and image of a Markdown text written in `path` from `first_line`."""
    from markdown_it import MarkdownIt

    base = str(PurePosixPath(path).parent)
    images: dict[str, str] = {}
    refusals: list[Refusal] = []
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lines = text.split("\n")
    for block in tokens:
        span = block.map or (0, 1)
        for token in block.children or ():
            if token.type == "link_open":
                href = str(token.attrs.get("href", ""))
                if href.startswith("#") or urlsplit(href).scheme.lower() in WEB_SCHEMES:
                    continue
                if _inside(folder, base, href) is None:
                    where = _locate(path, lines, span, href, first_line)
                    refusals.append(Refusal(where, f"link '{href}' leaves the case's folder"))
            elif token.type == "image":
                src = str(token.attrs.get("src", ""))
                resolved = _inside(folder, base, src)
                where = _locate(path, lines, span, src, first_line)
                if resolved is None:
                    refusals.append(
                        Refusal(where, f"image '{src}' is not a file in the case's folder")
                    )
                elif not resolved.lower().endswith(IMAGE_TYPES):
                    refusals.append(Refusal(where, f"image '{src}' is not a PNG, JPEG, GIF or SVG"))
                else:
                    images[src] = resolved
    return Scan(images, refusals)
