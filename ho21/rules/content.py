"""Content: a proposed decision, no placeholders, balanced brackets, names as in the roster."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ho21.diagnostics import Diagnostic, at
from ho21.model import DECISION, Case, Referat, Text
from ho21.names import NameMatcher, hint
from ho21.rules.context import Context

# [navn], [utpekes på møtet], [...]: brackets that are not Markdown links, references,
# footnotes or task boxes; 20XX and XX-numbers; TODO/FIXME/XXX markers.
_PLACEHOLDER = re.compile(
    r"(?<![!\]\\])\[(?![ xX]\]|\^)[^\[\]\n]{1,80}\](?![(\[:])"
    r"|(?<![!\]\\])\[(?![ xX]\]|\^)[^\[\]\n]*$"
    r"|\b\d*XX+\b"
    r"|\b(?:TODO|FIXME|XXX)\b",
    re.MULTILINE,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# a link reference definition, "[label]: target", up to three spaces in (CommonMark)
_DEFINITION = re.compile(r"^[ ]{0,3}\[((?:[^\[\]\\]|\\.){1,999})\]:", re.MULTILINE)
_PAIRS = {")": "(", "]": "[", "}": "{", "»": "«"}
_OPENERS = set(_PAIRS.values())
_BRACKETS = "()[]{}«»"
# "a)", "1)", "iv)" at the start of a line: enumerations, not brackets
_ENUMERATION = re.compile(r"[ \t]*(?:[-*][ \t]+)?\(?[0-9a-zA-Z]{1,3}\)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def proposed_decision(case: Case, _ctx: Context) -> Iterator[Diagnostic]:
    """E301: every case has a section "Forslag til vedtak"."""
    if case.decision is None:
        where = case.headings[-1].location if case.headings else case.text.location(case.text.start)
        yield at(where, "E301", f"no '## {DECISION}' section: every case proposes a decision")


def _may_hold_placeholder(source: str, start: int = 0, end: int | None = None) -> bool:
    """Every match of _PLACEHOLDER holds '[', 'XX', 'TODO' or 'FIXME': plain searches rule
    most texts out (and one for 'X', found fastest, rules out the two with an X)."""
    find = source.find
    return (
        find("[", start, end) != -1
        or find("TODO", start, end) != -1
        or (
            find("X", start, end) != -1
            and (find("XX", start, end) != -1 or find("FIXME", start, end) != -1)
        )
    )


def _label(label: str) -> str:
    """A link label as CommonMark matches it: case-insensitive, whitespace collapsed."""
    return " ".join(label.split()).casefold()


def _defined_labels(source: str, start: int) -> frozenset[str]:
    """The labels of the link reference definitions in source[start:]: '[label]' written
    alone (a shortcut reference link) is a link to one of them, not a placeholder. Only a
    text that holds ']:' can define any."""
    if source.find("]:", start) == -1:
        return frozenset()
    return frozenset(_label(m[1]) for m in _DEFINITION.finditer(source, start))


def _is_link(found: str, labels: frozenset[str]) -> bool:
    return bool(labels) and found[:1] == "[" and found[-1:] == "]" and _label(found[1:-1]) in labels


def _placeholders(
    text: Text, start: int, end: int, decisions: list[tuple[int, int]]
) -> Iterator[Diagnostic]:
    if not _may_hold_placeholder(text.source, start, end):
        return
    labels = _defined_labels(text.source, text.start)
    for match in _PLACEHOLDER.finditer(text.source, start, end):
        if _is_link(match.group(0), labels):
            continue
        in_decision = any(a <= match.start() < b for a, b in decisions)
        found = match.group(0).strip()
        if in_decision:
            yield at(
                text.location(match.start()),
                "E302",
                f"placeholder '{found}' left in a decision",
            )
        else:
            yield at(
                text.location(match.start()), "W302", f"placeholder '{found}' left in the text"
            )


def placeholders(case: Case, _ctx: Context) -> Iterator[Diagnostic]:
    """W302 (E302 in a decision): [navn], [...], 20XX, TODO left in the text."""
    section = case.decision
    decisions = [] if section is None else [(section.start, section.start + len(section.text))]
    yield from _placeholders(case.text, case.text.start, len(case.text.source), decisions)
    if section is not None and not _COMMENT.sub("", section.text).strip():
        yield at(
            section.heading.location,
            "W302",
            f"'{DECISION}' is empty: the decision is still to write",
        )
    if not _may_hold_placeholder(case.tittel):
        return
    start, end = case.title_span  # where the title is written, as references are found
    for match in _PLACEHOLDER.finditer(case.text.source, start, end):
        yield at(
            case.text.location(match.start()),
            "W302",
            f"placeholder '{match.group(0)}' left in the title",
        )


def referat_placeholders(referat: Referat, _ctx: Context) -> Iterator[Diagnostic]:
    """W302 in the minutes; E302 in a section's `Vedtak:`."""
    decisions = []
    for section in referat.sections:
        if section.vedtak_at is not None:
            end = section.offset + len(section.text)
            decisions.append((section.offset + section.vedtak_at, end))
    text = referat.text
    yield from _placeholders(text, text.start, len(text.source), decisions)


