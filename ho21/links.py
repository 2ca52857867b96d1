"""Links and images in the archive's text, checked before pandoc ever sees them.

A link may point to the web (http, https, mailto), to an anchor, or to a file inside the case's
own folder; an image must be a file inside that folder. Anything else (an absolute path, `..`
out of the folder, `file:`, `javascript:`, `vbscript:` or `data:` URLs, a remote image) is
refused with the file, line and column where it is written: for a reference-style link
(`[text][r]`), the line of its definition (`[r]: target`), where the target is. Given a way
to ask whether a file exists (`check` gives one), a link or image to a file that does not
exist is refused too.

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


def _resolve(base: str, target: str) -> str | None:
    """The root-relative path of `target`, written in a file of folder `base`; None for an
    absolute path, a URL of any scheme, or `..` past the archive's root."""
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
    return "/".join(parts)


def _inside(folder: str, base: str, target: str) -> str | None:
    """The root-relative path of `target` (relative to `base`) if it stays inside `folder`."""
    path = _resolve(base, target)
    return path if path is not None and path.startswith(folder.rstrip("/") + "/") else None


class _Block:
    """The lines of one block, where its links and images are found left to right: each
    one's target after the one before, so a target written twice is found twice."""

    def __init__(self, lines: list[str], span) -> None:
        self.first = span[0]
        self.text = "\n".join(lines[span[0] : span[1]])
        self.cursor = 0

    def find(self, target: str) -> int | None:
        """Where `target` (as markdown-it gives it, or percent-decoded) is next written."""
        for written in dict.fromkeys((target, unquote(target))):
            at = self.text.find(written, self.cursor) if written else -1
            if at != -1:
                self.cursor = at + len(written)
                return at
        return None

    def anywhere(self, target: str) -> int | None:
        """Where `target` is first written in the block (an image inside a link's text comes
        after the link in markdown-it's order, before it in the text)."""
        for written in dict.fromkeys((target, unquote(target))):
            at = self.text.find(written) if written else -1
            if at != -1:
                return at
        return None

    def destination(self) -> int | None:
        """Where the next inline destination starts, after `](`: a target written otherwise
        than markdown-it gives it (`java&#115;cript:`) is there."""
        at = self.text.find("](", self.cursor)
        if at == -1:
            return None
        self.cursor = at + 2
        return self.cursor

    def line_column(self, offset: int) -> tuple[int, int]:
        """(line index in the text, 0-based column) of an offset into the block."""
        return (
            self.first + self.text.count("\n", 0, offset),
            offset - (self.text.rfind("\n", 0, offset) + 1),
        )


def _definition(lines: list[str], target: str, definitions: list) -> tuple[int, int] | None:
    """Where `target` is written in the definition of a reference-style link naming it."""
    for definition in definitions:
        if definition.get("href") == target and definition.get("map"):
            block = _Block(lines, definition["map"])
            at = block.find(target)
            if at is not None:
                return block.line_column(at)
    return None


def _locate(block: _Block, lines: list[str], target: str, definitions: list) -> tuple[int, int]:
    """(line index, column) where `target` is written: next in the block, else in the
    definition of a reference-style link that names it, else at the next `](`, else anywhere
    in the block, else the block's start."""
    at = block.find(target)
    if at is not None:
        return block.line_column(at)
    found = _definition(lines, target, definitions)
    if found is not None:
        return found
    at = block.anywhere(target)
    if at is None:
        at = block.destination()
    return block.line_column(at) if at is not None else (block.first, 0)


@lru_cache(maxsize=1)
def parser():
    """CommonMark with tables, as the documents see it, keeping every link a link."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    parser.validateLink = lambda _url: True  # judged here instead, by what pandoc would do
    return parser


def _missing(kind: str, written: str, path: str | None, folder: str) -> str:
    """The message for a link or image to a file that does not exist."""
    if path is not None and path.startswith(folder.rstrip("/") + "/"):
        return f"{kind} '{written}' names no file in the case's folder"
    return (
        f"{kind} '{written}' names no file ({path} does not exist); "
        f"files of the case are in its folder {folder.rstrip('/')}/"
    )


def _refused(kind: str, written: str, path: str | None, folder: str, exists) -> str | None:
    """Why a link or image to `path` (None: not a path in the archive) is refused, if it is."""
    inside = path is not None and path.startswith(folder.rstrip("/") + "/")
    if exists is not None and path is not None and not exists(path):
        return _missing(kind, written, path, folder)
    if inside:
        return None
    if kind == "image":
        return f"image '{written}' is not a file in the case's folder"
    if _SCHEME.match(written):
        return f"link '{written}' is refused: only {', '.join(WEB_SCHEMES)} links may leave the case's folder"
    return f"link '{written}' leaves the case's folder"


def scan(path: str, text: str, first_line: int, folder: str, exists=None) -> Scan:
    """Check every link and image of a Markdown text written in `path` from `first_line`.

    `exists`, if given, tells whether a root-relative path is a file: a link or image to a
    path that is none is refused too (`check` passes it; a build has checked already).
    """
    base = str(PurePosixPath(path).parent)
    images: dict[str, str] = {}
    refusals: list[Refusal] = []
    env: dict = {}
    tokens = parser().parse(text, env)
    definitions = list(env.get("references", {}).values())
    lines = text.split("\n")
    for token_block in tokens:
        targets = []  # (kind, target, refusal or None), in markdown-it's order
        for token in token_block.children or ():
            if token.type == "link_open":
                href = str(token.attrs.get("href", ""))
                if href.startswith("#") or urlsplit(href).scheme.lower() in WEB_SCHEMES:
                    targets.append(("link", href, None))
                    continue
                why = _refused("link", href, _resolve(base, href), folder, exists)
                targets.append(("link", href, why))
            elif token.type == "image":
                src = str(token.attrs.get("src", ""))
                resolved = _inside(folder, base, src)
                why = _refused("image", src, _resolve(base, src), folder, exists)
                if why is None and not resolved.lower().endswith(IMAGE_TYPES):
                    why = f"image '{src}' is not a PNG, JPEG, GIF or SVG"
                if why is None:
                    images[src] = resolved
                targets.append(("image", src, why))
        if not any(why for _kind, _target, why in targets):
            continue  # the usual block: nothing to locate
        block = _Block(lines, token_block.map or (0, 1))
        for _kind, target, why in targets:
            line, column = _locate(block, lines, target, definitions)
            if why is not None:
                refusals.append(Refusal(Location(path, first_line + line, column + 1), why))
    return Scan(images, refusals)
