"""Typing front matter: string nodes from `yamlsafe` become dates, numbers and lists, or findings.

A `Fields` wraps one YAML mapping and hands out typed values field by field. Every problem
becomes a Diagnostic at the value's own line and column; the caller always gets a value it
can go on with (or None), so one run reports every problem of a file.
"""

from __future__ import annotations

import datetime as dt
import difflib

from ho21 import lookalikes
from ho21.diagnostics import Diagnostic, Location, at
from ho21.model import CaseNumber, MeetingId, Ref, Spans, Text, parse_date
from ho21.yamlsafe import Map, Node, Scalar, Seq, yaml11_type

_MISREAD = {
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "null": "empty",
    "timestamp": "a date",
}


class Fields:
    """Typed access to one mapping of a file's front matter."""

    def __init__(
        self,
        node: Map,
        text: Text,
        char_offset: int,
        diagnostics: list[Diagnostic],
        prefix: str = "",
    ):
        self.node = node
        self.text = text
        self.char_offset = char_offset  # where the mapping text starts in text.source
        self.diagnostics = diagnostics
        self.prefix = prefix
        self.spans = Spans(text)

    # -- places ---------------------------------------------------------------------------
    # Places are offsets into the file's text, counted in lines and columns as the file's
    # own newlines count them (YAML's marks also break lines at U+0085, U+2028, U+2029).
    def value_loc(self, node: Node) -> Location:
        return self.text.location(self.value_at(node))

    def at(self, node: Node) -> int:
        """Offset in the file of the node's first character (a quote, if quoted)."""
        return self.char_offset + node.index

    def value_at(self, node: Node) -> int:
        """Offset in the file where a value's text starts: inside the quotes if quoted."""
        at = self.char_offset + node.index
        # a quoted scalar's text starts after the quote; a block scalar's (`|`, `>`) marks
        # start at its indicator, which is where a finding about it points
        quoted = isinstance(node, Scalar) and not node.plain and self.text.source[at] in "'\""
        return at + 1 if quoted else at

    def value_span(self, node: Scalar) -> tuple[int, int]:
        """Where a scalar's text is written in the file, from `value_at` to its end (inside
        the quotes if quoted; a block scalar from its indicator): the one place to look in
        for what its value says, at the line and column where the file says it."""
        start = self.value_at(node)
        quoted = start != self.at(node)  # value_at stepped over the opening quote
        return start, self.char_offset + node.end - (1 if quoted else 0)

    def report(self, node: Node, code: str, message: str) -> None:
        self.diagnostics.append(at(self.value_loc(node), code, message))

    # -- structure --------------------------------------------------------------------------
    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key, (key_node, _value) in self.node.items.items():
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (
                    f"; did you mean '{near[0]}'?" if near else f"; allowed: {', '.join(allowed)}"
                )
                self.report(key_node, "E003", f"unknown field '{self.prefix}{key}'{hint}")

    def has(self, key: str) -> bool:
        return key in self.node.items and not _is_empty(self.node.items[key][1])

    def _get(self, key: str, required: bool) -> Node | None:
        entry = self.node.items.get(key)
        if entry is None:
            if required:
                self.report(self.node, "E004", f"required field '{self.prefix}{key}' is missing")
            return None
        key_node, node = entry
        if _is_empty(node):  # `key:`, `key: ~`: YAML's null, as good as not written
            if required:
                self._empty(key, node if node.value.strip() else key_node)
            return None
        self.spans[key] = self.value_at(node)
        if required and _is_blank(node):  # "", '  ', an empty block or list: nothing said
            self._empty(key, node)
            return None
        return node

    def _empty(self, key: str, where: Node) -> None:
        """E004 for a required field written without a value, however it is spelt: the key
        is there, so the one thing to do is to write the value."""
        self.report(
            where,
            "E004",
            f"required field '{self.prefix}{key}' is empty; write its value after '{key}:'",
        )

    # -- scalars ----------------------------------------------------------------------------
    def text_of(self, key: str, node: Node) -> str | None:
        """A node that must be one line of text; reports what YAML 1.1 would misread."""
        if not isinstance(node, Scalar):
            kind = "a list" if isinstance(node, Seq) else "a mapping"
            self.report(node, "E005", f"'{self.prefix}{key}' must be text, not {kind}")
            return None
        if _misread(node):
            misread = yaml11_type(node)
            self.report(
                node,
                "E005",
                f"'{self.prefix}{key}: {node.value}' would be read by YAML as "
                f'{_MISREAD[misread]}; put it in quotes: "{node.value}"',
            )
        return node.value.strip()

    def string(self, key: str, required: bool = False) -> str | None:
        node = self._get(key, required)
        return None if node is None else self.text_of(key, node)

    def strs(self, key: str, required: bool = False) -> tuple[str, ...]:
        """A list of text; one value may stand alone (`saksbehandler: Ina Dahlsveen`)."""
        return tuple(value for value, _node in self.str_items(key, required))

    def str_items(self, key: str, required: bool = False) -> list[tuple[str, Scalar]]:
        """`strs` with the node of each value. An item that is empty or that YAML 1.1 would
        misread is reported here (E005), once, and left out."""
        node = self._get(key, required)
        if node is None:
            return []
        items = node.items if isinstance(node, Seq) else [node]
        out = []
        for i, item in enumerate(items):
            name = f"{key}[{i + 1}]" if isinstance(node, Seq) else key
            if isinstance(item, Scalar) and (_is_empty(item) or not item.value.strip()):
                self.report(item, "E005", f"'{self.prefix}{name}' is empty")
                continue
            value = self.text_of(name, item)
            if value and not _misread(item):
                self.spans[f"{key}[{i}]"] = self.value_at(item)
                out.append((value, item))
        return out

    def date(self, key: str, required: bool = False) -> dt.date | None:
        node = self._get(key, required)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            return self.text_of(key, node) and None
        value = node.value.strip()
        day = parse_date(value)
        if day is None:
            self.report(
                node, "E005", f"'{self.prefix}{key}: {value}' is not a valid date (YYYY-MM-DD)"
            )
        return day

    def choice(self, key: str, allowed: tuple[str, ...], required: bool = False) -> str | None:
        node = self._get(key, required)
        if node is None:
            return None
        value = self.text_of(key, node)
        if value is not None and value not in allowed:
            self.report(
                node,
                "E005",
                f"'{self.prefix}{key}' must be one of {', '.join(allowed)}, not '{value}'",
            )
            return None
        return value

    def meeting_id(self, key: str, required: bool = False, code: str = "E005") -> MeetingId | None:
        node = self._get(key, required)
        if node is None:
            return None
        value = self.text_of(key, node)
        if value is None:
            return None
        meeting = MeetingId.parse(value)
        if meeting is None:
            self.report(node, code, f"'{self.prefix}{key}: {value}' is not a meeting number m/yyyy")
        return meeting

    def case_ref(self, key: str, node: Node) -> Ref | None:
        """A case number `n/m/yyyy` as a reference (E101 when malformed)."""
        value = self.text_of(key, node)
        if value is None or not isinstance(node, Scalar):
            return None
        number = CaseNumber.parse(value)
        if number is None:
            # at the character that does not belong, if one cannot be seen (a plain value is
            # written as it reads)
            odd = next((i for i, c in enumerate(node.value) if c in lookalikes.NAMES), None)
            where = self.value_loc(node)
            if odd is not None and node.plain and "\n" not in node.value[:odd]:
                where = self.text.location(self.value_at(node) + odd)
            self.diagnostics.append(
                at(
                    where,
                    "E101",
                    f"'{value}' in '{self.prefix}{key}' is not a case number n/m/yyyy"
                    + _number_hint(value),
                )
            )
            return None
        start = self.value_at(node) + (len(node.value) - len(node.value.lstrip()))
        return Ref(
            "case",
            value,
            self.text,
            self.at(node),
            year=number.year,
            n=number.n,
            m=number.m,
            number_span=(start, start + len(str(number.n))),
        )

    def case_refs(self, key: str) -> tuple[Ref, ...]:
        node = self._get(key, False)
        if node is None:
            return ()
        items = node.items if isinstance(node, Seq) else [node]
        refs = (self.case_ref(key, item) for item in items)
        return tuple(ref for ref in refs if ref is not None)

    def one_case_ref(self, key: str, required: bool = False) -> Ref | None:
        node = self._get(key, required)
        return None if node is None else self.case_ref(key, node)

    # -- nested -----------------------------------------------------------------------------
    def items(self, key: str, required: bool = False) -> list[Node]:
        node = self._get(key, required)
        if node is None:
            return []
        if not isinstance(node, Seq):
            self.report(node, "E005", f"'{self.prefix}{key}' must be a list")
            return []
        return node.items

    def mapping(self, key: str) -> Map | None:
        node = self._get(key, False)
        if node is None:
            return None
        if not isinstance(node, Map):
            self.report(node, "E005", f"'{self.prefix}{key}' must be a mapping")
            return None
        return node

    def sub(self, node: Map, prefix: str) -> Fields:
        return Fields(node, self.text, self.char_offset, self.diagnostics, prefix)


