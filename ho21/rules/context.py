"""What a rule about one file may know besides the file: the council and the archive's root.

Case and referat rules see only this and their own file, so they can run wherever the file
is loaded (in either process of a parallel `check`); rules that compare files see the
whole Archive instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ho21.attachments import Resolver
from ho21.model import Council
from ho21.names import NameMatcher


@dataclass
class Context:
    root: str
    council: Council | None

    @cached_property
    def matcher(self) -> NameMatcher | None:
        return NameMatcher(self.council.roster) if self.council else None

    @cached_property
    def known_names(self) -> frozenset[str]:
        """Every name that is right as written: the roster and the secretariat's own name."""
        if self.council is None:
            return frozenset()
        known = set(self.council.roster)
        if self.council.sekretariat_navn:
            known.add(self.council.sekretariat_navn)
        return frozenset(known)

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(self.root)
