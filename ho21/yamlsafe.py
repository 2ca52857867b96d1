"""A strict YAML reader: every scalar is a string, every node keeps its position.

PyYAML's own loaders type values by YAML 1.1 rules (`NO` becomes False, `10.00` a float,
`0150` an octal number) and silently keep the last of two equal keys. ho21 builds its nodes
from the parser's event stream instead, so nothing is typed behind the user's back: the
schema in `schema.py` types each value, and reports what YAML 1.1 would have misread.
Anchors, aliases and explicit tags are refused at their mark (no alias bombs, no
`!!python/object`), and a duplicate key is reported and the first one kept.

Nearly every front matter has one simple shape: `key: value` lines, `[a, b]` lists, and
`  - item` lists whose items may be mappings (`  - tittel: …` / `    fil: …`). `read_simple`
reads that shape with one regular expression per line, in 60 % of the time of libyaml's
events, and declines anything else (comments, tabs, `:` or `#` in a plain value, other
indentation, a key twice, ...), which `read_events` then reads. Where it does not decline it
gives exactly the nodes `read_events` gives: tests/test_yamlsafe.py holds the two against
each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

try:  # libyaml's parser is several times faster; both give the same events and marks
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = None


@dataclass
class Scalar:
    value: str
    line: int  # 0-based, as PyYAML's marks
    column: int
    plain: bool  # written without quotes: YAML 1.1 would type it by its look
    index: int  # offset of its first character in the parsed text
    end: int  # offset just past it as written (past a closing quote; a block: its last line)


@dataclass
class Seq:
    items: list[Node]
    line: int
    column: int
    index: int


@dataclass
class Map:
    # key -> (key scalar, value node); insertion order is the file's order
    items: dict[str, tuple[Scalar, Node]]
    line: int
    column: int
    index: int


Node = Scalar | Seq | Map


@dataclass
class Problem:
    """Something the reader refused or noticed, at a 0-based mark."""

    code: str
    message: str
    line: int
    column: int


@dataclass
class Document:
    root: Node | None
    problems: list[Problem] = field(default_factory=list)


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


MAX_DEPTH = 40  # front matter is shallow; deeper nesting is refused, not recursed into


def _make_parser(text: str):
    if _Parser is None:  # pragma: no cover - pure-Python PyYAML
        return yaml.BaseLoader(text)
    return _Parser(text)


def parse(text: str, first_line: int = 0) -> Document:
    """Parse one YAML document into Scalar/Seq/Map nodes. Raises YamlSyntaxError.

    `first_line` is the file line (0-based) the text starts on, for line numbers in messages;
    marks stay relative to the text.
    """
    simple = read_simple(text)
    return Document(simple) if simple is not None else read_events(text, first_line)


def read_events(text: str, first_line: int = 0) -> Document:
    """`parse` by libyaml's events: any YAML. Raises YamlSyntaxError."""
    parser = _make_parser(text)
    problems: list[Problem] = []
    try:
        events = iter(parser.get_event, None)  # a C-level iterator: no generator frame per event
        root = _build(events, problems, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line, mark.column) if mark else (0, 0)
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(what, line, col) from None
    except yaml.YAMLError as exc:  # errors without a mark, e.g. from the reader
        raise YamlSyntaxError(str(exc).splitlines()[0], 0, 0) from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return Document(root, problems)


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _build(events, problems: list[Problem], first_line: int = 0) -> Node | None:
    root: Node | None = None
    documents = 0
    try:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    raise _Refused(Problem("E002", "more than one YAML document", m.line, m.column))
            elif isinstance(event, yaml.NodeEvent):
                root = _node(event, events, problems, 0, first_line)
    except _Refused as refused:
        problems.append(refused.problem)
        return None
    return root


