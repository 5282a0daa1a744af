"""How each plan is built: its outline by section kind, drawn in seaborn's shape."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from cityplans.plots._axes import _cities, _corpus_cities
from cityplans.plots.theme import (
    KIND_PALETTE,
    _label,
    city_colors,
    city_labels,
)

__all__ = ["plot_outline"]


def plot_outline(
    tasks: pd.DataFrame,
    *,
    plans: pd.DataFrame | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Numbered items with content per city, stacked by section kind.

    Parameters
    ----------
    tasks : DataFrame
        The tasks table (``city``, ``kind``, ``is_task``).
    plans : DataFrame, optional
        The plans table, for city names in the current language.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    if ax is None:
        ax = plt.figure(figsize=(6.5, 3.2)).add_subplot()
    cities = _cities(tasks)
    items = tasks[tasks["is_task"]]
    counts = (
        items.groupby([items["city"].astype(str), "kind"]).size().unstack(fill_value=0)
        .reindex(index=cities, fill_value=0)
    )
    labels = city_labels(plans, cities)
    y = list(range(len(cities)))[::-1]  # first city on top
    left = [0] * len(cities)
    for kind, colour in KIND_PALETTE.items():
        if kind not in counts:
            continue
        values = counts[kind].tolist()
        ax.barh(y, values, left=left, color=colour, label=_label(kind), height=0.65)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(y, [labels[c] for c in cities])
    colors = city_colors(_corpus_cities(tasks, plans))
    for tick, city in zip(ax.get_yticklabels(), cities, strict=True):
        tick.set_color(colors[city])
    ax.set_xlabel(_label("n_items"))
    ax.set_title(_label("outline_title"), loc="left")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return ax