_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # written between a number's parts for '/'


def _number_hint(value: str) -> str:
    """What makes a written number no case number when it is what Word put in (`44–5–2021`
    with en dashes, a non-breaking space or a soft hyphen that cannot be seen), and the
    number it stands for."""
    named = lookalikes.named(value)
    slashed = "".join("/" if c in _DASHES else c for c in value)
    number = CaseNumber.parse(
        "".join(c for c in slashed if c not in lookalikes.NAMES and not c.isspace())
    )
    hint = f": it holds {', '.join(named)}" if named else ""
    return hint + (f"; write {number}" if number else "")


def _is_empty(node: Node) -> bool:
    """Written as nothing (`key:`, `key: ~`): the field is missing."""
    return isinstance(node, Scalar) and node.plain and node.value.strip() in ("", "~", "null")


def _is_blank(node: Node) -> bool:
    """Written, but saying nothing: `""`, `'  '`, an empty `|` block, `[]`."""
    if isinstance(node, Scalar):
        return not node.value.strip()
    return isinstance(node, Seq) and not node.items


def _misread(node: Scalar) -> bool:
    """YAML 1.1 would make something other than text of it (a date is fine: ho21 reads it)."""
    misread = yaml11_type(node)
    return misread in _MISREAD and misread != "timestamp"
