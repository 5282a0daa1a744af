"""The records a parsed plan is made of: outline nodes, segments, anomalies.

:func:`cityplans.reading.outline.parse_outline` returns an :class:`Outline` (the raw
text, its nodes, the segments that tile it, the anomalies found); every
extractor reads it, and every record keeps the character span of its
source, so that ``raw[start:end]`` gives it back.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from cityplans.reading.normalize import NormalizedText, normalize

__all__ = ["MAX_TITLE", "Anomaly", "Node", "Outline", "Segment", "Spans", "strip_span"]

#: The longest heading text read as a title (a longer one is a sentence).
MAX_TITLE = 40


@dataclass
class Node:
    """One heading of the outline and its own text.

    ``start``/``end`` span the node's own text in the original, trimmed of
    surrounding white space; ``segment_start``/``segment_end`` include the
    white space, so that segments tile the document.
    """

    city: str
    task_id: str
    parent_id: str | None
    level: int
    number: str  # the numbering as written, e.g. "（一）", "1.", "7、"
    path: str
    style: str
    kind: str
    title: str
    start: int
    end: int
    segment_start: int
    segment_end: int
    value: int | None = None
    children: list[str] = field(default_factory=list)
    has_body: bool = False
    #: A task table's row (style ``row``): its cells as (role, header, start, end), a wrapped cell in pieces.
    cells: list[tuple[str, str, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Segment:
    """A stretch of the document: ``debris``, ``front``, ``node`` or ``back``."""

    city: str
    kind: str
    start: int
    end: int
    task_id: str | None = None
    rule: str | None = None


@dataclass(frozen=True)
class Anomaly:
    """Something the parser could not read cleanly, with its span."""

    city: str
    kind: str
    start: int
    end: int
    message: str
    task_id: str | None = None


@dataclass
class Outline:
    """The parsed plan: raw text, its normalized view, nodes, segments, anomalies.

    Extractors take their normalized text from :meth:`view`, cut from the
    one view of the whole plan, so a plan is normalized once; each span is
    cut once too (attributions, targets and the taxonomy all read a node).
    """

    city: str
    raw: str
    nodes: list[Node]
    segments: list[Segment]
    anomalies: list[Anomaly]
    nt: NormalizedText | None = None  # the normalized view of ``raw``
    _views: dict[tuple[int, int], NormalizedText] = field(default_factory=dict, repr=False, compare=False)

    def view(self, start: int, end: int) -> NormalizedText:
        """The normalized view of ``raw[start:end]`` (a node's text, a segment), with its map back."""
        if self.nt is None:  # an Outline built by hand
            self.nt = normalize(self.raw)
        key = (start, end)
        if key not in self._views:
            self._views[key] = self.nt.slice(start, end)
        return self._views[key]


def strip_span(raw: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space at either end."""
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end


class Spans:
    """Disjoint, sorted spans with O(log n) lookups (clauses never overlap)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(spans):
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        k = bisect_right(self.starts, a)
        self.starts.insert(k, a)
        self.ends.insert(k, b)

    def covers(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect_right(self.starts, b - 1) - 1
        return k >= 0 and self.ends[k] > a
