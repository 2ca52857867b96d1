"""The reference grammar: how people write case, meeting and attachment numbers in text.

Recognised (SPEC §3), and nothing else:

    Sak 45/5/2021   (sak 43/5/2021)   31/2/2020        full number, anywhere
    Sak HO21-rådet 27/4/21   t.o.m. Sak 33/4/21        two-digit year, after "sak"
    sak 14-2-2021                                      dashes, after "sak"
    Sak 28-20 (møte 3/2020)   sak 17-20                running number and year, after "sak"
    møte 3/2021   rådsmøte 2/2021                      a meeting
    vedlegg 2                                          an attachment of the same case
    sak 43/5/2021 vedlegg 2   sak 43/5/2021, vedlegg 2   an attachment of that case
    vedlegg 2 til sak 43/5/2021   vedlegg 2 i 43/5/2021

A `vedlegg N` is about another case's attachments when a case reference (any form above)
stands right before it, with only whitespace and at most one comma between, or right after
it, with "til" or "i" (and "sak", where the form does not hold it) between, any case, any
whitespace; else it is about the case it is written in. The grammar finds the two references as it finds any; `attachment_cases` pairs
them (tests/test_references.py holds it to the same reading of the grammar's matches).

Dates (30.6.2020), page marks (1/3), year spans (2020–2021) and two-part numbers without
"møte" are not references. Every reference keeps the offset of its running number, which is
the only part `renumber` rewrites, so the style it was written in survives.

`grammar()` is the specification, one regular expression: `find` yields exactly what its
`finditer` matches (tests/test_references.py holds the two against each other). It is slow
to scan with, though. No branch starts with a literal, so `re` tries it at every s, m, v
and digit; `re` only skips fast to a literal. So `find` scans for literals that every
reference contains, and looks around each:

* a '/' or '-' right after a digit ends a running number. What follows says which form it
  can be in (n/m/yyyy, n/m/yy, m/yyyy, n-m-yyyy, n-yy), and what comes before the number
  whether it is a reference: n/m/yyyy stands anywhere but inside a word, path or date; the
  others need "sak", "sak <kortnavn>" or "møte" before them;
* "vedlegg" is found from its 'v' or 'V'.

Each place found is where `grammar()` matches when its scan gets there. As in `finditer`,
the leftmost wins and the scan resumes after it, so a reference never starts inside another
("Sak 28-20 (møte 3/2020)" is one reference, not two).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from ho21.model import Ref, Text, as_named

_TEMPLATE = r"""
(?=[\dSsMmVv])  # every branch starts with one of these
(?:
  (?<![\w/.-])(?P<fn>\d{{1,4}})/(?P<fm>\d{{1,2}})/(?P<fy>\d{{4}})(?![\w/])
| \b[Ss][Aa][Kk]\s+(?:{kort}\s+)?(?:
      (?P<sn>\d{{1,4}})/(?P<sm>\d{{1,2}})/(?P<sy>\d{{2}})(?![\w/])
    | (?P<dn>\d{{1,4}})-(?P<dm>\d{{1,2}})-(?P<dy>\d{{4}})(?![\w-])
    | (?P<yn>\d{{1,4}})-(?P<yy>\d{{2}})(?![\w-])
      (?:\s*\(\s*[Mm][Øø][Tt][Ee]\s+(?P<ym>\d{{1,2}})/(?P<yyy>\d{{4}})\s*\))?
  )
| [Mm][Øø][Tt][Ee]\s+(?P<mm>\d{{1,2}})/(?P<my>\d{{4}})(?![\w/])
| \b[Vv][Ee][Dd][Ll][Ee][Gg][Gg]\s+(?P<vn>\d{{1,2}})(?![\w/])
)
"""


def _short_name(kortnavn: str) -> str:
    """The council's short name as a pattern: as written, in any case."""
    return f"(?i:{re.escape(kortnavn)})"


