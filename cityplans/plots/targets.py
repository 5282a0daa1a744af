"""Targets across plans and against the national benchmarks: levels, ambition, change from baseline."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from cityplans.plots._axes import _cities, _corpus_cities, _name, _new_ax
from cityplans.plots.theme import (
    CHANGE_PALETTE,
    YEAR_MARKERS,
    _label,
    city_colors,
    city_labels,
    get_language,
    unit_label,
    wrap,
)
from cityplans.registry.indicators import indicators_table

__all__ = ["plot_ambition", "plot_baseline_change", "plot_target_levels", "year_legend"]


def plot_target_levels(comparison: pd.DataFrame, indicator: str, *, plans: pd.DataFrame | None = None,
                       ax: Axes | None = None) -> Axes:
    """One indicator's targets by city, with the national target as a dashed line.

    ``comparison`` is :func:`cityplans.compare.national.compare_targets`. Targets of
    a second year are drawn as squares; a range as a vertical bar.
    """
    ax = _new_ax(ax, (3.2, 2.6))
    # Levels only: a relative target (下降10%) is a change, not a level.
    data = comparison[(comparison["indicator_id"] == indicator)
                      & ~comparison["comparator"].isin(["decrease_by", "increase_by"])]
    cities = _cities(comparison)
    colors = city_colors(_corpus_cities(comparison, plans))
    years = sorted(set(data["target_year"].dropna().astype(int)))
    markers = {y: YEAR_MARKERS.get(y, "P") for y in years}
    x = {c: i for i, c in enumerate(cities)}
    for row in data.itertuples():
        if pd.isna(row.target_year):
            continue
        ax.scatter(x[str(row.city)], row.value, color=colors[str(row.city)], marker=markers[int(row.target_year)],
                   s=28, zorder=3, edgecolor="white", linewidth=0.5)
        if pd.notna(row.value_high):
            ax.vlines(x[str(row.city)], row.value, row.value_high, color=colors[str(row.city)], lw=2)
    national: dict[float, list[int]] = {}
    for year in years:
        values = data.loc[data["target_year"] == year, "national_value"].dropna()
        if len(values):
            national.setdefault(float(values.iloc[0]), []).append(year)
    for (value, value_years), shift in zip(national.items(), _spread(ax, list(national), 15), strict=True):
        ax.axhline(value, color="0.4", ls="--", lw=0.8, zorder=1)
        # Beside the axes, at the line's height: a label inside would sit on the cities' markers.
        ax.annotate(f"{_label('national')}\n{', '.join(map(str, value_years))}", (1, value),
                    xycoords=("axes fraction", "data"), xytext=(3, shift), textcoords="offset points",
                    fontsize=6, ha="left", va="center", color="0.3", linespacing=0.95)
    labels = city_labels(plans, cities)
    ax.set_xticks(range(len(cities)), [labels[c] for c in cities], fontsize=7, rotation=45, ha="right")
    ax.set_xlim(-0.5, len(cities) - 0.5)
    first = data.iloc[0] if len(data) else None
    title = _name(first) if first is not None else indicator
    unit = unit_label(str(first["unit"])) if first is not None else ""
    title = f"{title} ({unit})" if unit else title
    ax.set_title("\n".join(textwrap.wrap(title, 16 if get_language() == "zh" else 34)), fontsize=7.5, loc="left")
    ax.tick_params(axis="y", labelsize=7)
    return ax


def _spread(ax: Axes, values: list[float], gap: float) -> list[float]:
    """Shifts in points that keep labels at ``values`` (data y) at least ``gap`` points apart, nearest first.

    Measured on the axes as they are now, shrunk by a quarter for the room the
    layout will take; lines far enough apart keep their labels at their height.
    """
    if len(values) < 2:
        return [0.0] * len(values)
    lo, hi = ax.get_ylim()
    points = 0.75 * 72 * ax.get_position().height * ax.figure.get_figheight() / ((hi - lo) or 1)
    order = sorted(range(len(values)), key=lambda i: values[i])
    ys = [values[i] * points for i in order]
    placed = [ys[0]]
    for y in ys[1:]:
        placed.append(max(y, placed[-1] + gap))
    centre = (sum(placed) - sum(ys)) / len(ys)  # move the group back around the lines
    shifts = [0.0] * len(values)
    for i, y, p in zip(order, ys, placed, strict=True):
        shifts[i] = p - y - centre
    return shifts


def plot_ambition(comparison: pd.DataFrame, *, plans: pd.DataFrame | None = None, ax: Axes | None = None) -> Axes:
    """How far each local target is from the national one, in % of the national value.

    Positive means more ambitious (higher where higher is better, lower where
    lower is better). One row per indicator and year, one dot per city; with
    more plans than city colours, a grid of rows by plans (position and
    labels, not colour, tell the plans apart).
    """
    data = comparison.dropna(subset=["national_value", "ambition"]).copy()
    data = data[data["national_value"] != 0]
    data["relative"] = 100 * data["ambition"] / data["national_value"].abs()
    data["row"] = [f"{_name(r)} {int(r['target_year'])}" for _, r in data.iterrows()]
    rows = list(dict.fromkeys(data.sort_values(["indicator_id", "target_year"])["row"]))
    colors = city_colors(_corpus_cities(comparison, plans))
    cities = _cities(comparison)
    labels = city_labels(plans, cities)
    if len(set(colors.values())) < len(colors):
        return _ambition_grid(data, rows, cities, labels, ax)
    ax = _new_ax(ax, (8, max(4.5, 1.2 + 0.16 * len(rows))))  # room for every row's full name
    y = {r: i for i, r in enumerate(rows[::-1])}
    for city in cities:
        d = data[data["city"] == city]
        if len(d):
            ax.scatter(d["relative"], [y[r] for r in d["row"]], color=colors[city], label=labels[city], s=22,
                       zorder=3)
    ax.axvline(0, color="0.4", lw=0.8)
    ax.set_yticks(range(len(rows)), [wrap(r, 90) for r in rows[::-1]], fontsize=7)
    # The row names take the left of the figure: title and axis label wrap to the plot's width.
    ax.set_xlabel(wrap(_label("ambition"), 36))
    ax.set_title(wrap(_label("ambition_title"), 36), loc="left")
    if data.empty:  # no target of these plans has a national counterpart
        ax.text(0.5, 0.5, _label("no_comparable_targets"), ha="center", va="center", transform=ax.transAxes,
                color="0.3")
    else:
        ax.legend(frameon=False, fontsize=7, loc="lower right")
    return ax


def _ambition_grid(data: pd.DataFrame, rows: list[str], cities: list[str], labels: dict[str, str],
                   ax: Axes | None) -> Axes:
    """The ambition of each plan (column) for each indicator and year (row), on a scale centred on the national."""
    import seaborn as sns  # noqa: PLC0415

    ax = _new_ax(ax, (max(8, 4.5 + 0.16 * len(cities)), max(4.5, 2.2 + 0.16 * len(rows))))
    matrix = data.pivot_table(index="row", columns="city", values="relative", aggfunc="mean", observed=False)
    matrix = matrix.reindex(index=rows, columns=cities)
    limit = float(np.nanpercentile(np.abs(matrix.to_numpy(dtype=float)), 95)) if matrix.notna().any(axis=None) else 1
    ax.set_facecolor("0.93")  # no target: no colour
    sns.heatmap(matrix, ax=ax, cmap="RdBu", vmin=-limit, vmax=limit, linewidths=0.3, linecolor="white",
                cbar_kws={"shrink": 0.6, "label": wrap(_label("ambition"), 30)})
    ax.set_yticks([i + 0.5 for i in range(len(rows))], [wrap(r, 90) for r in rows], fontsize=7, rotation=0)
    ax.set_xticks([i + 0.5 for i in range(len(cities))], [labels[c] for c in cities], fontsize=7, rotation=90)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(wrap(_label("ambition_title"), 60), loc="left")
    return ax


def plot_baseline_change(comparison: pd.DataFrame, *, plans: pd.DataFrame | None = None,
                         ax: Axes | None = None) -> Axes:
    """Percent change from the stated baseline to the target, one bar per target."""
    data = comparison.dropna(subset=["baseline_value"]).copy()
    data = data[(data["baseline_value"] != 0) & ~data["comparator"].isin(["decrease_by", "increase_by"])]
    ax = _new_ax(ax, (6.5, max(4.5, 1.2 + 0.14 * len(data))))  # a 7-point label per bar
    data["change"] = 100 * (data["value"] / data["baseline_value"] - 1)
    data = data.sort_values(["city", "change"])
    cities = _cities(comparison)
    colors = city_colors(_corpus_cities(comparison, plans))
    labels = city_labels(plans, cities)
    names = [f"{_name(r)} ({labels[str(r.city)]})" for r in data.itertuples()]
    better = dict(zip(indicators_table()["indicator_id"], indicators_table()["better"], strict=True))
    # Coloured by what the change means: a fall in mortality is an improvement (the registry's ``better``).
    verdict = ["unknown" if better.get(i) is None else "unchanged" if c == 0
               else "improvement" if (c > 0) == (better[i] == "higher") else "worsening"
               for i, c in zip(data["indicator_id"], data["change"], strict=True)]
    ax.barh(range(len(data)), data["change"], color=[CHANGE_PALETTE[v] for v in verdict], height=0.7)
    ax.set_yticks(range(len(data)), names, fontsize=7)
    for tick, city in zip(ax.get_yticklabels(), data["city"], strict=True):
        tick.set_color(colors[str(city)])
    ax.axvline(0, color="0.4", lw=0.8)
    ax.set_xlabel(_label("change"))
    ax.set_title(_label("change_title"), loc="left")
    from matplotlib.patches import Patch  # noqa: PLC0415

    shown = [v for v in CHANGE_PALETTE if v in verdict]
    ax.legend(handles=[Patch(color=CHANGE_PALETTE[v], label=_label(v)) for v in shown], frameon=False, fontsize=7,
              loc="lower right")
    return ax


def year_legend(fig: Figure, years: Sequence[int]) -> None:  # noqa: F821
    """A figure legend of the target-year markers."""
    from matplotlib.lines import Line2D  # noqa: PLC0415

    handles = [Line2D([], [], marker=YEAR_MARKERS.get(y, "P"), ls="", color="0.3", label=str(y)) for y in years]
    fig.legend(handles=handles, title=_label("year"), frameon=False, fontsize=7, title_fontsize=7,
               loc="upper right", ncols=len(handles))
