"""Reading one file of the archive: decoded, split into front matter and body, parsed.

Every problem becomes a finding (E001, E002, E006) at its line and column, and the caller
gets None instead of a value: a broken file is reported, never fatal.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ho21 import conflicts
from ho21.diagnostics import Diagnostic, Location, at
from ho21.model import Heading, Text, as_named
from ho21.schema import Fields
from ho21.yamlsafe import Map, YamlSyntaxError, parse

_HEADING = re.compile(r"\n(#{1,6})[ \t]+([^\n]*)")
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)  # from offset 4, after "---\n"


@dataclass
class Source:
    """A file read, decoded and split into front matter and body."""

    text: Text
    front: str | None  # the YAML between the --- lines
    front_line: int  # 0-based file line where `front` starts
    front_offset: int  # offset in text.source where `front` starts


def read_text(root: Path, rel: str, diagnostics: list[Diagnostic]) -> str | None:
    """The file's text with newlines normalised, or None (E001) when it cannot be used."""
    try:
        with open(os.path.join(root, rel), "rb") as file:
            data = file.read()
    except OSError as exc:
        diagnostics.append(at(Location(rel), "E001", f"cannot read file: {_why(root, rel, exc)}"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode"
        diagnostics.append(
            at(
                Location(rel),
                "E001",
                "not UTF-8 but UTF-16 (Notepad's 'Unicode'); save the file as UTF-8",
            )
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # in characters: the line's text before the bad byte is valid UTF-8 (æ, ø count once)
        column = len(data[line_start : exc.start].decode("utf-8")) + 1
        diagnostics.append(
            at(
                Location(rel, line, column),
                "E001",
                f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            )
        )
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        diagnostics.append(at(Location(rel, line, column), "E001", "file contains a NUL byte"))
        return None
    return text


def _why(root: Path, rel: str, exc: OSError) -> str:
    """What stands in the way, in words: a link to nothing says where it points."""
    path = os.path.join(root, rel)
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return f"it is a symbolic link to '{os.readlink(path)}', which does not exist"
    return exc.strerror or str(exc)


def split_front_matter(rel: str, text: str, diagnostics: list[Diagnostic]) -> Source | None:
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        what = "file is empty" if not text.strip() else "file does not start with a '---' line"
        diagnostics.append(
            at(Location(rel), "E002", f"front matter missing: {what} (YAML between '---' lines)")
        )
        return None
    end = _FRONT_END.search(text, 4)
    if end is None:
        diagnostics.append(
            at(Location(rel), "E002", "front matter is not closed: no second '---' line")
        )
        return None
    front = text[4 : end.start()]
    body_start = end.end() + 1
    return Source(Text(text, min(body_start, len(text)), rel), front, 1, 4)


def _inside(text: Text, line: int, column: int) -> Location:
    """YAML marks the end of input one line past a file without a final newline: stay inside."""
    if line > text.source.count("\n") + 1:
        return text.location(len(text.source))
    return Location(text.path, line, column)


def parse_mapping(source: Source, diagnostics: list[Diagnostic]) -> Map | None:
    """The front matter (or a whole YAML file) as a mapping, or None with E002/E006 reported."""
    rel = source.text.path
    try:
        doc = parse(source.front or "", source.front_line)
    except YamlSyntaxError as exc:
        loc = _inside(source.text, exc.line + source.front_line + 1, exc.column + 1)
        diagnostics.append(_syntax_error(source, loc, exc.message))
        return None
    for problem in doc.problems:
        loc = _inside(source.text, problem.line + source.front_line + 1, problem.column + 1)
        diagnostics.append(at(loc, problem.code, problem.message))
    if doc.root is None:
        if not doc.problems:
            where = Location(rel, source.front_line + 1, 1)
            # a YAML file is parsed from its line 0; front matter from the line after '---'
            what = "front matter is empty" if source.front_line else "file holds no fields"
            diagnostics.append(at(where, "E002", f"{what} (YAML 'key: value' lines)"))
        return None
    if not isinstance(doc.root, Map):
        loc = _inside(source.text, doc.root.line + source.front_line + 1, doc.root.column + 1)
        diagnostics.append(at(loc, "E002", "front matter must be a mapping of fields"))
        return None
    return doc.root


_NBSP_AFTER_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_]+:(\u00a0)", re.MULTILINE)
_WORD_QUOTES = "“”„«»‘’‚"  # typographic quotes, as Word types them
_KEY_VALUE = re.compile(r"^([ \t]*(?:-[ \t]+)?[A-Za-z_]+):[ \t]+(.*?)[ \t]*$")


def _syntax_error(source: Source, loc: Location, message: str) -> Diagnostic:
    """E002 for YAML that does not parse, in YAML's words, with what to do for the mistakes
    a case officer makes: a ': ' inside a value (a title with a colon), a tab, and the
    non-breaking space Word may type after a key's colon (YAML takes it for part of the key,
    and stumbles a line later)."""
    front = source.front or ""
    nbsp = _NBSP_AFTER_KEY.search(front)
    if nbsp is not None:
        where = source.text.location(source.front_offset + nbsp.start(1))
        return at(
            where,
            "E002",
            "invalid YAML: a non-breaking space (U+00A0) after the colon, which YAML does not "
            "take for a space; type an ordinary space",
        )
    lines = source.text.source.split("\n", loc.line)
    line = lines[loc.line - 1] if loc.line <= len(lines) else ""
    hint = ""
    if line[loc.column - 1 : loc.column] == "\t":
        hint = "; a tab: YAML indents with spaces only"
    elif message.startswith("mapping values are not allowed") and (match := _KEY_VALUE.match(line)):
        value, word = match[2], ""
        if len(value) > 1 and value[0] in _WORD_QUOTES and value[-1] in _WORD_QUOTES:
            value, word = value[1:-1], f" ({value[0]}{value[-1]} are no quotes to YAML)"
        quoted = f"'{value.replace(chr(39), chr(39) * 2)}'" if '"' in value else f'"{value}"'
        hint = (
            f"; a ': ' inside a value: put the whole value in quotes{word}: "
            f"{match[1].lstrip(' -')}: {quoted}"
        )
    return at(loc, "E002", f"invalid YAML: {message}{hint}")


def headings(text: Text) -> tuple[Heading, ...]:
    """ATX headings of the body, outside fenced code blocks."""
    source = text.source
    fenced: list[tuple[int, int]] = []
    # a one-character search first: it is several times faster than one for "```"
    if ("`" in source and "```" in source) or ("~" in source and "~~~" in source):
        fences = [m.start() for m in _FENCE.finditer(source, text.start)]
        fenced = list(zip(fences[::2], fences[1::2] + [len(source)], strict=False))
    out = []
    # a literal newline before '#' lets the regex engine skip ahead; the body starts a line
    for match in _HEADING.finditer(source, max(text.start - 1, 0)):
        if fenced and any(a <= match.start() < b for a, b in fenced):
            continue
        title = match[2].rstrip(" \t#")
        out.append(as_named(Heading, (len(match[1]), title, match.start(1), match.start(2), text)))
    return tuple(out)


def _unmerged(rel: str, text: str, front_matter: bool, diagnostics: list[Diagnostic]) -> bool:
    """E007 for each conflict a git merge left in the file; True when one lies in its YAML
    (the front matter, or a YAML file), which then cannot be read: the E007 is its finding.
    One in the body leaves the fields to be read and checked."""
    found = conflicts.find(text)
    for conflict in found:
        where = Location(rel, conflict.line, 1)
        diagnostics.append(at(where, "E007", f"the file holds {conflict.describe()}"))
    if not found:
        return False
    end = _FRONT_END.search(text, 4) if front_matter and text.startswith("---\n") else None
    return end is None or found[0].at < end.end()


def read_fields(
    root: Path,
    rel: str,
    diagnostics: list[Diagnostic],
    allowed: tuple[str, ...],
    front_matter: bool,
) -> Fields | None:
    """A file's fields (its front matter, or the whole file for a YAML file), unknown keys
    reported; None, with the findings, when the file cannot be read or parsed."""
    raw = read_text(root, rel, diagnostics)
    if raw is None or _unmerged(rel, raw, front_matter, diagnostics):
        return None
    if front_matter:
        source = split_front_matter(rel, raw, diagnostics)
        if source is None:
            return None
    else:
        source = Source(Text(raw, len(raw), rel), raw, 0, 0)
    node = parse_mapping(source, diagnostics)
    if node is None:
        return None
    fields = Fields(node, source.text, source.front_offset, diagnostics)
    fields.check_keys(allowed)
    return fields
