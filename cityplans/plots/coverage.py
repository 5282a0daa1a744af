"""Policy coverage: which parts of the taxonomy each plan covers, and how alike the plans are."""

from __future__ import annotations

import itertools
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from cityplans.plots._axes import _cities, _new_ax, annotations_fit
from cityplans.plots.theme import (
    _label,
    city_labels,
    get_language,
    wrap,
)

__all__ = ["plot_coverage_heatmap", "plot_similarity"]


def _domain(code: object) -> str | None:
    """The taxonomy domain of a category code (``L`` of ``L1``); ``None`` for other codes (actions 1–15)."""
    m = re.fullmatch(r"([A-Z]+)\d+", str(code))
    return m.group(1) if m else None


def plot_coverage_heatmap(coverage: pd.DataFrame, *, value: str = "n_tasks", plans: pd.DataFrame | None = None,
                          code_labels: bool = False, colorbar_label: str | None = None,
                          ax: Axes | None = None) -> Axes:
    """City × category (or domain, action, dimension) heatmap of a coverage table.

    ``value`` is the column drawn: ``share_tasks`` draws the share of each
    plan's items in %, so that plans of different lengths compare; counts
    are drawn as integers. A cell with no item is left blank on grey, so
    absent reads apart from a small share; a thin line separates the
    taxonomy's domains (the letters of the code).
    """
    import seaborn as sns  # noqa: PLC0415

    ax = _new_ax(ax, (8, 2.8))
    cities = _cities(coverage)
    codes = list(dict.fromkeys(coverage["code"]))
    matrix = coverage.pivot_table(index="city", columns="code", values=value, aggfunc="first", observed=True)
    matrix = matrix.reindex(index=cities, columns=codes).astype(float)
    present = coverage.pivot_table(index="city", columns="code", values="n_tasks", aggfunc="first", observed=True)
    present = present.reindex(index=cities, columns=codes).fillna(0) > 0
    share = value.startswith("share")
    if share:
        matrix = 100 * matrix
    labels = city_labels(plans, cities)
    names = dict(zip(coverage["code"], coverage["name_zh" if get_language() == "zh" else "name_en"], strict=False))
    ax.set_facecolor("0.93")  # absent: no colour at all
    from matplotlib.colors import ListedColormap  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    # Blues without its white end: the smallest share present is still visibly blue.
    cmap = ListedColormap(plt.get_cmap("Blues")(np.linspace(0.15, 1, 256)))
    label = colorbar_label or _label("share_items" if share else "items")
    sns.heatmap(matrix.where(present), ax=ax, cmap=cmap, vmin=0, linewidths=0.3, linecolor="white",
                annot=matrix.shape[1] <= 20 and annotations_fit(ax, matrix.shape, "100", 6),
                fmt=".0f", annot_kws={"fontsize": 6},
                cbar_kws={"shrink": 0.7, "label": wrap(label, 26), "ticks": MaxNLocator(nbins=4, integer=True)})
    for i, (a, b) in enumerate(itertools.pairwise(map(_domain, codes)), start=1):
        if a and b and a != b:
            ax.axvline(i, color="0.35", lw=0.8)
    ax.set_yticks([i + 0.5 for i in range(len(cities))], [labels[c] for c in cities], rotation=0)
    ticks = codes if code_labels else [f"{c} {names.get(c, '')}" for c in codes]
    ax.set_xticks([i + 0.5 for i in range(len(codes))], ticks, rotation=90, fontsize=6)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return ax


def plot_similarity(similarity: pd.DataFrame, *, order: list[str] | None = None, metric: str = "jaccard",
                    plans: pd.DataFrame | None = None, ax: Axes | None = None) -> Axes:
    """Square heatmap of pairwise plan similarity, cities in ``order`` (e.g. a clustering order)."""
    import seaborn as sns  # noqa: PLC0415

    ax = _new_ax(ax, (4, 3.4))
    cities = order or [str(c) for c in similarity["city_a"].cat.categories]
    m = similarity.pivot_table(index="city_a", columns="city_b", values=metric, observed=True)
    m = m.reindex(index=cities, columns=cities)
    labels = city_labels(plans, cities)
    # Numbers only where the cells hold them: past a dozen plans the colours carry the values.
    sns.heatmap(m, ax=ax, cmap="Greens", vmin=0, vmax=1, annot=annotations_fit(ax, m.shape, "0.00", 7), fmt=".2f",
                annot_kws={"fontsize": 7},
                square=True, cbar_kws={"shrink": 0.7, "label": _label("similarity")})
    ax.set_xticks([i + 0.5 for i in range(len(cities))], [labels[c] for c in cities], rotation=45, ha="right")
    ax.set_yticks([i + 0.5 for i in range(len(cities))], [labels[c] for c in cities], rotation=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return ax