@lru_cache(maxsize=8)
def grammar(kortnavn: str | None) -> re.Pattern[str]:
    """The compiled grammar; the council's short name may stand between "Sak" and a number."""
    kort = _short_name(kortnavn) if kortnavn else r"(?!)"
    return re.compile(_TEMPLATE.format(kort=kort), re.VERBOSE)


# What `find` scans for. The patterns start with a literal, which `re` skips to fast, and
# consume nothing else: the rest is lookahead, the grammar's own, and like it cannot see past
# `end`; and lookbehind, which like the grammar's sees before `start`.
#
# The running number before a separator is 1-4 digits (1-2 for a meeting) after whitespace,
# or for n/m/yyyy after anything but [\w/.-], as in the grammar. A lookbehind has a fixed
# width, so each length has its own, capturing the number in its own group ("f2": n/m/yyyy,
# two digits in n). These groups come last, so `match.lastindex` is the one that matched.
def _number(form: str, before: str, longest: int, separator: str) -> str:
    alternatives = (
        rf"(?<={before}(?P<{form}{k}>\d{{{k}}}){separator})" for k in range(1, longest + 1)
    )
    return f"(?:{'|'.join(alternatives)})"


_ANYWHERE = r"(?<![\w/.-])"
_SLASH = re.compile(
    r"/(?:(?=(?P<fm>\d{1,2})/(?P<fy>\d{4})(?![\w/]))"  # n/m/yyyy
    + _number("f", _ANYWHERE, 4, "/")
    + r"|(?=(?P<sm>\d{1,2})/(?P<sy>\d{2})(?![\w/]))"  # n/m/yy, after "sak"
    + _number("s", r"\s", 4, "/")
    + r"|(?=(?P<my>\d{4})(?![\w/]))"  # m/yyyy, after "møte"
    + _number("m", r"\s", 2, "/")
    + ")"
)
_DASH = re.compile(
    r"-(?:(?=(?P<dm>\d{1,2})-(?P<dy>\d{4})(?![\w-]))"  # n-m-yyyy, after "sak"
    + _number("d", r"\s", 4, "-")
    + r"|(?=(?P<yy>\d{2})(?![\w-])"  # n-yy, after "sak", maybe followed by (møte m/yyyy)
    + r"(?P<suffix>\s*\(\s*[Mm][Øø][Tt][Ee]\s+(?P<ym>\d{1,2})/(?P<yyy>\d{4})\s*\))?)"
    + _number("y", r"\s", 4, "-")
    + ")"
)
# "vedlegg" from its 'v', then from its 'V'. The \b before it is a lookbehind at the end of
# the word (no word character before those seven), so the letter stays a literal prefix and
# most v's fail at the next letter.
_VEDLEGG = tuple(
    re.compile(rf"{v}[Ee][Dd][Ll][Ee][Gg][Gg](?<!\w.{{7}})\s+(?P<vn>\d{{1,2}})(?![\w/])")
    for v in "vV"
)


def _forms(pattern: re.Pattern[str]) -> list[str]:
    """match.lastindex → the form ("f", "s", …) its number group belongs to."""
    forms = [""] * (pattern.groups + 1)
    for name, index in pattern.groupindex.items():
        if name[-1].isdigit():
            forms[index] = name[0]
    return forms


_SLASH_FORM = _forms(_SLASH)
_DASH_FORM = _forms(_DASH)
_SAK = frozenset(map("".join, itertools.product("Ss", "Aa", "Kk")))
_MOTE = frozenset(map("".join, itertools.product("Mm", "Øø", "Tt", "Ee")))


@lru_cache(maxsize=8)
def _kort(kortnavn: str | None) -> tuple[re.Pattern[str], int, int, int] | None:
    """The short name as the grammar matches it, and how long it is: (pattern, leading
    whitespace, the rest without whitespace at either end, all of it); see `_sak`.

    None without a name, and for one of only whitespace: "Sak <ws> 5/3/21" matches the same
    with or without it.
    """
    core = kortnavn.strip() if kortnavn else ""  # str.strip's whitespace is re's \s
    if not core:
        return None
    lead = len(kortnavn) - len(kortnavn.lstrip())
    return re.compile(_short_name(kortnavn)), lead, len(core), len(kortnavn)


