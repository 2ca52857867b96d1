"""Git's conflict markers left in a file: a merge that was not finished.

When both sides of a merge changed the same lines, git leaves both versions in the file,
between marker lines, for a person to choose:

    <<<<<<< HEAD
    the lines of this branch
    =======
    the lines of the other
    >>>>>>> the-other-branch

(in diff3 style, `|||||||` and the common ancestor's lines before `=======`). Left in, they
would stand in the documents; `check` reports each conflict at its first marker (E007), and
the packet refuses a Markdown attachment holding one. A `=======` line alone is no conflict:
Markdown underlines a heading with it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MARKER = re.compile(r"^(?:<{7}|>{7})(?=[ \t]|$)", re.MULTILINE)


class Conflict(NamedTuple):
    at: int  # offset of its first marker line (`<<<<<<<`, or a `>>>>>>>` alone)
    line: int  # 1-based line of that marker
    end_line: int | None  # its `>>>>>>>` line; None for a marker without its pair
    marker: str = "<<<<<<<"

    def describe(self) -> str:
        """What the file holds and what to do, to follow "the file holds"."""
        if self.end_line is None:
            what = f"git's conflict marker '{self.marker}' on line {self.line}, without its pair"
        else:
            what = (
                f"an unfinished git merge on lines {self.line}–{self.end_line}: both versions "
                "stand between '<<<<<<<' and '>>>>>>>'"
            )
        return f"{what}; keep the right lines, delete the others and the marker lines"


def find(text: str) -> list[Conflict]:
    """The conflicts in `text`, in order."""
    # the usual file holds neither: a search for one character (in C, several times faster
    # than one for seven) rules it out
    if not ("<" in text and "<<<<<<<" in text) and not (">" in text and ">>>>>>>" in text):
        return []
    out: list[Conflict] = []
    opened: tuple[int, int] | None = None  # (offset, line) of a `<<<<<<<` not yet closed
    for match in _MARKER.finditer(text):
        at = match.start()
        line = text.count("\n", 0, at) + 1
        if text[at] == ">":
            out.append(Conflict(*opened, line) if opened else Conflict(at, line, None, ">>>>>>>"))
            opened = None
            continue
        if opened:  # a second '<<<<<<<' before a '>>>>>>>': the first has no pair
            out.append(Conflict(*opened, None))
        opened = (at, line)
    if opened:
        out.append(Conflict(*opened, None))
    return out
