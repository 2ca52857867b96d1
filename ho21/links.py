"""Links and images in the archive's text, checked before pandoc ever sees them.

A link may point to the web (http, https, mailto), to an anchor, or to a file inside the case's
own folder; an image must be a file inside that folder. Anything else (an absolute path, `..`
out of the folder, `file:`, `javascript:`, `vbscript:` or `data:` URLs, a remote image) is
refused with the file and line where it is written: for a reference-style link (`[text][r]`),
the line of its definition (`[r]: target`), where the target is.

The Markdown is read with every link kept as a link. markdown-it on its own turns links with
the schemes it distrusts (`javascript:`, `vbscript:`, `file:`, most `data:`) into plain text,
but pandoc, which makes the documents, reads them as links: so this scan must see them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
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


def _find(lines: list[str], span, target: str) -> tuple[int, int] | None:
    """(line index, column) where `target` (as markdown-it gives it, or percent-decoded) is
    first written within the lines of `span`."""
    for written in dict.fromkeys((target, unquote(target))):
        for index in range(span[0], min(span[1], len(lines))):
            column = lines[index].find(written) if written else -1
            if column != -1:
                return index, column
    return None


def _locate(
    path: str, lines: list[str], span, target: str, first_line: int, definitions: list
) -> Location:
    """Where `target` is written: in the block's lines, else in the definition of a
    reference-style link that names it, else the block's start."""
    found = _find(lines, span, target)
    for definition in definitions:
        if found is not None:
            break
        if definition.get("href") == target and definition.get("map"):
            found = _find(lines, definition["map"], target)
    if found is None:
        found = (span[0], 0)
    return Location(path, first_line + found[0], found[1] + 1)


@lru_cache(maxsize=1)
def _parser():
    """CommonMark with tables, as the documents see it, keeping every link a link."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    parser.validateLink = lambda _url: True  # judged here instead, by what pandoc would do
    return parser


def _refused_link(href: str) -> str:
    if _SCHEME.match(href):
        return f"link '{href}' is refused: only {', '.join(WEB_SCHEMES)} links may leave the case's folder"
    return f"link '{href}' leaves the case's folder"


def scan(path: str, text: str, first_line: int, folder: str) -> Scan:
    """Check every link and image of a Markdown text written in `path` from `first_line`."""
    base = str(PurePosixPath(path).parent)
    images: dict[str, str] = {}
    refusals: list[Refusal] = []
    env: dict = {}
    tokens = _parser().parse(text, env)
    definitions = list(env.get("references", {}).values())
    lines = text.split("\n")
    for block in tokens:
        span = block.map or (0, 1)
        for token in block.children or ():
            if token.type == "link_open":
                href = str(token.attrs.get("href", ""))
                if href.startswith("#") or urlsplit(href).scheme.lower() in WEB_SCHEMES:
                    continue
                if _inside(folder, base, href) is None:
                    where = _locate(path, lines, span, href, first_line, definitions)
                    refusals.append(Refusal(where, _refused_link(href)))
            elif token.type == "image":
                src = str(token.attrs.get("src", ""))
                resolved = _inside(folder, base, src)
                where = _locate(path, lines, span, src, first_line, definitions)
                if resolved is None:
                    refusals.append(
                        Refusal(where, f"image '{src}' is not a file in the case's folder")
                    )
                elif not resolved.lower().endswith(IMAGE_TYPES):
                    refusals.append(Refusal(where, f"image '{src}' is not a PNG, JPEG, GIF or SVG"))
                else:
                    images[src] = resolved
    return Scan(images, refusals)