def find(file: Text, start: int, end: int, kortnavn: str | None) -> Iterator[Ref]:
    """Every reference in file.source[start:end], in order: what grammar(kortnavn) matches
    there. Each is located at its (running) number.

    As with `finditer(source, start, end)`, the text before `start` counts for \\b and the
    other lookbehinds (find("x12/3/2021", 1, …) finds nothing), the text after `end` not.
    """
    source = file.source
    start = max(start, 0)  # as finditer takes it
    kort = _kort(kortnavn)
    # (sort key, end, kind, where the number starts, year, n, m, number_span) of every place
    # the grammar matches; the key is 2 × where it starts, + 1 for "sak <number>" (see _sak)
    found: list[tuple] = []
    add = found.append

    for match in _SLASH.finditer(source, start, end):
        i = match.lastindex
        at, sep = match.span(i)  # the running number
        form = _SLASH_FORM[i]
        if form == "f":  # n/m/yyyy
            m, year, n = match.group("fm", "fy", i)
            stop = sep + len(m) + 6
            add((2 * at, stop, "case", at, int(year), int(n), int(m), (at, sep)))
        elif form == "s":  # n/m/yy
            m, year, n = match.group("sm", "sy", i)
            stop = sep + len(m) + 4
            for key in _sak(source, start, at, kort):
                add((key, stop, "case", at, int(year) + 2000, int(n), int(m), (at, sep)))
        else:  # m/yyyy after "møte", which may end a word ("rådsmøte")
            word = _space_before(source, at - 1)  # where the word before the number ends
            if word - 4 >= start and source[word - 4 : word] in _MOTE:
                year, m = match.group("my", i)
                add((2 * (word - 4), sep + 5, "meeting", at, int(year), None, int(m), None))

    for match in _DASH.finditer(source, start, end):
        i = match.lastindex
        at, sep = match.span(i)
        keys = _sak(source, start, at, kort)
        if not keys:
            continue
        if _DASH_FORM[i] == "d":  # n-m-yyyy
            m, year = match.group("dm", "dy")
            stop = sep + len(m) + 6
            m, year = int(m), int(year)
        else:  # n-yy, and maybe (møte m/yyyy), whose year wins if they disagree
            yy, m, year = match.group("yy", "ym", "yyy")
            stop = match.end("suffix") if m else sep + 3
            m = int(m) if m else None
            year = int(year) if year else int(yy) + 2000
        n = int(match[i])
        for key in keys:
            add((key, stop, "case", at, year, n, m, (at, sep)))

    for pattern in _VEDLEGG:
        for match in pattern.finditer(source, start, end):
            begin, stop = match.span()
            n = match["vn"]
            at = stop - len(n)
            add((2 * begin, stop, "vedlegg", at, None, int(n), None, (at, stop)))

    # As finditer: the leftmost place from `start` on wins, the next must start after it.
    # No two keys are equal (one place, one branch of the grammar): only keys are compared.
    found.sort()
    pos = start
    for key, stop, kind, at, year, n, m, span in found:
        begin = key >> 1
        if begin >= pos:
            pos = stop
            yield as_named(Ref, (kind, source[begin:stop], file, at, year, n, m, span))


def _sak(
    source: str, start: int, at: int, kort: tuple[re.Pattern[str], int, int, int] | None
) -> tuple[int, ...]:
    """Sort keys of where "sak <number>" or "sak <kortnavn> <number>" starts, for a number at
    `at` that has whitespace before it; there is at most one of each.

    The key is 2 × where it starts, + 1 for "sak <number>": where both match at one place
    (a short name that starts with a digit) the grammar takes "sak <kortnavn> <number>".

    The grammar's \\s+ before and after the short name take all whitespace but what the name
    itself starts or ends with, so the rest of the name ends where the whitespace before the
    number starts, and the name is matched there with its own pattern: case and special
    characters as in the grammar.
    """
    word = _space_before(source, at - 1)
    sak = _sak_ending(source, start, word)
    keys = () if sak is None else (2 * sak + 1,)
    if kort:
        pattern, lead, core, length = kort
        name = word - core - lead
        if name > start and name + length < at and pattern.fullmatch(source, name, name + length):
            word = _space_before(source, name)
            sak = _sak_ending(source, start, word)
            if word < name and sak is not None:
                keys += (2 * sak,)
    return keys