def _check_node_event(event) -> None:
    m = event.start_mark
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(
            Problem("E002", f"YAML aliases (*{event.anchor}) are not allowed", m.line, m.column)
        )
    if event.anchor is not None:
        raise _Refused(
            Problem("E002", f"YAML anchors (&{event.anchor}) are not allowed", m.line, m.column)
        )
    tag = getattr(event, "tag", None)
    if tag is not None:  # any tag written, the bare `!` too (the parser gives none otherwise)
        raise _Refused(Problem("E002", f"YAML tags ({tag}) are not allowed", m.line, m.column))


_ScalarEvent = yaml.ScalarEvent


def _node(event, events, problems: list[Problem], depth: int = 0, first_line: int = 0) -> Node:
    if type(event) is _ScalarEvent and event.anchor is None and event.tag is None:
        if depth <= MAX_DEPTH:  # the common case, without the checks below
            m = event.start_mark
            return Scalar(
                event.value, m.line, m.column, not event.style, m.index, event.end_mark.index
            )
    _check_node_event(event)
    m = event.start_mark
    if depth > MAX_DEPTH:
        raise _Refused(Problem("E002", "YAML nested too deeply", m.line, m.column))
    if isinstance(event, yaml.ScalarEvent):
        # the C parser marks a plain scalar with style '', the Python one with None
        end = event.end_mark.index
        return Scalar(event.value, m.line, m.column, not event.style, m.index, end)
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Node] = []
        for child in events:
            if isinstance(child, yaml.SequenceEndEvent):
                return Seq(items, m.line, m.column, m.index)
            items.append(_node(child, events, problems, depth + 1, first_line))
        raise _Refused(Problem("E002", "unterminated sequence", m.line, m.column))
    if isinstance(event, yaml.MappingStartEvent):
        mapping: dict[str, tuple[Scalar, Node]] = {}
        for child in events:
            if isinstance(child, yaml.MappingEndEvent):
                return Map(mapping, m.line, m.column, m.index)
            key = _node(child, events, problems, depth + 1, first_line)
            value = _node(next(events), events, problems, depth + 1, first_line)
            if not isinstance(key, Scalar):
                raise _Refused(
                    Problem("E002", "a mapping key must be a plain word", key.line, key.column)
                )
            if key.value in mapping:
                first = mapping[key.value][0]
                problems.append(
                    Problem(
                        "E006",
                        f"key '{key.value}' appears twice (first on line {first.line + first_line + 1}); "
                        "the first is used",
                        key.line,
                        key.column,
                    )
                )
                continue
            mapping[key.value] = (key, value)
        raise _Refused(Problem("E002", "unterminated mapping", m.line, m.column))
    raise _Refused(Problem("E002", "unexpected YAML content", m.line, m.column))


_RESOLVER = yaml.resolver.Resolver()


def yaml11_type(scalar: Scalar) -> str:
    """The type YAML 1.1 would give this scalar: 'str', 'int', 'float', 'bool', 'null', ...

    Only plain scalars are typed by their look; quoted ones are strings.
    """
    if not scalar.plain:
        return "str"
    if scalar.value and scalar.value[0] not in _RESOLVER.yaml_implicit_resolvers:
        return "str"  # YAML 1.1 picks its candidate types by the first character: none here
    return _plain_type(scalar.value)


@lru_cache(maxsize=4096)  # names, types and dates recur in every file
def _plain_type(value: str) -> str:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return tag.rsplit(":", 1)[-1]


