"""The reference grammar: how people write case, meeting and attachment numbers in text.

Recognised (SPEC §3), and nothing else:

    Sak 45/5/2021   (sak 43/5/2021)   31/2/2020        full number, anywhere
    Sak HO21-rådet 27/4/21   t.o.m. Sak 33/4/21        two-digit year, after "sak"
    sak 14-2-2021                                      dashes, after "sak"
    Sak 28-20 (møte 3/2020)   sak 17-20                running number and year, after "sak"
    møte 3/2021   rådsmøte 2/2021                      a meeting
    vedlegg 2                                          an attachment of the same case

Dates (30.6.2020), page marks (1/3), year spans (2020–2021) and two-part numbers without
"møte" are not references. Every reference keeps the offset of its running number, which is
the only part `renumber` rewrites, so the style it was written in survives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from ho21.diagnostics import Location
from ho21.model import Ref

_TEMPLATE = r"""
(?=[\dSsMmVv])  # every branch starts with one of these: lets the engine skip the rest fast
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


@lru_cache(maxsize=8)
def grammar(kortnavn: str | None) -> re.Pattern[str]:
    """The compiled grammar; the council's short name may stand between "Sak" and a number."""
    kort = f"(?i:{re.escape(kortnavn)})" if kortnavn else r"(?!)"
    return re.compile(_TEMPLATE.format(kort=kort), re.VERBOSE)


def _year(two_or_four: str) -> int:
    year = int(two_or_four)
    return year + 2000 if len(two_or_four) == 2 else year


def find(
    source: str,
    start: int,
    end: int,
    locate: Callable[[int], Location],
    kortnavn: str | None,
) -> Iterator[Ref]:
    """Every reference in source[start:end]."""
    for match in grammar(kortnavn).finditer(source, start, end):
        text = match.group(0)
        if match["fn"]:
            yield _case(match, "fn", int(match["fm"]), _year(match["fy"]), text, locate)
        elif match["sn"]:
            yield _case(match, "sn", int(match["sm"]), _year(match["sy"]), text, locate)
        elif match["dn"]:
            yield _case(match, "dn", int(match["dm"]), _year(match["dy"]), text, locate)
        elif match["yn"]:
            m = int(match["ym"]) if match["ym"] else None
            year = _year(match["yy"])
            if match["yyy"] and int(match["yyy"]) != year:
                # "Sak 28-20 (møte 3/2021)": the text contradicts itself; trust the meeting
                year = int(match["yyy"])
            yield _case(match, "yn", m, year, text, locate)
        elif match["mm"]:
            yield Ref(
                "meeting",
                text,
                locate(match.start("mm")),
                year=int(match["my"]),
                m=int(match["mm"]),
            )
        else:
            yield Ref(
                "vedlegg",
                text,
                locate(match.start("vn")),
                n=int(match["vn"]),
                number_span=match.span("vn"),
            )


def _case(match: re.Match[str], group: str, m: int | None, year: int, text, locate) -> Ref:
    return Ref(
        "case",
        text,
        locate(match.start(group)),
        year=year,
        n=int(match[group]),
        m=m,
        number_span=match.span(group),
    )


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
