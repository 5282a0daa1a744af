"""Department networks: the graph of each plan, who leads, which departments are central."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes

from cityplans.plots._axes import _corpus_cities, _new_ax
from cityplans.plots.theme import (
    LEAD_PALETTE,
    SECTOR_PALETTE,
    _label,
    city_colors,
    city_labels,
    sector_group,
    short_name,
    wrap,
)

__all__ = ["place_labels", "plot_lead_shares", "plot_network", "plot_top_departments", "sector_legend"]


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
    sizes = {n: 20 + 280 * strength[n] / top for n in nodes}
    nx.draw_networkx_nodes(G, pos, nodelist=nodes, ax=ax, linewidths=0.3, edgecolors="white",
                           node_color=[SECTOR_PALETTE[sector_group(G.nodes[n].get("sectors", ""))] for n in nodes],
                           node_size=[sizes[n] for n in nodes])
    ranked = sorted(nodes, key=lambda n: (-strength[n], n))[:n_labels]
    names = {n: wrap(short_name(G.nodes[n].get("name_en", n), G.nodes[n].get("name_zh", n)), 18) for n in ranked}
    # A node of size s (points squared) is a disc of radius sqrt(s) / 2 points: labels keep off every disc.
    discs = [(pos[n], sizes[n] ** 0.5 / 2) for n in nodes]
    place_labels(ax, {n: pos[n] for n in ranked}, names, avoid=discs)
    return ax


#: Where a label may go around its point, in points, tried in this order (beside, above, below, diagonals),
#: nearest first; the far ones get a leader line.
_LABEL_OFFSETS = [(dx * r, dy * r) for r in (6, 14, 24, 36) for dx, dy in
                  ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))]


def _covered(box: object, discs: list[tuple[float, float, float]]) -> float:
    """How deep ``box`` reaches into the discs (display x, y, radius): 0 when it touches none, inf over a centre."""
    depth = 0.0
    for x, y, r in discs:
        if box.x0 < x < box.x1 and box.y0 < y < box.y1:
            return float("inf")  # a label over a node's centre hides which node it is
        dx, dy = max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1)
        depth += max(0.0, r - (dx * dx + dy * dy) ** 0.5)
    return depth


def place_labels(ax: Axes, points: dict, labels: dict, fontsize: float = 6, avoid: Sequence = ()) -> None:
    """Label points so that no two labels cover each other, none leaves the axes, and none sits on a marker.

    Labels are placed in the order given (most important first), each at the
    offset around its point (:data:`_LABEL_OFFSETS`) where its box overlaps no
    label placed before, stays inside the axes and covers the least of the
    markers in ``avoid`` (``((x, y), radius in points)``), the nearest such
    offset where several cover none; a label that fits nowhere, or only over
    a marker's centre, is left out rather than drawn over another.
    """
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    scale = ax.figure.dpi / 72
    discs = [(*ax.transData.transform(xy), r * scale) for xy, r in avoid]
    placed = []
    for key, (x, y) in points.items():
        best = None
        for dx, dy in _LABEL_OFFSETS:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            text = ax.annotate(labels[key], (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                               fontsize=fontsize, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                                        "alpha": 0.75}, zorder=5)
            box = text.get_window_extent(renderer).expanded(1.05, 1.1)
            text.remove()
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in placed):
                depth = _covered(box, discs)
                if depth < (best[0] if best else float("inf")):
                    best = (depth, dx, dy, ha, va, box)
                if depth == 0:
                    break
        if best is not None:
            depth, dx, dy, ha, va, box = best
            leader = {"arrowprops": {"arrowstyle": "-", "color": "0.5", "lw": 0.4, "shrinkA": 0, "shrinkB": 2}}
            ax.annotate(labels[key], (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                        fontsize=fontsize, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                                 "alpha": 0.75}, zorder=5, **(leader if abs(dx) + abs(dy) > 14 else {}))
            placed.append(box)


def plot_lead_shares(summary: pd.DataFrame, *, measures: Sequence[str] = ("top_lead_share", "share_led_outside_health"),
                     ylabel: str | None = None, plans: pd.DataFrame | None = None, ax: Axes | None = None) -> Axes:
    """Lead concentration per city: grouped bars of ``measures`` from network_summary, on a 0–1 axis.

    Draw shares and the HHI (an index, not a share) on separate axes:
    ``measures=["lead_hhi"], ylabel=...`` for the second.
    """
    ax = _new_ax(ax, (6.5, 3))
    cities = [str(c) for c in summary["city"]]
    labels = city_labels(plans, cities)
    colors = city_colors(_corpus_cities(summary, plans))
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
        tick.set_color(colors[city])
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


def sector_legend(ax: Axes) -> None:
    """A legend of the sector colour groups, on ``ax``."""
    from matplotlib.patches import Patch  # noqa: PLC0415

    handles = [Patch(color=c, label=_label(g)) for g, c in SECTOR_PALETTE.items()]
    ax.legend(handles=handles, frameon=False, fontsize=7, loc="center left")
