"""Helpers every plot module shares: the plans present in a table, names in the label language, a new axes."""

from __future__ import annotations

import itertools

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


def _corpus_cities(data: pd.DataFrame, plans: pd.DataFrame | None = None) -> list[str]:
    """Every city of the corpus, in its order, whether or not ``data`` has a row for it.

    The city colours are assigned over this list (:func:`cityplans.plots.theme.city_colors`),
    so a plan keeps its colour in a figure whose table leaves another plan out.
    """
    if plans is not None:
        return [str(c) for c in plans["city"]]
    col = data["city"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [str(c) for c in col.cat.categories]
    return [str(c) for c in dict.fromkeys(col)]


def cell_points(ax: Axes, shape: tuple[int, int]) -> tuple[float, float]:
    """Width and height in points of one cell of a ``shape`` (rows, columns) grid filling ``ax`` as laid out now."""
    box = ax.get_position()
    width, height = ax.figure.get_size_inches()
    return 72 * width * box.width / max(1, shape[1]), 72 * height * box.height / max(1, shape[0])


def text_points(text: str, fontsize: float) -> float:
    """A generous estimate of a text's widest line in points: a Chinese character one em, another 0.62 em."""
    return max(sum(fontsize if ord(ch) >= 0x2E80 else 0.62 * fontsize for ch in line) for line in text.split("\n"))


def annotations_fit(ax: Axes, shape: tuple[int, int], sample: str, fontsize: float) -> bool:
    """Whether numbers like ``sample`` fit in the cells of a ``shape`` heatmap on ``ax``.

    Decided before the layout, which takes room for the labels: the cell must
    hold the number with a third to spare, so that it still fits after.
    """
    width, height = cell_points(ax, shape)
    return bool(width >= 1.35 * text_points(sample, fontsize) and height >= 1.8 * fontsize)


def upright_if_crowded(ax: Axes) -> bool:
    """Turn the x tick labels upright (90°) where, as laid out now, two neighbours cover each other.

    Upright labels need only their line height between ticks; the figure
    build gives crowded axes that much room per plan. Returns whether they
    were turned (the figure then needs laying out again).
    """
    renderer = ax.figure.canvas.get_renderer()
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    crowded = any(a.shrunk(0.9, 0.8).overlaps(b.shrunk(0.9, 0.8)) for a, b in itertools.pairwise(boxes))
    if crowded:
        for t in labels:
            t.set(rotation=90, ha="center", va="top", rotation_mode="default")
    return crowded
