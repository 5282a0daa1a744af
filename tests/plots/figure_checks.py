"""What makes a drawn figure unreadable, measured on the figure as it is saved.

Every check takes a figure already laid out (as :func:`cityplans.plots.figures.draw`
returns it) and returns what it found, so a test can assert on it and a
script can count it at any corpus size:

- :func:`cut_texts`: texts that reach past the figure's edge;
- :func:`covering_texts`: pairs of texts that cover each other;
- :func:`small_texts`: texts under :data:`MIN_POINTS` at the saved size;
- :func:`missing_glyphs`: characters no font of their text has a glyph for (tofu);
- :func:`legends_on_panels`: figure legends drawn over a panel.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib import font_manager
from matplotlib.text import Text

#: The smallest text a reader of the saved figure is asked to read, in points (the figures are saved at their size).
MIN_POINTS = 6.0


def drawn_texts(fig) -> list[tuple[Text, object]]:
    """Every text the figure shows, with its box: tick labels of ticks outside the view are not drawn."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    hidden = set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            tol = (hi - lo) * 1e-6
            hidden |= {id(label) for tick in axis.get_major_ticks() + axis.get_minor_ticks()
                       if not lo - tol <= tick.get_loc() <= hi + tol for label in (tick.label1, tick.label2)}
        if not ax.axison:  # an axes turned off draws no axis labels or ticks
            hidden |= {id(t) for t in (ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels())}
    out = []
    for text in fig.findobj(Text):
        if id(text) in hidden or not text.get_visible() or not text.get_text().strip():
            continue
        box = Text.get_window_extent(text, renderer)  # an annotation's own box, without its leader line
        if box.width > 0 and box.height > 0:
            out.append((text, box))
    return out


def cut_texts(fig, texts) -> list[str]:
    """Texts whose box leaves the figure (a pixel of tolerance)."""
    width, height = fig.bbox.width, fig.bbox.height
    return [t.get_text() for t, b in texts if b.x0 < -1 or b.y0 < -1 or b.x1 > width + 1 or b.y1 > height + 1]


def covering_texts(texts) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes, shrunk a little, overlap (all pairs at once: thousands of cell numbers at 50 plans).

    The boxes are shrunk to 90 % of their width and 80 % of their height from
    their lower left corner: glyph boxes of neighbouring tick labels touch
    without covering.
    """
    if len(texts) < 2:
        return []
    boxes = np.array([b.shrunk(0.9, 0.8).extents for _, b in texts])  # x0, y0, x1, y1
    x0, y0, x1, y1 = boxes.T
    hits = ((x1[:, None] >= x0[None, :]) & (x0[:, None] <= x1[None, :])
            & (y1[:, None] >= y0[None, :]) & (y0[:, None] <= y1[None, :]))
    i, j = np.nonzero(np.triu(hits, k=1))
    return [(texts[a][0].get_text(), texts[b][0].get_text()) for a, b in zip(i, j, strict=True)]


def small_texts(texts) -> list[tuple[str, float]]:
    """Texts smaller than :data:`MIN_POINTS` (the figures are saved at their size, so points are points)."""
    return [(t.get_text(), t.get_fontsize()) for t, _ in texts if t.get_fontsize() < MIN_POINTS - 1e-9]


@cache
def _charset(path: object) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _fonts(families: tuple[str, ...]) -> list[str]:
    found = []
    for family in families:
        try:
            found.append(font_manager.findfont(font_manager.FontProperties(family=family),
                                               fallback_to_default=False))
        except ValueError:  # a family that is not installed draws nothing
            continue
    return found


def missing_glyphs(texts) -> list[tuple[str, str]]:
    """Characters drawn that none of their text's fonts has (matplotlib falls back along the family list)."""
    import matplotlib as mpl

    out = []
    for t, _ in texts:
        families = tuple(f for name in t.get_fontfamily()
                         for f in mpl.rcParams.get(f"font.{name}", [name]))
        charset = frozenset().union(*(_charset(p) for p in _fonts(families)))
        missing = sorted({ch for ch in t.get_text() if not ch.isspace() and ord(ch) not in charset})
        if missing:
            out.append((t.get_text(), "".join(missing)))
    return out


def legends_on_panels(fig) -> list[str]:
    """Figure legends whose box overlaps a panel that shows its axes."""
    renderer = fig.canvas.get_renderer()
    return [str(i) for i, legend in enumerate(fig.legends) for ax in fig.axes
            if ax.axison and legend.get_window_extent(renderer).overlaps(ax.get_tightbbox(renderer))]


def problems(fig) -> dict[str, list]:
    """Every check's findings for one drawn figure."""
    texts = drawn_texts(fig)
    return {"cut": cut_texts(fig, texts), "covering": covering_texts(texts), "small": small_texts(texts),
            "missing": missing_glyphs(texts), "legend": legends_on_panels(fig)}
