"""Helpers every plot module shares: the plans present in a table, names in the label language, a new axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from cityplans.plots.theme import (
    get_language,
)


def _cities(data: pd.DataFrame) -> list[str]:
    col = data["city"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [c for c in col.cat.categories if c in set(col)]
    return list(dict.fromkeys(col))


def _name(row: object, zh: str = "name_zh", en: str = "name_en") -> str:
    zh_now = get_language() == "zh"
    value = getattr(row, zh if zh_now else en, "") if not isinstance(row, dict) else row.get(zh if zh_now else en, "")
    return str(value) if isinstance(value, str) and value else ""


def _new_ax(ax: Axes | None, size: tuple[float, float]) -> Axes:
    return ax if ax is not None else plt.figure(figsize=size).add_subplot()
