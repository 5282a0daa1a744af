"""Find hundreds of fixed words in one pass, with the matches their regexes would give.

Two extractors look for many literal words: the taxonomy's terms
(``健身|全民健身`` …, :mod:`cityplans.extract.taxonomy`) and the registry's department
names after an optional level prefix (``市卫健委``, :mod:`cityplans.extract.attributions`).
Written as regular expressions, Python's engine tries every word at every
position of a plan. An Aho–Corasick automaton (pyahocorasick) finds every
occurrence of every word in one pass instead, and the rules of regex
matching (the leftmost match, the first alternative listed that fits, longest
first for :func:`cityplans.datafiles.alternation`, no overlap) turn those
occurrences into exactly the regex's matches. The regexes stay the
definition: the tests compare both on random texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["NameFinder", "TermFinder"]


def _automaton(words: Iterable[str]):
    """An automaton whose matches give ``(index of the last character, word)``, or None for no words."""
    from ahocorasick import Automaton  # noqa: PLC0415 - a C extension, loaded when first needed

    automaton = Automaton()
    for w in dict.fromkeys(words):
        automaton.add_word(w, w)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _starts(automaton, text: str) -> dict[int, list[str]]:
    """Every word starting at each position of ``text``, longest first."""
    at: dict[int, list[str]] = {}
    if automaton is not None and text:
        for last, w in automaton.iter(text):
            at.setdefault(last - len(w) + 1, []).append(w)
    for words in at.values():
        if len(words) > 1:
            words.sort(key=len, reverse=True)
    return at


class TermFinder:
    """Where each of many ``word|word|…`` regexes matches a text.

    Parameters
    ----------
    terms : sequence of sequence of str
        Each term's words, in the order its regex lists them.

    Examples
    --------
    >>> TermFinder([("健康教育", "健康"), ("教育",)]).matches("健康教育和健康")
    {0: [0, 5], 1: [2]}
    """

    def __init__(self, terms: Sequence[Sequence[str]]) -> None:
        uses: dict[str, list[tuple[int, int]]] = {}
        for i, words in enumerate(terms):
            for j, w in enumerate(words):
                uses.setdefault(w, []).append((i, j))
        self._automaton = _automaton(uses)
        self._uses = {w: (len(w) - 1, tuple(u)) for w, u in uses.items()}

    def matches(self, text: str) -> dict[int, list[int]]:
        """``{term index: [start of each match]}`` of the terms that match ``text``."""
        candidates: dict[int, list[tuple[int, int, int]]] = {}
        if self._automaton is not None and text:
            uses = self._uses
            for last, w in self._automaton.iter(text):
                back, of = uses[w]
                for i, j in of:
                    candidates.setdefault(i, []).append((last - back, j, back + 1))
        found = {}
        for i, starts in candidates.items():
            starts.sort()  # leftmost first, then the first word listed
            kept, free = [], 0
            for at, _, length in starts:
                if at >= free:
                    kept.append(at)
                    free = at + length
            found[i] = kept
        return found


class NameFinder:
    """The matches of ``(?:(?:P)?(?:N)|(?:P)(?:S))(?!X)``: names, some only after a prefix.

    ``P``, ``N`` and ``S`` are :func:`~cityplans.datafiles.alternation` s
    (longest first) of ``prefixes``, ``names`` and ``prefixed_only``;
    ``not_after`` is ``X``, what may not follow a name.

    Examples
    --------
    >>> f = NameFinder(["市", "区"], ["卫生健康委"], ["残联"], re.compile("门"))
    >>> f.finditer("市卫生健康委、区残联和残联部门")
    [(0, 6), (7, 10)]
    """

    def __init__(self, prefixes: Iterable[str], names: Iterable[str], prefixed_only: Iterable[str],
                 not_after: re.Pattern[str]) -> None:
        self.prefixes = sorted(set(prefixes), key=len, reverse=True)
        self.names, self.prefixed_only = set(names), set(prefixed_only)
        if not (self.prefixes and self.names and self.prefixed_only):
            raise ValueError("prefixes, names and prefixed_only need a word each (an empty alternation matches '')")
        self.not_after = not_after
        # Only the names go into the automaton: prefixes (市, 区 …) are everywhere, and are
        # looked for only just before a name.
        self._automaton = _automaton([*self.names, *self.prefixed_only])

    def finditer(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each match, as ``re.finditer`` would find them."""
        starts = _starts(self._automaton, text)
        # A match starts at a name, or at a prefix just before a name.
        candidates = {q for q, ws in starts.items() if not self.names.isdisjoint(ws)}
        candidates.update(q - len(w) for q in starts for w in self.prefixes if text.endswith(w, 0, q))
        found, free = [], 0
        for p in sorted(candidates):
            if p >= free and (end := self._match_at(text, p, starts)) is not None:
                found.append((p, end))
                free = end
        return found

    def _match_at(self, text: str, p: int, starts: dict[int, list[str]]) -> int | None:
        """The end of the match starting at ``p``, tried in the regex's order (None if there is none)."""
        after_prefix = [p + len(w) for w in self.prefixes if text.startswith(w, p)]  # longest first
        for q, allowed in [*((q, self.names) for q in after_prefix), (p, self.names),
                           *((q, self.prefixed_only) for q in after_prefix)]:
            for w in starts.get(q, ()):  # longest first
                if w in allowed and not self.not_after.match(text, q + len(w)):
                    return q + len(w)
        return None