# -- the simple shape, read without libyaml ----------------------------------------------------
# A plain value: not starting with a YAML indicator or a space, without ':' or '#' (which may
# start a mapping or a comment), not ending in a space (YAML drops trailing spaces). In a flow
# list `,[]{}` end it too.
_FIRST = r"""[^\s\-?:,\[\]{}#&*!|>'"%@`]"""
_PLAIN = rf"{_FIRST}(?:[^:#\n]*[^\s:#])?"
_FLOW_ITEM = re.compile(rf"[ ]*({_FIRST}(?:[^:#,\[\]{{}}\n]*[^\s:#,\[\]{{}}])?)[ ]*")
_VALUE = rf"""{_PLAIN}|"[^"\\\n]*"|'[^'\n]*'|\[[^\[\]{{}}\n:#'"]*\]"""
_LINE = re.compile(
    rf"""(?P<lead>[ ][ ]-[ ]|[ ]{{4}})?  # a list item's dash, or a key of an item's mapping
    (?:(?P<key>[a-z_][a-z0-9_]*):(?:[ ]+(?P<value>{_VALUE}))?|(?P<item>{_VALUE}))?
    [ ]*\n""",
    re.VERBOSE,
)
# What libyaml reads as a character of its own: line breaks other than \n (U+0085, U+2028,
# U+2029), tabs, a byte order mark, control characters. Any of them: leave it to libyaml.
_ODD = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def read_simple(text: str) -> Map | None:
    """The nodes `read_events` would give, if the text has the simple shape; else None."""
    if text[-1:] != "\n" or _ODD.search(text):
        return None
    root: dict[str, tuple[Scalar, Node]] = {}
    listing: Scalar | None = None  # a `key:` whose `  - ` items follow
    seq: list[Node] = []  # its items so far
    item: dict[str, tuple[Scalar, Node]] | None = None  # the mapping of the last item
    line = -1  # 0-based, as libyaml's marks
    pos, end = 0, len(text)
    match = _LINE.match
    while pos < end:
        m = match(text, pos)
        if m is None:
            return None
        line += 1
        start, pos = pos, m.end()
        lead, key, value, bare = m.groups()
        if key is None and bare is None:  # a blank line
            if lead:
                return None
        elif lead is None:  # "key: value" or "key:" of the root mapping
            if key is None or key in root or (listing and not seq):
                return None
            scalar = Scalar(key, line, 0, True, start, start + len(key))
            listing, seq, item = None, [], None
            if value is None:
                listing = scalar
                continue
            node = _value(value, line, start, m.start(3))
            if node is None:
                return None
            root[key] = (scalar, node)
        elif lead == "  - ":  # an item of the list under `listing`
            if listing is None:
                return None
            at = start + 4
            if key is None:
                node = _value(bare, line, start, at)
                item = None
            elif value is None:
                return None
            else:  # a mapping: "  - tittel: …"
                node = _value(value, line, start, m.start(3))
                item = {key: (Scalar(key, line, 4, True, at, at + len(key)), node)}
            if node is None:
                return None
            if not seq:  # the list starts at its first dash
                root[listing.value] = (listing, Seq(seq, line, 2, start + 2))
            seq.append(node if item is None else Map(item, line, 4, at))
        else:  # "    fil: …", the next key of the last item's mapping
            if item is None or key is None or value is None or key in item:
                return None
            node = _value(value, line, start, m.start(3))
            if node is None:
                return None
            item[key] = (Scalar(key, line, 4, True, start + 4, start + 4 + len(key)), node)
    if not root or (listing and not seq):
        return None
    first = next(iter(root.values()))[0]  # the mapping starts at its first key
    return Map(root, first.line, 0, first.index)


def _value(written: str, line: int, line_start: int, at: int) -> Node | None:
    """A value as written on its line, starting at offset `at`; None if it is no simple one."""
    column = at - line_start
    first = written[0]
    if first == '"' or first == "'":
        return Scalar(written[1:-1], line, column, False, at, at + len(written))
    if first != "[":
        return Scalar(written, line, column, True, at, at + len(written))
    items: list[Node] = []
    inner = written[1:-1]
    if inner:
        offset = at + 1
        for part in inner.split(","):
            item = _FLOW_ITEM.fullmatch(part)
            if item is None:
                return None
            where = offset + item.start(1)
            items.append(
                Scalar(item[1], line, where - line_start, True, where, where + len(item[1]))
            )
            offset += len(part) + 1
    return Seq(items, line, column, at)