def _is_enumeration(source: str, i: int) -> bool:
    """The ')' at i closes an enumeration marker at a line start ("a)", "1)", "- iv)")."""
    return _ENUMERATION.fullmatch(source, source.rfind("\n", 0, i) + 1, i + 1) is not None


def _is_label_or_smiley(source: str, i: int) -> bool:
    """The ')' at i ends an item's label in running text ("bokstav a) og b)", "punkt 2)",
    "iv)": one to four letters or digits after a space) or a smiley (":)", ":-)", ";-)").
    Asked only of a ')' that closes nothing: "(se punkt a)" is a closed parenthesis."""
    before = source[max(i - 2, 0) : i]
    if before[-1:] in (":", ";") or before in (":-", ";-"):
        return True
    start = i
    while (
        start > i - 4 and start > 0 and source[start - 1].isascii() and source[start - 1].isalnum()
    ):
        start -= 1
    return start < i and (start == 0 or source[start - 1].isspace())


def _unbalanced(text: Text) -> Iterator[Diagnostic]:
    """Per paragraph: the first bracket that closes nothing, else the first never closed.

    Only the bracket characters are visited (found with str.find, twice as fast as a
    character class); paragraph breaks are looked for only in a text that has brackets.
    """
    source = text.source
    found = []
    for char in _BRACKETS:
        i = source.find(char, text.start)
        while i != -1:
            found.append((i, char))
            i = source.find(char, i + 1)
    if not found:
        return
    found.sort()
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(source, text.start)]
    breaks.append(len(source))
    paragraph, stack, stray = 0, [], False
    for i, char in found:
        if i >= breaks[paragraph]:
            if stack and not stray:
                yield at(text.location(stack[0]), "W303", f"'{source[stack[0]]}' is never closed")
            while i >= breaks[paragraph]:
                paragraph += 1
            stack, stray = [], False
        if stray:
            continue
        if char in _OPENERS:
            stack.append(i)
        elif char == ")" and _is_enumeration(source, i):
            continue
        elif stack and source[stack[-1]] == _PAIRS[char]:
            stack.pop()
        elif char == ")" and not stack and _is_label_or_smiley(source, i):
            continue
        else:
            yield at(text.location(i), "W303", f"'{char}' closes nothing that was opened")
            stray = True
    if stack and not stray:
        yield at(text.location(stack[0]), "W303", f"'{source[stack[0]]}' is never closed")


def brackets(case: Case, _ctx: Context) -> Iterator[Diagnostic]:
    """W303: brackets and parentheses balance within each paragraph."""
    return _unbalanced(case.text)


def referat_brackets(referat: Referat, _ctx: Context) -> Iterator[Diagnostic]:
    """W303 in the minutes."""
    return _unbalanced(referat.text)


def _near_misses(text: Text, matcher: NameMatcher) -> Iterator[Diagnostic]:
    for offset, written, meant in matcher.near_misses(text.source, text.start):
        yield at(
            text.location(offset),
            "W304",
            f"'{written}' is not in the roster; {hint(written, meant)}",
        )


def names(case: Case, ctx: Context) -> Iterator[Diagnostic]:
    """W304: a name written close to, but not as, a name in the roster."""
    if ctx.matcher is None:
        return
    yield from _people_fields(case, ctx.matcher, ctx.known_names)
    yield from _near_misses(case.text, ctx.matcher)


def referat_names(referat: Referat, ctx: Context) -> Iterator[Diagnostic]:
    """W304 in the minutes' text (the attendance lists must match exactly: E404)."""
    if ctx.matcher is not None:
        yield from _near_misses(referat.text, ctx.matcher)


def _people_fields(case: Case, matcher: NameMatcher, known: frozenset[str]) -> Iterator[Diagnostic]:
    fields = [("fra", case.fra)] + [
        (f"saksbehandler[{i}]", name) for i, name in enumerate(case.saksbehandler)
    ]
    for key, name in fields:
        if name in known or f"{key}" not in case.spans:
            continue
        meant = matcher.closest(name)
        if meant:
            yield at(case.where(key), "W304", f"'{name}' is not in the roster; {hint(name, meant)}")
            continue
        # several names in one value ("Ina Dahlsveen og Henrietta Blanksen"): each, where
        # it is written (a value on one line: its column plus the offset)
        where = case.where(key)
        for offset, written, meant in matcher.near_misses(name):
            yield at(
                where._replace(column=where.column + offset),
                "W304",
                f"'{written}' is not in the roster; {hint(written, meant)}",
            )


CASE_RULES = [proposed_decision, placeholders, brackets, names]
REFERAT_RULES = [referat_placeholders, referat_brackets, referat_names]
