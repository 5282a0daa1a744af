"""What a plan shows but no rule read: each becomes an anomaly with its span and what to do.

The extractors read what their rules know; a plan written in a convention
they lack is not read, and without these checks it is not said either. After
the attributions and the targets of a plan are read:

- ``role_markers_unread``: a role word (the labels and verbs of
  ``clause_words.tsv``: 牵头, 配合, 负责 …) inside a bracket, or a role label
  (牵头单位:) anywhere, that no attribution clause covers;
- ``names_outside_clauses``: more department names outside clauses than in
  them (at least :data:`MIN_NAMES`): the plan names who does what in a way no
  rule reads (a table not read, a clause form the rules lack);
- ``comparator_unread``: a comparator before a number (达到, 不低于, 控制在 …,
  from ``comparators.tsv``) that gave no target.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from cityplans.datafiles import alternation, read_rows
from cityplans.extract.attributions import CLAUSE_FORMS, Assignment
from cityplans.extract.quantities import cue
from cityplans.extract.targets import Target
from cityplans.reading.outline import Anomaly, Outline

__all__ = ["MIN_NAMES", "seen_not_read"]

#: The fewest names outside clauses that say a plan's attributions were not read (a plan with a handful of
#: names in its prose and no clauses at all is common: a plan that assigns no departments).
MIN_NAMES = 10
@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    rows = read_rows("clause_words.tsv")
    roles = [r["word"] for r in rows if r["kind"] in ("label", "verb")]
    labels = [r["word"] for r in rows if r["kind"] == "label"]
    before = [r["phrase"] for r in read_rows("comparators.tsv") if r["position"] == "before"]
    bracket = re.compile(rf"\([^()\n]{{0,300}}?(?:{alternation(roles)})[^()\n]{{0,300}}?\)")
    label = re.compile(rf"(?:{alternation(labels)})\s*:")
    comparator = re.compile(rf"(?:{alternation(before)}){cue('comparator_reach').pattern}")
    return bracket, label, comparator


class _Spans:
    """Spans to test overlaps against in logarithmic time (a plan may hold 100,000 targets).

    Unlike :class:`cityplans.reading.document.Spans`, which holds disjoint clauses, these may overlap
    (two targets of one sentence share its words): the furthest end so far answers for all of them.
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))  # the furthest end so far

    def overlap(self, a: int, b: int) -> bool:
        i = bisect_left(self.starts, b) - 1  # the spans that start before b
        return i >= 0 and self.reach[i] > a


def _markers(outline: Outline, clauses: list[tuple[int, int]]) -> list[Anomaly]:
    bracket, label, _ = _patterns()
    view = outline.view(0, len(outline.raw))
    read = _Spans(clauses)

    def unread(pattern: re.Pattern[str], also: _Spans | None = None) -> list[tuple[int, int, str]]:
        spans = ((*view.span(m.start(), m.end()), m.group()) for m in pattern.finditer(view.norm))
        return [(a, b, text) for a, b, text in spans if not read.overlap(a, b) and not (also and also.overlap(a, b))]

    in_brackets = unread(bracket)
    labels = unread(label, _Spans([(a, b) for a, b, _ in in_brackets]))  # a label in a bracket is said once
    return [Anomaly(outline.city, "role_markers_unread", a, b,
                    f"role words no clause rule read ({text[:40]}); add the clause's form to clause_words.tsv, "
                    "or check the departments by hand") for a, b, text in sorted([*in_brackets, *labels])]


def _names(outline: Outline, found: Sequence[Assignment]) -> list[Anomaly]:
    outside = [a for a in found if a.form not in CLAUSE_FORMS]
    inside = len(found) - len(outside)
    if len(outside) < MIN_NAMES or len(outside) <= inside:
        return []
    start, end = min(a.name_start for a in outside), max(a.name_end for a in outside)
    return [Anomaly(outline.city, "names_outside_clauses", start, end,
                    f"{len(outside)} department names outside any attribution clause against {inside} in one: who "
                    "does what is written in a way no rule reads (a task table not read, a clause form missing "
                    "from clause_words.tsv)")]


def _comparators(outline: Outline, targets: Sequence[Target]) -> list[Anomaly]:
    _, _, comparator = _patterns()
    view = outline.view(0, len(outline.raw))
    spans = _Spans([(t.start, t.end) for t in targets])
    out = []
    # names in 《》 and quotes are not commitments (《“健康平江2030”规划纲要》): blanked, same length
    masked = cue("quoted").sub(lambda q: " " * len(q.group()), view.norm)
    for m in comparator.finditer(masked):
        if cue("not_a_target").match(view.norm, m.end() - 1):
            continue  # a year or a date after the comparator (达到2020年的水平)
        a, b = view.span(m.start(), m.end())
        if not spans.overlap(a, b):
            out.append(Anomaly(outline.city, "comparator_unread", a, b,
                               f"a comparator and a number that gave no target ({view.norm[m.start():m.end()]}…); "
                               "a unit or a form the target reader lacks (units.tsv, target_cues.tsv)"))
    return out


def seen_not_read(outline: Outline, found: Sequence[Assignment], targets: Sequence[Target]) -> list[Anomaly]:
    """The anomalies of what ``outline`` shows but the attributions ``found`` and the ``targets`` did not read.

    Examples
    --------
    >>> from cityplans.reading.outline import parse_outline
    >>> plan = parse_outline("一、任务\\n1.加强管理（主办：市卫健委；协同：市教育局）。\\n", "x")
    >>> [a.kind for a in seen_not_read(plan, [], [])]
    []
    >>> plan = parse_outline("一、任务\\n1.加强管理（市卫健委、市教育局负责落实）。\\n", "x")
    >>> [a.kind for a in seen_not_read(plan, [], [])]
    ['role_markers_unread']
    """
    clauses = sorted({(a.clause_start, a.clause_end) for a in found if a.form in CLAUSE_FORMS})
    return [*_markers(outline, clauses), *_names(outline, found), *_comparators(outline, targets)]
