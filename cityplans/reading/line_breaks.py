"""Join the lines that a page's width broke, so that text extracted from a PDF reads as written.

Text taken from a PDF (or copied out of one) keeps the page's lines: a
sentence, a department name or a number can be cut at the right margin
(``区卫`` / ``健局``). Such a text is recognised by its lines: most of them
are about as long as the longest ones, because the page was full, and many
of those end inside a sentence (on a character or a comma). In such a
text a line break is the page's, not the author's, when the line before it
is full (or holds only a heading number) and the line after it is neither a
heading nor debris; a sentence that runs past a page's end is joined across
the page number and running header between (those lines then read as part of
the sentence's span, and vanish from the normalized view with the break). Those breaks
vanish from the normalized view (:meth:`cityplans.reading.normalize.NormalizedText.
without`), so every pattern matches across them, while each span still
points at the text as extracted.

Web texts, whose lines are paragraphs of every length, are left alone.

Examples
--------
>>> full = "加强全民健身设施建设，推进公共体育场馆免费开放，由区卫"
>>> lines = ["一、总体要求"] + [full] * 6 + ["健局负责。", "二、保障"]
>>> stripped = [s.strip() for s in lines]
>>> ends = page_broken_lines(stripped, heading=lambda i: i in (0, 8), debris=lambda i: False)
>>> ends
[(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cityplans.reading.document import Segment
from cityplans.reading.normalize import SENTENCE_MARKS, NormalizedText

__all__ = ["PAGE_FURNITURE", "furniture_positions", "join_positions", "page_broken_lines"]

#: Debris rules of a PDF page's furniture, which a sentence (and a node) runs on past.
PAGE_FURNITURE = frozenset({"page_marker", "running_header"})

#: Lines of at least this many characters are measured.
_MIN_MEASURED = 10
#: A text is page-broken when at least this share of its measured lines is full.
_FULL_SHARE = 0.5
#: A line is full when it is at least this share of the width (the 90th percentile of the measured lines).
_FULL = 0.8
#: Fewer measured lines than this: too little to tell.
_MIN_LINES = 6


#: A page narrower than this many characters is a table's column, not a page.
_MIN_WIDTH = 20
#: Text runs on after a full line: it ends inside a sentence (a Han character, a comma) this often at least.
_RUNS_ON = 0.3
_SENTENCE = SENTENCE_MARKS
#: Cells of a table (tabs, bars, runs of spaces): a table's lines are its rows, never joined.
_CELLS = re.compile(r"\t| {2,}|\|")
_MID_SENTENCE = re.compile(r"[\u4e00-\u9fff，、,（(“]$")


def _width(stripped: list[str]) -> int | None:
    measured = sorted(len(s) for s in stripped if len(s) >= _MIN_MEASURED)
    if len(measured) < _MIN_LINES:
        return None
    width = measured[int(0.9 * (len(measured) - 1))]
    full = [s for s in stripped if _FULL * width <= len(s) <= width + 2]
    runs_on = sum(1 for s in full if _MID_SENTENCE.search(s))
    if width < _MIN_WIDTH or len(full) < _FULL_SHARE * len(measured) or runs_on < _RUNS_ON * len(full):
        return None
    return width


def _row_end(here: str, after: str) -> bool:
    """A line without sentence punctuation that ends on a number, before a word: a table's row, kept apart.

    Prose has commas and full stops on every full line, and when the page
    cuts it inside a number it continues with digits (``到2`` / ``020年``).
    """
    return here[-1].isdigit() and "\u4e00" <= after[0] <= "\u9fff" and not _SENTENCE.search(here)


def page_broken_lines(stripped: list[str], heading: Callable[[int], bool], debris: Callable[[int], bool],
                      bare_heading: Callable[[int], bool] = lambda i: False,
                      furniture: Callable[[int], bool] = lambda i: False) -> list[tuple[int, int]]:
    """The line breaks the page made: pairs ``(i, j)``, line ``i`` to be joined with line ``j``.

    Parameters
    ----------
    stripped : list of str
        The normalized lines, stripped.
    heading, debris : callable
        Whether line ``i`` is a heading, or debris; no line is joined onto
        either, and no debris line is joined to the next.
    bare_heading : callable
        Whether line ``i`` holds only a heading's number (``1.``), whose text
        the page moved to the next line.
    furniture : callable
        Whether line ``i`` is a page's furniture (a page number, a running
        header): a sentence cut by a page's end runs on past it, so ``j``
        is the next line that is not (blank lines between are skipped too).

    Returns
    -------
    list of (int, int)
        Empty when the text does not look page-broken.
    """
    width = _width(stripped)
    if width is None:
        return []
    out = []
    for i in range(len(stripped) - 1):
        here = stripped[i]
        if not here or debris(i) or _CELLS.search(here) or not (len(here) >= _FULL * width or bare_heading(i)):
            continue
        j = i + 1
        while (j < len(stripped) and furniture(j)) or (j < len(stripped) and not stripped[j] and j > i + 1):
            j += 1
        if j < len(stripped) and stripped[j] and not (debris(j) or heading(j) or _CELLS.search(stripped[j])
                                                      or _row_end(here, stripped[j])):
            out.append((i, j))
    return out


def join_positions(norm: str, line_spans: list[tuple[int, int]], joins: list[tuple[int, int]]) -> list[int]:
    """Positions between each joined line and the next: the break, any margin, any page furniture."""
    out: list[int] = []
    for i, j in joins:
        s, e = line_spans[i]
        end = s + len(norm[s:e].rstrip())
        ns, ne = line_spans[j]
        start = ns + (len(norm[ns:ne]) - len(norm[ns:ne].lstrip()))
        out += range(end, start)
    return out


def furniture_positions(nt: NormalizedText, segments: list[Segment], start: int, end: int) -> list[int]:
    """Positions in ``norm`` of the page furniture between two pieces of one node (removed from its view)."""
    out: list[int] = []
    for seg in segments:
        if seg.kind == "debris" and start <= seg.start and seg.end <= end:
            a, b = nt.to_norm(seg.start), nt.to_norm(seg.end)
            if b - a == seg.end - seg.start:  # one character for one: each can go on its own
                out += range(a, b)
    return out
