"""The indicator registry: one canonical id per thing a plan quantifies.

``cityplans/data/indicators.tsv`` holds ``indicator_id, name_zh, name_en,
unit, better, pattern``: a pattern per indicator (first match wins, the
unit breaking ties) and which direction is better, which decides whether a
local target is more or less ambitious than the national one.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from cityplans.datafiles import read_rows
from cityplans.errors import takes_tables
from cityplans.reading.normalize import normalize

__all__ = ["indicator_for", "indicators_table", "quantified_indicators"]


@lru_cache(maxsize=1)
def _indicators() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple((r["indicator_id"], r["unit"], re.compile(r["pattern"])) for r in read_rows("indicators.tsv"))


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
