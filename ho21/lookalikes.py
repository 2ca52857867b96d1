"""Characters a reader cannot tell from others: what text pasted from Word brings along.

A non-breaking space looks like a space, an en dash like a hyphen, and a soft hyphen or a
zero-width space does not show at all; a finding about a value that holds one names it, or
the value looks right and the finding wrong.
"""

from __future__ import annotations

NAMES = {
    "\u00a0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u2009": "a thin space",
    "\u00ad": "a soft hyphen",
    "\u200b": "a zero-width space",
    "\u2060": "a word joiner",
    "\ufeff": "a zero-width no-break space",
    "\u2010": "a Unicode hyphen",
    "\u2011": "a non-breaking hyphen",
    "\u2012": "a figure dash",
    "\u2013": "an en dash",
    "\u2014": "an em dash",
    "\u2212": "a minus sign",
}


def named(value: str) -> list[str]:
    """Each lookalike in `value`, named with its code point: 'an en dash (U+2013)'."""
    return [f"{name} (U+{ord(c):04X})" for c, name in NAMES.items() if c in value]


def plain(value: str) -> str:
    """`value` as it reads: runs of any whitespace as one space, invisible characters gone."""
    return " ".join("".join(c for c in value if c not in "\u00ad\u200b\u2060\ufeff").split())
