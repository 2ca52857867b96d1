"""People's names: finding a roster name written slightly wrong, in text or in a field."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from ho21 import lookalikes

# `*+` (possessive): what may follow a word (a space, a tab, the end) is never part of one, so
# giving characters back could not make a run match; not trying it saves a fifth of the scan
_WORD = r"[A-ZÆØÅÉ][\wæøåÆØÅé'-]*+"
_PARTICLE = r"(?:van|der|von|de|da|di|M\.?|[A-Z]\.)"
_RUN = re.compile(rf"{_WORD}(?:[ \t]+(?:{_WORD}|{_PARTICLE}))+")
MAX_REMEMBERED = 10_000  # runs whose near misses a matcher keeps


def hint(written: str, meant: str) -> str:
    """What to say about a name written close to the roster's `meant`: did you mean it, or,
    when the two read the same, which unseen character tells them apart (a non-breaking
    space pasted from Word)."""
    if lookalikes.plain(written) == meant and (unseen := lookalikes.named(written)):
        return f"it reads as '{meant}' in the roster but holds {', '.join(unseen)}; retype it"
    return f"did you mean '{meant}'?"


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class NameMatcher:
    """Knows the roster; finds names in text that are nearly, but not exactly, a roster name."""

    def __init__(self, roster: Iterable[str]):
        self.names = sorted(set(roster))
        self._by_word: dict[str, list[str]] = defaultdict(list)
        for name in self.names:
            words = name.split()
            self._by_word[words[0]].append(name)
            self._by_word[words[-1]].append(name)
        # a run's near misses, by its text: the same names are written again and again
        self._hits: dict[str, tuple[tuple[int, str, str], ...]] = {}

    def closest(self, written: str) -> str | None:
        """The roster name `written` is a near miss of, if any (never itself)."""
        if written in self.names:
            return None
        near = difflib.get_close_matches(written, self.names, n=1, cutoff=0.85)
        return near[0] if near else None

    def near_misses(self, text: str, start: int = 0) -> Iterator[tuple[int, str, str]]:
        """(offset, written, roster name) for each near miss in text[start:]."""
        for run in _RUN.finditer(text, start):
            hits = self._hits.get(run.group(0))
            if hits is None:
                hits = self._run_hits(run.group(0))
                if len(self._hits) >= MAX_REMEMBERED:
                    self._hits.clear()
                self._hits[run.group(0)] = hits
            for offset, written, name in hits:
                yield run.start() + offset, written, name

    def _run_hits(self, run: str) -> tuple[tuple[int, str, str], ...]:
        """The near misses in one run of capitalised words, at offsets into the run."""
        words = run.split()
        if self._by_word.keys().isdisjoint(words):
            return ()  # most runs of capitalised words hold no word of any roster name
        offsets = [m.start() for m in re.finditer(r"\S+", run)]
        hits: dict[tuple[int, str], tuple[int, str, str]] = {}
        for i, word in enumerate(words):
            for name in self._by_word.get(word, ()):
                for hit in self._compare(words, offsets, i, name):
                    hits.setdefault((hit[0], hit[2]), hit)
        return tuple(hits.values())

    def _compare(self, words, offsets, i, name) -> Iterator[tuple[int, str, str]]:
        size = len(name.split())
        first, last = name.split()[0], name.split()[-1]
        starts = {i} if words[i] == first else set()
        if words[i] == last:
            starts.add(i - size + 1)
        for s in starts:
            if s < 0 or s + size > len(words):
                continue
            written = " ".join(words[s : s + size])
            if written == name or written in self.names:
                continue
            limit = 1 if len(name) < 12 else 2
            if distance(written, name, limit) <= limit:
                yield offsets[s], written, name
