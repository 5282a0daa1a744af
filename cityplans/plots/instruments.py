"""Plots of the policy instruments: which levers each plan pulls, and for which kinds of task.

Seaborn's shape, like :mod:`cityplans.plots`: a table first, drawn on ``ax``, returned.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from cityplans.datafiles import read_rows
from cityplans.plots._axes import _corpus_cities, _new_ax
from cityplans.plots.theme import INSTRUMENT_PALETTE, _label, city_colors, city_labels, get_language, wrap

__all__ = ["plot_instrument_domains", "plot_instrument_shares"]


def plot_instrument_shares(shares: pd.DataFrame, *, plans: pd.DataFrame | None = None,
                           ax: Axes | None = None) -> Axes:
    """Stacked shares of supply, environment and demand instruments per plan (``instrument_shares``)."""
    ax = _new_ax(ax, (6.5, 2.8))
    cities = [str(c) for c in shares["city"].cat.categories]
    labels = city_labels(plans, cities)
    table = shares.pivot_table(index="city", columns="group", values="share", observed=False).reindex(cities)
    left = np.zeros(len(cities))
    for group, colour in INSTRUMENT_PALETTE.items():
        values = 100 * table.get(group, pd.Series(0.0, index=table.index)).fillna(0).to_numpy()
        ax.barh(range(len(cities)), values, left=left, color=colour, label=_label(f"group_{group}"), height=0.65)
        for i, (x, v) in enumerate(zip(left, values, strict=True)):
            if v >= 8:
                ax.text(x + v / 2, i, f"{v:.0f}", ha="center", va="center", fontsize=7, color="white")
        left += values
    ax.set_yticks(range(len(cities)), [labels[c] for c in cities])
    colors = city_colors(_corpus_cities(shares, plans))
    for tick, city in zip(ax.get_yticklabels(), cities, strict=True):
        tick.set_color(colors[city])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(_label("instrument_share"))
    ax.set_title(wrap(_label("instrument_shares_title"), 60), loc="left", fontsize=9)
    # Below the axis label: the axes grow with the plans, so the fraction down shrinks as the figure grows.
    below = 0.28 * 2.8 / ax.figure.get_figheight()
    ax.legend(frameon=False, fontsize=7, ncols=3, loc="upper left", bbox_to_anchor=(0, -below))
    return ax


def plot_instrument_domains(domains: pd.DataFrame, *, plans: pd.DataFrame | None = None,
                            ax: Axes | None = None) -> Axes:
    """Heatmap: plan × instrument group (rows) against taxonomy domain (columns), share of the plan's instruments."""
    import seaborn as sns  # noqa: PLC0415

    ax = _new_ax(ax, (8, 4.2))
    cities = [str(c) for c in domains["city"].cat.categories]
    labels = city_labels(plans, cities)
    names = {r["domain"]: r["name_zh" if get_language() == "zh" else "name_en"]
             for r in read_rows("taxonomy_domains.tsv")}
    order = list(names)
    rows = [(c, g) for c in cities for g in INSTRUMENT_PALETTE]
    data = domains.assign(city=domains["city"].astype(str))
    matrix = data.pivot_table(index=["city", "group"], columns="domain", values="share", aggfunc="sum",
                              fill_value=0.0).reindex(index=pd.MultiIndex.from_tuples(rows), columns=order,
                                                      fill_value=0.0)
    sns.heatmap(100 * matrix.to_numpy(), ax=ax, cmap="Blues", vmin=0, annot=True, fmt=".0f",
                annot_kws={"fontsize": 6}, linewidths=0.3, linecolor="white",
                cbar_kws={"shrink": 0.7, "label": wrap(_label("instrument_share"), 26)})
    ax.set_yticks([i + 0.5 for i in range(len(rows))],
                  [f"{labels[c]} · {_label(f'group_{g}')}" for c, g in rows], rotation=0, fontsize=6.5)
    ax.set_xticks([i + 0.5 for i in range(len(order))], [wrap(names[d], 16) for d in order], rotation=0,
                  fontsize=6.5)
    for k in range(1, len(cities)):
        ax.axhline(k * len(INSTRUMENT_PALETTE), color="0.35", lw=0.8)
    ax.set_title(wrap(_label("instrument_domains_title"), 70), loc="left", fontsize=9)
    return ax
