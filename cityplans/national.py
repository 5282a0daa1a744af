"""National benchmarks: Healthy China Action 2019–2030, the Healthy China 2030
outline and others, as reference data with their sources.

``data/external/national_targets.csv`` is the collected table as obtained
(third-party copies of the national documents; treat values as reference,
not gospel). :func:`national_targets` turns it into long format, one row per
framework × indicator × year, with the indicator mapped to the registry.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import paths
from .targets import indicator_for

__all__ = ["NATIONAL_COLUMNS", "national_targets"]

NATIONAL_COLUMNS = [
    "framework", "indicator_id", "indicator_zh", "indicator_en", "unit", "comparator", "direction",
    "year", "value", "base_year", "base_value", "source_url",
]
_UNITS = {"1/100000": "1/10万", "years": "岁", "m2": "平方米", "%": "%", "‰": "‰"}
_COMPARATOR = {"≥": ">=", ">": ">=", "≤": "<=", "<": "<=", "≈": "approx"}


def national_targets(path: str | Path | None = None) -> pd.DataFrame:
    """National targets in long format (columns :data:`NATIONAL_COLUMNS`).

    ``direction`` keeps the source's sign (``<`` is strict); ``comparator``
    uses the vocabulary of the plans' targets.
    """
    path = Path(path) if path else paths.PROJ_ROOT / "data" / "external" / "national_targets.csv"
    wide = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for r in wide.itertuples(index=False):
        unit = _UNITS.get(r.unit, r.unit)
        for column in ("target_2020", "target_2022", "target_2030"):
            value = getattr(r, column)
            if not value:
                continue
            rows.append({
                "framework": r.framework, "indicator_id": indicator_for(r.indicator_zh, unit) or "",
                "indicator_zh": r.indicator_zh, "indicator_en": r.indicator_en, "unit": unit,
                "comparator": _COMPARATOR.get(r.direction, r.direction), "direction": r.direction,
                "year": int(column[-4:]), "value": float(value),
                "base_year": int(r.base_year) if r.base_year else pd.NA,
                "base_value": float(r.base_value) if r.base_value else float("nan"),
                "source_url": r.source_url,
            })
    out = pd.DataFrame(rows, columns=NATIONAL_COLUMNS)
    out["base_year"] = out["base_year"].astype("Int64")
    return out
