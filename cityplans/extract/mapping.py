"""Which indicator a target measures: named by the phrase that carries its number, in its unit and range.

:func:`cityplans.extract.targets.find_targets` reads a target's phrase; this module decides which canonical
indicator (``indicators.tsv``) it is a level of, if any. The phrase must name the indicator itself; a short
phrase that names no measure of its own (人均标准 after 提高政府补助标准) may take the one named earlier in
its sentence, if the number can be that indicator's level. A target whose unit or level cannot be its
indicator's loses the indicator, with an anomaly saying why (:func:`cityplans.registry.indicators.vet`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from cityplans.extract.quantities import cue
from cityplans.reading.outline import Anomaly
from cityplans.registry.indicators import indicator_for, vet

if TYPE_CHECKING:
    from cityplans.extract.targets import Target

__all__ = ["borrowed", "elliptical", "vetted"]


def elliptical(phrase: str) -> bool:
    """A short phrase that names no measure of its own (人均标准 after 提高政府补助标准): it may take the indicator
    named earlier in its sentence. One that does (孕妇贫血率) never borrows another's (生长迟缓率 before it)."""
    return len(phrase) <= 6 and not cue("own_measure").search(phrase)


def borrowed(before: str, m: re.Match[str], unit: str, comparator: str) -> str | None:
    """The indicator named earlier in the sentence, for an elliptical phrase, if the number can be its level."""
    named = indicator_for(before, unit)
    return named if named and vet(named, float(m.group("num")), unit, comparator) is None else None


def vetted(targets: list[Target]) -> tuple[list[Target], list[Anomaly]]:
    """Targets whose unit or level cannot be their indicator's lose the indicator, each with an anomaly saying why."""
    kept, anomalies = [], []
    for t in targets:
        problem = vet(t.indicator_id, t.value, t.unit, t.comparator) if t.indicator_id else None
        if problem:
            kind, message = problem
            anomalies.append(Anomaly(t.city, kind, t.start, t.end, f"{t.indicator_raw}: {message}", t.task_id))
            t = dataclasses.replace(t, indicator_id=None)
        kept.append(t)
    return kept, anomalies
