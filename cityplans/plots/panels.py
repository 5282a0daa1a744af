"""Small multiples: one panel per plan, three to a row, with the legend in the first free panel.

The figure build (:mod:`cityplans.plots.figures`) gives the sizes; this lays
the panels out, names them, and keeps a panel's name clear of its headline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from cityplans.corpus import Corpus
from cityplans.plots._axes import text_points
from cityplans.plots.networks import sector_legend
from cityplans.plots.theme import _label, city_labels, wrap

__all__ = ["city_panels"]


def city_panels(corpus: Corpus, draw_city: Callable[[str, plt.Axes], None], *, width: float,
                 row_height: float, title_size: float | None = None, layout_first: bool = False,
                 key: str | None = None, legend: Callable[[plt.Axes], object] = sector_legend,
                 subplot_kw: dict | None = None, cities: Sequence[str] | None = None,
                 note: str = "") -> Figure:
    """One panel per city, three to a row, and a legend (and ``key``, a label's text) in the first free panel.

    ``layout_first``: lay the panels out before drawing, for plots that place
    their labels by measuring them (the layout must not move them after).
    ``legend`` draws into the free panel (the sector legend unless given).
    ``cities``: the plans that get a panel (default all); ``note`` goes above
    the legend (what the plans without a panel are). The figure grows a row
    for every three plans.
    """
    cities = list(corpus.cities if cities is None else cities)
    labels = city_labels(corpus.plans, cities)
    nrows = -(-(len(cities) + 1) // 3)
    fig, axes = plt.subplots(nrows, 3, figsize=(width, row_height * nrows), squeeze=False, subplot_kw=subplot_kw)
    # A long name takes two lines rather than running into the panel's own headline on the right.
    size = title_size or plt.rcParams["axes.titlesize"]
    for ax, city in zip(axes.flat, cities, strict=False):
        ax.set_title(wrap(labels[city], 18 if text_points(labels[city], size) > 110 else 99), loc="left",
                     **({"fontsize": title_size} if title_size else {}))
    for ax in list(axes.flat)[len(cities):]:
        ax.set_axis_off()
    if layout_first:
        for ax in list(axes.flat)[: len(cities)]:
            ax.set_axis_off()
        fig.tight_layout()
    for ax, city in zip(axes.flat, cities, strict=False):
        draw_city(city, ax)
    legend_ax = list(axes.flat)[len(cities)]
    legend(legend_ax)
    if key:
        legend_ax.text(0, 0.02, _label(key), transform=legend_ax.transAxes, fontsize=7, color="0.3", va="bottom")
    if note:
        legend_ax.text(0, 0.98, note, transform=legend_ax.transAxes, fontsize=7, color="0.3", va="top")
    if not layout_first:
        fig.tight_layout()
        if _titles_apart(list(axes.flat)[: len(cities)]):
            fig.tight_layout()
    return fig


def _titles_apart(axes: Sequence[plt.Axes]) -> bool:
    """Where a panel's name (left title) runs into its headline (right title), break them into lines.

    Measured on the laid-out figure: the headline first takes two lines at
    its " · ", then the name is wrapped shorter. Returns whether any changed.
    """
    changed = False
    for ax in axes:
        renderer = ax.figure.canvas.get_renderer()
        name, headline = ax._left_title, ax._right_title  # matplotlib keeps the left and right titles here
        for text, shorter in ((headline, headline.get_text().replace(" · ", "\n")),
                              (name, wrap(name.get_text().replace("\n", " "), 10))):
            a, b = name.get_window_extent(renderer), headline.get_window_extent(renderer)
            if not (name.get_text() and headline.get_text()) or a.x1 + ax.figure.dpi / 12 < b.x0:
                break
            text.set_text(shorter)
            changed = True
    return changed
