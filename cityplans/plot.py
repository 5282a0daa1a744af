"""Plot functions, in seaborn's shape.

Every plot function takes a tidy table first, keyword options, ``ax=None``
(a new axes is made when none is given), and returns the axes. Nothing here
saves a file: :mod:`cityplans.figures` does that. The look (palettes,
labels, the CJK font, the language) is :mod:`cityplans.style`; its names are
available here too (``plot.style``, ``plot.set_language``).
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .indicators import indicators_table
from .style import (
    CHANGE_PALETTE,
    CITY_PALETTE,
    KIND_PALETTE,
    LEAD_PALETTE,
    SECTOR_PALETTE,
    YEAR_MARKERS,
    _label,
    city_colors,
    city_labels,
    cjk_font,
    get_language,
    sector_group,
    set_language,
    short_name,
    style,
    unit_label,
    use_style,
    wrap,
)

__all__ = [
    "CITY_PALETTE",
    "KIND_PALETTE",
    "SECTOR_PALETTE",
    "city_colors",
    "city_labels",
    "cjk_font",
    "get_language",
    "plot_ambition",
    "plot_baseline_change",
    "plot_coverage_heatmap",
    "plot_lead_shares",
    "plot_network",
    "plot_outline",
    "plot_similarity",
    "plot_target_levels",
    "plot_top_departments",
    "sector_group",
    "set_language",
    "short_name",
    "style",
    "unit_label",
    "use_style",
    "year_legend",
]

def _cities(data: pd.DataFrame) -> list[str]:
    col = data["city"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [c for c in col.cat.categories if c in set(col)]
    return list(dict.fromkeys(col))


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
    for tick, city in zip(ax.get_yticklabels(), cities, strict=True):
        tick.set_color(city_colors(cities)[city])
    ax.set_xlabel(_label("n_items"))
    ax.set_title(_label("outline_title"), loc="left")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return ax


# --- helpers ----------------------------------------------------------------

def _name(row: object, zh: str = "name_zh", en: str = "name_en") -> str:
    zh_now = get_language() == "zh"
    value = getattr(row, zh if zh_now else en, "") if not isinstance(row, dict) else row.get(zh if zh_now else en, "")
    return str(value) if isinstance(value, str) and value else ""


def _new_ax(ax: Axes | None, size: tuple[float, float]) -> Axes:
    return ax if ax is not None else plt.figure(figsize=size).add_subplot()


# --- targets ----------------------------------------------------------------


def plot_target_levels(comparison: pd.DataFrame, indicator: str, *, plans: pd.DataFrame | None = None,
                       ax: Axes | None = None) -> Axes:
    """One indicator's targets by city, with the national target as a dashed line.

    ``comparison`` is :func:`cityplans.national.compare_targets`. Targets of
    a second year are drawn as squares; a range as a vertical bar.
    """
    ax = _new_ax(ax, (3.2, 2.6))
    # Levels only: a relative target (下降10%) is a change, not a level.
    data = comparison[(comparison["indicator_id"] == indicator)
                      & ~comparison["comparator"].isin(["decrease_by", "increase_by"])]
    cities = _cities(comparison)
    colors = city_colors(cities)
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
    for value, value_years in national.items():
        ax.axhline(value, color="0.4", ls="--", lw=0.8, zorder=1)
        # Beside the axes, at the line's height: a label inside would sit on the cities' markers.
        ax.annotate(f"{_label('national')}\n{', '.join(map(str, value_years))}", (1, value),
                    xycoords=("axes fraction", "data"), xytext=(3, 0), textcoords="offset points",
                    fontsize=5.5, ha="left", va="center", color="0.3", linespacing=0.95)
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


def plot_ambition(comparison: pd.DataFrame, *, plans: pd.DataFrame | None = None, ax: Axes | None = None) -> Axes:
    """How far each local target is from the national one, in % of the national value.

    Positive means more ambitious (higher where higher is better, lower where
    lower is better). One row per indicator and year, one dot per city.
    """
    data = comparison.dropna(subset=["national_value", "ambition"]).copy()
    data = data[data["national_value"] != 0]
    data["relative"] = 100 * data["ambition"] / data["national_value"].abs()
    data["row"] = data.apply(lambda r: f"{_name(r)} {int(r['target_year'])}", axis=1)
    rows = list(dict.fromkeys(data.sort_values(["indicator_id", "target_year"])["row"]))
    ax = _new_ax(ax, (8, max(4.5, 1.2 + 0.16 * len(rows))))  # room for every row's full name
    y = {r: i for i, r in enumerate(rows[::-1])}
    cities = _cities(comparison)
    colors = city_colors(cities)
    labels = city_labels(plans, cities)
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
    ax.legend(frameon=False, fontsize=7, loc="lower right")
    return ax


def plot_baseline_change(comparison: pd.DataFrame, *, plans: pd.DataFrame | None = None,
                         ax: Axes | None = None) -> Axes:
    """Percent change from the stated baseline to the target, one bar per target."""
    ax = _new_ax(ax, (6.5, 4.5))
    data = comparison.dropna(subset=["baseline_value"]).copy()
    data = data[(data["baseline_value"] != 0) & ~data["comparator"].isin(["decrease_by", "increase_by"])]
    data["change"] = 100 * (data["value"] / data["baseline_value"] - 1)
    data = data.sort_values(["city", "change"])
    cities = _cities(comparison)
    colors = city_colors(cities)
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



# --- networks ---------------------------------------------------------------


def plot_network(G: nx.Graph, *, pos: dict | None = None, n_labels: int = 10, ax: Axes | None = None) -> Axes:  # noqa: F821
    """A collaboration network: nodes coloured by sector group, sized by weighted degree.

    ``pos`` fixes the layout (compute it once on the pooled graph so that a
    department sits in the same place in every city's panel). An empty graph
    says so instead of drawing nothing.
    """
    import networkx as nx  # noqa: PLC0415

    ax = _new_ax(ax, (4, 4))
    ax.set_axis_off()
    if G.number_of_nodes() == 0:
        ax.text(0.5, 0.5, _label("no_clauses"), ha="center", va="center", transform=ax.transAxes, color="0.3")
        return ax
    pos = pos if pos is not None else nx.spring_layout(G, seed=7, weight="weight")
    strength = dict(G.degree(weight="weight"))
    top = max(strength.values()) or 1
    weights = [w for *_, w in G.edges(data="weight", default=1)]
    heaviest = max(1, *weights) if weights else 1
    widths = [0.2 + 1.5 * w / heaviest for w in weights]
    nx.draw_networkx_edges(G, pos, ax=ax, width=widths, edge_color="0.75", alpha=0.6)
    nodes = sorted(G.nodes)
    nx.draw_networkx_nodes(G, pos, nodelist=nodes, ax=ax, linewidths=0.3, edgecolors="white",
                           node_color=[SECTOR_PALETTE[sector_group(G.nodes[n].get("sectors", ""))] for n in nodes],
                           node_size=[20 + 280 * strength[n] / top for n in nodes])
    ranked = sorted(nodes, key=lambda n: (-strength[n], n))[:n_labels]
    names = {n: wrap(short_name(G.nodes[n].get("name_en", n), G.nodes[n].get("name_zh", n)), 18) for n in ranked}
    place_labels(ax, {n: pos[n] for n in ranked}, names)
    return ax


#: Where a label may go around its point, in points, tried in this order (beside, above, below, diagonals).
_LABEL_OFFSETS = [(dx * r, dy * r) for r in (6, 14, 24) for dx, dy in
                  ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))]


def place_labels(ax: Axes, points: dict, labels: dict, fontsize: float = 6) -> None:
    """Label points so that no two labels cover each other and none leaves the axes.

    Labels are placed in the order given (most important first), each at the
    first offset around its point (:data:`_LABEL_OFFSETS`) where its box
    overlaps no label placed before and stays inside the axes; a label that
    fits nowhere is left out rather than drawn over another.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed = []
    for key, (x, y) in points.items():
        for dx, dy in _LABEL_OFFSETS:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            text = ax.annotate(labels[key], (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                               fontsize=fontsize, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                                        "alpha": 0.75}, zorder=5)
            box = text.get_window_extent(renderer).expanded(1.05, 1.1)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            text.remove()


def plot_lead_shares(summary: pd.DataFrame, *, measures: Sequence[str] = ("top_lead_share", "share_led_outside_health"),
                     ylabel: str | None = None, plans: pd.DataFrame | None = None, ax: Axes | None = None) -> Axes:
    """Lead concentration per city: grouped bars of ``measures`` from network_summary, on a 0–1 axis.

    Draw shares and the HHI (an index, not a share) on separate axes:
    ``measures=["lead_hhi"], ylabel=...`` for the second.
    """
    ax = _new_ax(ax, (6.5, 3))
    cities = [str(c) for c in summary["city"]]
    labels = city_labels(plans, cities)
    width = 0.8 / len(measures)
    for k, m in enumerate(measures):
        values = summary[m].fillna(0).tolist()
        offset = (k - (len(measures) - 1) / 2) * width
        ax.bar([i + offset for i in range(len(cities))], values, width=width, label=_label(m), color=LEAD_PALETTE[m])
    for i, row in enumerate(summary.itertuples()):
        if row.n_clauses == 0:
            ax.text(i, 0.02, _label("no_clauses"), rotation=90, ha="center", va="bottom", fontsize=7, color="0.3")
    ax.set_xticks(range(len(cities)), [labels[c] for c in cities])
    for tick, city in zip(ax.get_xticklabels(), cities, strict=True):
        tick.set_color(city_colors(cities)[city])
    ax.set_ylim(0, 1)
    ax.set_ylabel(ylabel or _label("share"))
    if len(measures) > 1:
        ax.legend(frameon=False, fontsize=7, loc="upper left")
    return ax


def plot_top_departments(centrality: pd.DataFrame, *, n: int = 8, ax: Axes | None = None) -> Axes:
    """The ``n`` departments with the highest weighted degree, coloured by sector group."""
    ax = _new_ax(ax, (3.2, 2.6))
    top = centrality.head(n).iloc[::-1]
    names = [wrap(short_name(r.name_en, r.name_zh) or r.department_id, 24) for r in top.itertuples()]
    ax.barh(range(len(top)), top["weighted_degree"],
            color=[SECTOR_PALETTE[sector_group(s)] for s in top["sectors"]], height=0.7)
    ax.set_yticks(range(len(top)), names, fontsize=6)
    ax.tick_params(axis="x", labelsize=6)
    if len(top) == 0:
        ax.set_axis_off()  # no axis to read: say so instead
        ax.text(0.5, 0.5, _label("no_clauses"), ha="center", va="center", transform=ax.transAxes, color="0.3")
    return ax


def year_legend(fig: Figure, years: Sequence[int]) -> None:  # noqa: F821
    """A figure legend of the target-year markers."""
    from matplotlib.lines import Line2D  # noqa: PLC0415

    handles = [Line2D([], [], marker=YEAR_MARKERS.get(y, "P"), ls="", color="0.3", label=str(y)) for y in years]
    fig.legend(handles=handles, title=_label("year"), frameon=False, fontsize=7, title_fontsize=7,
               loc="upper right", ncols=len(handles))


def sector_legend(ax: Axes) -> None:
    """A legend of the sector colour groups, on ``ax``."""
    from matplotlib.patches import Patch  # noqa: PLC0415

    handles = [Patch(color=c, label=_label(g)) for g, c in SECTOR_PALETTE.items()]
    ax.legend(handles=handles, frameon=False, fontsize=7, loc="center left")


# --- coverage ---------------------------------------------------------------


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
                annot=matrix.shape[1] <= 20, fmt=".0f", annot_kws={"fontsize": 6},
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
    sns.heatmap(m, ax=ax, cmap="Greens", vmin=0, vmax=1, annot=True, fmt=".2f", annot_kws={"fontsize": 7},
                square=True, cbar_kws={"shrink": 0.7, "label": _label("similarity")})
    ax.set_xticks([i + 0.5 for i in range(len(cities))], [labels[c] for c in cities], rotation=45, ha="right")
    ax.set_yticks([i + 0.5 for i in range(len(cities))], [labels[c] for c in cities], rotation=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return ax