def _sak_ending(source: str, start: int, end: int) -> int | None:
    """Where the word "sak" (any case) that ends at `end` starts, if it does, not before
    `start`."""
    sak = end - 3
    if sak >= start and source[sak:end] in _SAK and not (sak and _is_word(source[sak - 1])):
        return sak
    return None


def _space_before(source: str, end: int) -> int:
    """Where the run of whitespace that ends at `end` starts (`end` itself if there is none)."""
    while end and source[end - 1].isspace():
        end -= 1
    return end


def _is_word(char: str) -> bool:
    """re's \\w (str.isalnum is what re calls alphanumeric)."""
    return char.isalnum() or char == "_"


# between a case reference and the `vedlegg N` after it, and between a `vedlegg N` and the
# case reference after it: what makes the attachment one of that case
BETWEEN_CASE_AND_VEDLEGG = re.compile(r"\s*,?\s*")
# ("sak" is part of some forms' text, not of n/m/yyyy's, which stands anywhere)
BETWEEN_VEDLEGG_AND_CASE = re.compile(r"\s+(?:til|i)\s+(?:sak\s+)?", re.IGNORECASE)


def span(ref: Ref) -> tuple[int, int]:
    """Where the whole reference is written in its file's text (find keeps only the place of
    its number): the text as found, which starts at or before the number."""
    if ref.kind == "vedlegg":
        end = ref.number_span[1]
        return end - len(ref.text), end
    begin = ref.file.source.rfind(ref.text, max(ref.at - len(ref.text), 0), ref.at + len(ref.text))
    return begin, begin + len(ref.text)


def attachment_cases(refs: tuple[Ref, ...] | list[Ref]) -> dict[int, Ref]:
    """{index in `refs` of a `vedlegg N` about another case's attachments: that case's
    reference}, for references found in order in one text (see the module docstring).

    Most `vedlegg N` stand between case references written further off: a look at the
    character next to it (past whitespace and a comma) rules those out before the text in
    between is matched.
    """
    out: dict[int, Ref] = {}
    last = len(refs) - 1
    for i, ref in enumerate(refs):
        if ref[0] != "vedlegg":
            continue
        source = ref.file.source
        end = ref.number_span[1]
        begin = end - len(ref.text)
        if i < last and refs[i + 1][0] == "case":
            after = refs[i + 1]
            j = end
            while j < len(source) and source[j].isspace():
                j += 1
            if source[j : j + 1] in _TIL_OR_I and BETWEEN_VEDLEGG_AND_CASE.fullmatch(
                source, end, span(after)[0]
            ):
                out[i] = after
                continue
        if i and refs[i - 1][0] == "case":
            before = refs[i - 1]
            k = begin
            while k and (source[k - 1].isspace() or source[k - 1] == ","):
                k -= 1
            if k and (source[k - 1].isdigit() or source[k - 1] == ")"):
                if BETWEEN_CASE_AND_VEDLEGG.fullmatch(source, span(before)[1], begin):
                    out[i] = before
    return out


_TIL_OR_I = frozenset("tTiI")


def rewrite(source: str, replacements: dict[tuple[int, int], str]) -> str:
    """Replace the given (start, end) spans of source, which must not overlap."""
    out = []
    pos = 0
    for (start, end), new in sorted(replacements.items()):
        if start < pos:
            raise ValueError(f"overlapping rewrites at offset {start}")
        out.append(source[pos:start])
        out.append(new)
        pos = end
    out.append(source[pos:])
    return "".join(out)
