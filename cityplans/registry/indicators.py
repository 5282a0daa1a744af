"""The indicator registry: one canonical id per thing a plan quantifies.

``cityplans/data/indicators.tsv`` holds ``indicator_id, name_zh, name_en,
unit, also_units, low, high, better, pattern``: a pattern per indicator
(first match wins, the unit breaking ties), the unit its targets are stated
in, the other units they may be stated in with the factor to it
(``人/万人=0.1``), the plausible range of a target level in its unit, and
which direction is better, which decides whether a local target is more or
less ambitious than the national one.

A target is mapped to an indicator only when its own phrase names the
indicator, its unit is the indicator's (or one of ``also_units``) and its
level is in range (:func:`vet`): a survey sample of 1,200 people is not a
health literacy of 1,200 %.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from cityplans.datafiles import DataFileError, data_path, read_rows
from cityplans.errors import takes_tables
from cityplans.reading.normalize import normalize

__all__ = ["RELATIVE_CHANGES", "indicator_for", "indicators_table", "quantified_indicators", "unit_factor", "vet"]

#: Comparators whose value is a change relative to a baseline (下降30%): a share in %, whatever the indicator's unit.
RELATIVE_CHANGES = ("decrease_by", "increase_by")


@lru_cache(maxsize=1)
def _indicators() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple((r["indicator_id"], r["unit"], re.compile(r["pattern"])) for r in read_rows("indicators.tsv"))


@lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[dict[str, float], float, float]]:
    """Per indicator: the units its targets may carry with their factor to its unit, and its plausible range."""
    rules = {}
    for r in read_rows("indicators.tsv"):
        factors = {r["unit"]: 1.0}
        for item in r["also_units"].split():
            unit, _, factor = item.partition("=")
            try:
                factors[unit] = float(factor)
            except ValueError:
                raise DataFileError(f"{data_path('indicators.tsv')}: {r['indicator_id']}: also_units {item!r} is not "
                                    "UNIT=FACTOR (the factor turns a value in UNIT into the indicator's)") from None
        rules[r["indicator_id"]] = (factors, float(r["low"]), float(r["high"]))
    return rules


def unit_factor(indicator_id: str, unit: str) -> float | None:
    """The factor that turns a value in ``unit`` into the indicator's unit; None when it cannot.

    Examples
    --------
    >>> unit_factor("doctors_per_1000", "人/千人"), unit_factor("doctors_per_1000", "人/万人")
    (1.0, 0.1)
    >>> unit_factor("health_literacy", "人") is None
    True
    """
    return _rules()[indicator_id][0].get(unit)


def vet(indicator_id: str, value: float, unit: str, comparator: str) -> tuple[str, str] | None:
    """Why a target cannot be a level of this indicator, as ``(kind, message)``; None when it can.

    Examples
    --------
    >>> vet("health_literacy", 1200, "人", ">=")[0], vet("health_literacy", 120, "%", ">=")[0]
    ('unit_mismatch', 'implausible_target')
    >>> vet("health_literacy", 22, "%", ">="), vet("cvd_mortality", 10, "%", "decrease_by")
    (None, None)
    """
    factors, low, high = _rules()[indicator_id]
    if comparator in RELATIVE_CHANGES and unit == "%":
        factor, low, high, unit_name = 1.0, 0.0, 100.0, "%"  # a relative change: unit-free
    elif (factor := factors.get(unit)) is None:
        return "unit_mismatch", (f"{value:g} {unit or '(no unit)'} cannot be {indicator_id}, stated in "
                                 f"{' or '.join(factors)}; left unmapped")
    else:
        unit_name = next(iter(factors))
    if not low <= value * factor <= high:
        return "implausible_target", (f"{value:g} {unit} is outside the plausible range of {indicator_id} "
                                      f"({low:g}-{high:g} {unit_name}); left unmapped")
    return None


def indicators_table() -> pd.DataFrame:
    """The indicator registry (``indicator_id, name_zh, name_en, unit, better, pattern``)."""
    return pd.DataFrame(list(read_rows("indicators.tsv")))


def indicator_for(phrase: str, unit: str = "") -> str | None:
    """The registry id of an indicator phrase, or ``None``.

    Where several registry patterns match, one whose unit is the target's
    unit wins (空气质量优良 with 天 is the count of good days, with % the rate).

    Examples
    --------
    >>> indicator_for("全区居民健康素养水平"), indicator_for("5岁以下婴儿死亡率(‰)"), indicator_for("新建绿道")
    ('health_literacy', 'under5_mortality', None)
    """
    norm = normalize(phrase).norm
    matches = [(ind, u) for ind, u, pattern in _indicators() if pattern.search(norm)]
    for ind, u in matches:
        if unit and u == unit:
            return ind
    return matches[0][0] if matches else None


@takes_tables(targets=["city", "indicator_id"])
def quantified_indicators(targets: pd.DataFrame) -> pd.DataFrame:
    """Which registry indicators each plan quantifies: indicator × city counts (long format).

    Columns: ``city, indicator_id, n_targets``; an indicator a plan leaves
    unquantified has ``n_targets == 0``. Unmapped targets count under
    ``indicator_id == "(unmapped)"``.
    """
    ids = [*indicators_table()["indicator_id"], "(unmapped)"]
    col = targets["city"]
    cities = list(col.cat.categories) if isinstance(col.dtype, pd.CategoricalDtype) else sorted(set(col))
    keyed = targets.assign(indicator_id=targets["indicator_id"].fillna("(unmapped)").replace("", "(unmapped)"))
    counts = keyed.groupby([keyed["city"].astype(str), "indicator_id"]).size()
    rows = [{"city": c, "indicator_id": i, "n_targets": int(counts.get((c, i), 0))} for c in cities for i in ids]
    out = pd.DataFrame(rows)
    out["city"] = pd.Categorical(out["city"], categories=cities, ordered=True)
    return out
