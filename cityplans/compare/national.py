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

from cityplans import paths
from cityplans.errors import takes_tables
from cityplans.registry.indicators import indicator_for, indicators_table

__all__ = ["COMPARISON_COLUMNS", "FRAMEWORK_PREFERENCE", "NATIONAL_COLUMNS", "compare_targets", "national_targets"]

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


COMPARISON_COLUMNS = [
    "city", "indicator_id", "name_en", "name_zh", "target_year", "value", "value_high", "comparator", "unit",
    "baseline_value", "baseline_year", "national_value", "national_framework", "national_source", "gap",
    "ambition", "annual_change", "year_inferred", "source", "task_id", "start", "end",
]
#: Frameworks consulted for a national value, in order of preference.
FRAMEWORK_PREFERENCE = (
    "Healthy China Action 2019-2030", "Healthy China 2030 Outline", "13th Five-Year Health Plan 2016-2020",
)


#: The columns of corpus.targets the comparison reads.
TARGET_NEEDS = ["city", "task_id", "start", "end", "indicator_id", "value", "value_high", "comparator", "unit",
                "target_year", "baseline_value", "baseline_year", "year_inferred", "source"]


@takes_tables(targets=TARGET_NEEDS, national=["framework", "indicator_id", "unit", "year", "value", "source_url"])
def compare_targets(targets: pd.DataFrame, national: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mapped targets next to the national target for the same indicator and year.

    One row per city × indicator × target year × source row. ``gap`` is
    ``value − national_value``; ``ambition`` is the gap signed so that a
    positive number means more ambitious than the nation (higher for
    indicators where higher is better, lower where lower is better);
    ``annual_change`` is ``(value − baseline_value) / (target_year −
    baseline_year)`` where both are stated. Relative targets
    (``decrease_by``/``increase_by``) and targets whose unit differs from the
    national one get no gap. Does not modify its inputs.

    Examples
    --------
    >>> t = pd.DataFrame({"city": ["x"], "indicator_id": ["health_literacy"], "value": [25.0],
    ...     "value_high": [None], "comparator": [">="], "unit": ["%"], "target_year": [2022],
    ...     "baseline_value": [16.3], "baseline_year": [2017], "year_inferred": [False], "source": ["text"],
    ...     "task_id": ["x:一"], "start": [0], "end": [5]})
    >>> r = compare_targets(t).iloc[0]
    >>> [round(float(r[c]), 2) for c in ("national_value", "gap", "ambition", "annual_change")]
    [22.0, 3.0, 3.0, 1.74]
    """
    national = national if national is not None else national_targets()
    registry = indicators_table().set_index("indicator_id")
    preference = {f: i for i, f in enumerate(FRAMEWORK_PREFERENCE)}
    nat = national[national["indicator_id"] != ""].copy()
    nat["rank"] = nat["framework"].map(preference).fillna(len(preference))
    nat = nat.sort_values(["indicator_id", "year", "rank"]).drop_duplicates(["indicator_id", "year", "unit"])
    mapped = targets[targets["indicator_id"].notna() & (targets["indicator_id"] != "")].copy()
    out = mapped.merge(
        nat[["indicator_id", "year", "unit", "value", "framework", "source_url"]].rename(
            columns={"year": "target_year", "value": "national_value", "framework": "national_framework",
                     "source_url": "national_source"}),
        on=["indicator_id", "target_year", "unit"], how="left",
    )
    relative = out["comparator"].isin(["decrease_by", "increase_by"])
    out.loc[relative, ["national_value", "national_framework", "national_source"]] = [float("nan"), None, None]
    out["gap"] = out["value"] - out["national_value"]
    better = out["indicator_id"].map(registry["better"])
    out["ambition"] = out["gap"].where(better == "higher", -out["gap"]) + 0.0  # + 0.0: no "-0.0"
    years = (pd.to_numeric(out["target_year"], errors="coerce").astype(float)
             - pd.to_numeric(out["baseline_year"], errors="coerce").astype(float))
    baseline = pd.to_numeric(out["baseline_value"], errors="coerce").astype(float)
    change = (out["value"] - baseline) / years.where(years > 0)
    out["annual_change"] = change.where(~relative).astype(float)
    out["name_en"] = out["indicator_id"].map(registry["name_en"])
    out["name_zh"] = out["indicator_id"].map(registry["name_zh"])
    out = out[COMPARISON_COLUMNS].sort_values(["city", "indicator_id", "target_year", "source"], ignore_index=True)
    return out
