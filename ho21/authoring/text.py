"""Small text helpers of the authoring commands: slugs, YAML scalars, raw-file offsets."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable

import yaml

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a", "ß": "ss"})
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


SLUG_LENGTH = 60


def slugify(title: str, words: int = 6, fallback: str = "sak") -> str:
    """`Et kunnskapsløft for kommunene – KSF` -> `et-kunnskapsloft-for-kommunene-ksf`.

    Lowercase ASCII, æ→ae ø→o å→a, other accents dropped, at most `words` words and
    SLUG_LENGTH characters: cut after the last whole word that fits, or inside a first word
    that is longer (file systems take names of 255 bytes, and people read short ones).
    """
    folded = unicodedata.normalize("NFKD", title.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text)[:words])
    if len(slug) > SLUG_LENGTH:
        cut = slug.rfind("-", 0, SLUG_LENGTH + 1)
        slug = slug[:cut] if cut > 0 else slug[:SLUG_LENGTH]
    return slug or fallback


def yaml_scalar(value: str, flow: bool = False) -> str:
    """value as a YAML scalar that reads back as exactly this string (quoted only if needed)."""
    plain_ok = (
        value == value.strip()
        and value != ""
        and "\n" not in value
        and not (flow and _FLOW_UNSAFE.search(value))
    )
    if plain_ok:
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return yaml_quoted(value)


def has_line_break(value: str) -> bool:
    """value holds a line break of any kind: LF, CR, or one YAML or Python also breaks a
    line at (NEL, U+2028, U+2029, VT, FF); a title, time or place is one line."""
    return value.splitlines() not in ([], [value])


def yaml_quoted(value: str) -> str:
    """value as a double-quoted YAML scalar."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def yaml_flow_list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(yaml_scalar(v, flow=True) for v in values) + "]"


def decode(data: bytes) -> tuple[str, bool]:
    """A file's bytes as text, as the loader reads them (BOM removed), and whether it had one."""
    bom = data.startswith(b"\xef\xbb\xbf")
    return data[3:].decode("utf-8") if bom else data.decode("utf-8"), bom


def encode(text: str, bom: bool) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def raw_offsets(raw: str) -> Callable[[int], int]:
    """Maps an offset into the newline-normalised text (what the loader sees) into `raw`.

    The loader turns CRLF and lone CR into LF; a file keeps its own line endings when ho21
    rewrites it, so every span is mapped back to the raw text before it is replaced.
    """
    if "\r" not in raw:
        return lambda offset: offset
    crlf: list[int] = []  # normalised offsets of the LF that stands for a CRLF
    normalised = 0
    pos = 0
    while (cr := raw.find("\r", pos)) != -1:
        normalised += cr - pos
        if raw.startswith("\r\n", cr):
            crlf.append(normalised)
            pos = cr + 2
        else:
            pos = cr + 1
        normalised += 1
    return lambda offset: offset + bisect_left(crlf, offset)
