"""A normalized view of a plan for matching, with offsets back to the original.

Patterns are easier to write against one form of each character: full-width
digits, letters, brackets and colons (``１２（一）：``) become their half-width
forms, no-break and ideographic spaces become plain spaces (Unicode NFKC).
Matching runs on :attr:`NormalizedText.norm`; every span found there is mapped
back with :meth:`NormalizedText.span` to the coordinates of the decoded
original, so records always point at the text as published.

NFKC is applied character by character, so a character's normalized form
never depends on its neighbours, and the map from normalized to original
positions is monotone. Two kinds of character are deliberately left alone:
circled numbers (①, ⑴, ⒈ …) are numbering styles of their own and NFKC would
flatten them into plain digits, losing the level they mark.

Traditional characters are read as their simplified forms (``牽頭單位`` as
``牵头单位``, ``不低於`` as ``不低于``), one character for one, from the
table ``data/traditional.tsv``; so every marker, name and unit written in
simplified characters in the rule files matches a plan in either script,
while records keep the characters as written.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from cityplans.datafiles import read_rows

__all__ = ["SENTENCE_MARKS", "NormalizedText", "normalize"]

#: Sentence punctuation (full and half width): prose has it on every line, menus and tables little.
SENTENCE_MARKS = re.compile("[，。；,;]")

# Enclosed numerals (① ⑴ ⒈ ⓪ …) keep their own shape: they mark a level.
_KEEP = re.compile(r"[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]")


@lru_cache(maxsize=1)
def _simplified() -> dict[str, str]:
    """Traditional character to simplified, one to one (``data/traditional.tsv``, from OpenCC).

    Also the symbols of other character sets that mean one we match
    (``data/symbol_variants.tsv``: Big5 writes ≧ for ≥).
    """
    table = {r["traditional"]: r["simplified"] for r in read_rows("traditional.tsv")}
    table.update({r["written"]: r["read_as"] for r in read_rows("symbol_variants.tsv")})
    return table


#: CJK Unified Ideographs: none has a decomposition, so NFKC keeps every one (a test checks).
_IDEOGRAPHS = "\u4e00-\u9fff"
_NOT_IDEOGRAPH = re.compile(f"[^{_IDEOGRAPHS}]")


@lru_cache(maxsize=1)
def _traditional_ideographs() -> re.Pattern[str]:
    """The ideographs the table reads as another (牽 as 牵), as one character class."""
    chars = sorted(c for c in _simplified() if len(c) == 1 and not _NOT_IDEOGRAPH.match(c))
    return re.compile("[" + "".join(chars) + "]") if chars else re.compile("(?!)")


def _may_change(raw: str) -> set[str]:
    """The distinct characters of ``raw`` that may have another form: all but the plain ideographs.

    Most of a plan is ideographs NFKC keeps; two scans in the regex engine find
    the rest, instead of making a string of every character for ``set(raw)``.
    """
    return set(_NOT_IDEOGRAPH.findall(raw)) | set(_traditional_ideographs().findall(raw))


@lru_cache(maxsize=65536)
def _nfkc_char(ch: str) -> str:
    if _KEEP.match(ch):
        return ch
    form = unicodedata.normalize("NFKC", ch)
    # Traditional script reads as simplified: 牽頭單位 is matched as 牵头单位.
    # Character by character, so offsets stay put.
    simplified = _simplified()
    return "".join(simplified.get(c, c) for c in form)


@dataclass(frozen=True)
class NormalizedText:
    """The normalized view of ``raw`` and the way back.

    ``norm`` is ``raw`` with each character replaced by its NFKC form. When
    every replacement is a single character, offsets are the same in both
    texts; otherwise ``_expand`` lists, for each original character whose form
    is longer or shorter than one character, where it starts in ``norm``.
    """

    raw: str
    norm: str
    # Sorted (norm_start, raw_index, norm_length) of characters that did not map 1:1.
    _irregular: tuple[tuple[int, int, int], ...] = field(default=(), repr=False)
    _norm_starts: tuple[int, ...] = field(default=(), repr=False)

    def to_raw(self, pos: int) -> int:
        """Map a position in ``norm`` to a position in ``raw`` (a boundary)."""
        if not self._irregular:
            return pos
        i = bisect_right(self._norm_starts, pos) - 1
        if i < 0:
            return pos
        norm_start, raw_index, length = self._irregular[i]
        if pos < norm_start + length:
            # Inside (or at the start of) an expanded character: snap to its start.
            return raw_index
        return raw_index + 1 + (pos - norm_start - length)

    def to_norm(self, pos: int) -> int:
        """Map a position in ``raw`` (a boundary) to the position in ``norm`` where that character's form starts."""
        if not self._irregular:
            return pos
        k = bisect_right(self._raw_indices(), pos - 1)  # irregular characters before ``pos``
        if k == 0:
            return pos
        norm_start, raw_index, length = self._irregular[k - 1]
        return norm_start + length + (pos - raw_index - 1)

    def _raw_indices(self) -> tuple[int, ...]:
        return tuple(r for _, r, _ in self._irregular)

    def slice(self, start: int, end: int) -> NormalizedText:
        """The normalized view of ``raw[start:end]``, cut from this one instead of normalizing again.

        NFKC is applied character by character, so the view of a slice is the
        slice of the view.

        Examples
        --------
        >>> nt = normalize("一、Ⅲ类（１２）")
        >>> part = nt.slice(2, 8)
        >>> part.norm, part.raw, part.span(0, 3)
        ('III类(12)', 'Ⅲ类（１２）', (0, 1))
        """
        if not self._irregular:
            return NormalizedText(self.raw[start:end], self.norm[start:end])
        a, b = self.to_norm(start), self.to_norm(end)
        inside = [(n - a, r - start, length) for n, r, length in self._irregular if start <= r < end]
        return NormalizedText(self.raw[start:end], self.norm[a:b], tuple(inside), tuple(n for n, _, _ in inside))

    def without(self, positions: list[int]) -> NormalizedText:
        """This view with the characters at ``positions`` of ``norm`` removed (each a character of its own).

        Used to join lines broken by a page's width: the line break vanishes
        from ``norm``, and every span found across it still maps back to the
        raw text, break included.

        Examples
        --------
        >>> nt = normalize("区卫\\n健局（１）")
        >>> joined = nt.without([2])
        >>> joined.norm, joined.span(0, 4), joined.raw[slice(*joined.span(0, 4))]
        ('区卫健局(1)', (0, 5), '区卫\\n健局')
        """
        if not positions:
            return self
        # Per raw character: the length of its form in norm (1 unless irregular or removed).
        lengths = dict((r, length) for _, r, length in self._irregular)
        for pos in positions:
            lengths[self.to_raw(pos)] = 0
        drop = set(positions)
        norm = "".join(ch for i, ch in enumerate(self.norm) if i not in drop)
        irregular = []
        shift = 0
        for r in sorted(lengths):
            irregular.append((r + shift, r, lengths[r]))
            shift += lengths[r] - 1
        return NormalizedText(self.raw, norm, tuple(irregular), tuple(n for n, _, _ in irregular))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``norm`` to the raw span that covers it."""
        raw_start = self.to_raw(start)
        if end <= start:
            return raw_start, raw_start
        raw_end = self.to_raw(end - 1) + 1
        return raw_start, max(raw_end, raw_start)


def normalize(raw: str) -> NormalizedText:
    """Build the normalized view of a text.

    Parameters
    ----------
    raw : str
        The decoded original.

    Returns
    -------
    NormalizedText

    Examples
    --------
    >>> nt = normalize("（一）１２％")
    >>> nt.norm
    '(一)12%'
    >>> nt = normalize("Ⅲ类水体")
    >>> nt.norm
    'III类水体'
    >>> nt.span(3, 5), nt.raw[slice(*nt.span(3, 5))]
    ((1, 3), '类水')
    >>> normalize("牽頭單位：市衛生健康委").norm
    '牵头单位:市卫生健康委'

    """
    table: dict[int, str] = {}
    irregular_chars: set[str] = set()
    for ch in _may_change(raw):
        form = _nfkc_char(ch)
        if form != ch:
            table[ord(ch)] = form
            if len(form) != 1:
                irregular_chars.add(ch)
    norm = raw.translate(table) if table else raw
    if not irregular_chars:
        return NormalizedText(raw, norm)
    # Rare path: some character expands (Ⅲ → III, ㈠ → (一)) or vanishes.
    irregular: list[tuple[int, int, int]] = []
    shift = 0
    pattern = re.compile("|".join(re.escape(c) for c in sorted(irregular_chars)))
    for m in pattern.finditer(raw):
        i = m.start()
        length = len(table[ord(raw[i])])
        irregular.append((i + shift, i, length))
        shift += length - 1
    starts = tuple(s for s, _, _ in irregular)
    return NormalizedText(raw, norm, tuple(irregular), starts)
