"""Plots of the PMC index: the 3 × 3 PMC surface and the radar of first-level scores, one plan per axes.

Seaborn's shape, like :mod:`cityplans.plots`: the ``pmc_index`` table first,
drawn on ``ax``, returned. The first-level names are data
(``data/pmc_first_levels.tsv``), in English or Chinese by the label language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from cityplans.datafiles import read_rows
from cityplans.plots._axes import _corpus_cities, _new_ax
from cityplans.plots.theme import _label, city_colors, get_language, wrap

__all__ = ["first_level_names", "plot_pmc_radar", "plot_pmc_surface"]

#: The colour scale of first-level scores, shared by the surface and its colour bar.
SURFACE_CMAP = "YlGnBu"


def first_level_names() -> dict[str, str]:
    """First-level variables in the variable set's order, with their names in the current label language."""
    column = "name_zh" if get_language() == "zh" else "name_en"
    return {r["first"]: r[column] for r in read_rows("pmc_first_levels.tsv")}


def _scores(index: pd.DataFrame, city: str) -> pd.Series:
    rows = index[(index["city"].astype(str) == city) & (index["variable"] != "PMC")]
    return rows.set_index("variable")["score"].reindex(list(first_level_names())).fillna(0.0)


def _headline(index: pd.DataFrame, city: str) -> str:
    row = index[(index["city"].astype(str) == city) & (index["variable"] == "PMC")]
    if row.empty:
        return ""
    return f"{_label('pmc_index')} {row['score'].iloc[0]:.2f} · {_label('grade_' + str(row['grade'].iloc[0]))}"


def plot_pmc_surface(index: pd.DataFrame, city: str, *, ax: Axes | None = None) -> Axes:
    """The PMC surface of one plan: its first nine first-level scores as a 3 × 3 grid, X1–X3 on the top row.

    Examples
    --------
    >>> index = pd.DataFrame({"city": ["a"] * 10, "variable": [f"X{i}" for i in range(1, 10)] + ["PMC"],
    ...                       "score": [1, .5, 1, 1, 1, 1, .75, .8, 1, 8.05], "grade": [""] * 9 + ["perfect"]})
    >>> ax = plot_pmc_surface(index, "a")
    >>> [t.get_text() for t in ax.texts][:2], ax.get_title(loc="right")
    (['X1 nature\\n1.00', 'X2 time span\\n0.50'], 'PMC index 8.05 · perfect')
    """
    ax = _new_ax(ax, (3, 3))
    names = first_level_names()
    codes = list(names)[:9]
    values = _scores(index, city).reindex(codes).to_numpy().reshape(3, 3)
    ax.imshow(values, cmap=SURFACE_CMAP, vmin=0, vmax=1)
    for k, code in enumerate(codes):
        i, j = divmod(k, 3)
        ax.text(j, i, f"{code} {wrap(names[code], 12)}\n{values[i, j]:.2f}", ha="center", va="center",
                fontsize=6.5, color="white" if values[i, j] > 0.6 else "0.1")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(_headline(index, city), fontsize=7, loc="right", color="0.3")
    return ax


def plot_pmc_radar(index: pd.DataFrame, city: str, *, ax: Axes) -> Axes:
    """Radar of one plan's first-level scores (0–1), in its city colour, over the mean of all plans (grey).

    ``ax`` must be polar (``subplot_kw={"projection": "polar"}``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> index = pd.DataFrame({"city": ["a"] * 10, "variable": [f"X{i}" for i in range(1, 10)] + ["PMC"],
    ...                       "score": [1, .5, 1, 1, 1, 1, .75, .8, 1, 8.05], "grade": [""] * 9 + ["perfect"]})
    >>> ax = plot_pmc_radar(index, "a", ax=plt.figure().add_subplot(projection="polar"))
    >>> [round(float(r), 2) for r in ax.lines[1].get_ydata()][:3]
    [1.0, 0.5, 1.0]
    """
    names = first_level_names()
    angles = np.linspace(0, 2 * np.pi, len(names), endpoint=False)
    closed = np.append(angles, angles[0])
    cities = [str(c) for c in pd.unique(index["city"].astype(str))]
    mean = np.mean([_scores(index, c).to_numpy() for c in cities], axis=0)
    colour = city_colors(_corpus_cities(index))[city]  # every plan of the corpus: its colour in every figure
    ax.plot(closed, np.append(mean, mean[0]), color="0.55", lw=0.9, ls="--", label=_label("pmc_mean"))
    values = _scores(index, city).to_numpy()
    ax.plot(closed, np.append(values, values[0]), color=colour, lw=1.6)
    ax.fill(closed, np.append(values, values[0]), color=colour, alpha=0.25)
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0], ["", "0.5", "", "1"], fontsize=6, color="0.45")
    ax.set_xticks(angles, [f"{c}\n{wrap(n, 10)}" for c, n in names.items()], fontsize=6)
    ax.tick_params(axis="x", pad=5)
    ax.set_theta_offset(np.pi / 2)  # X1 at the top, clockwise, as the surface reads row by row
    ax.set_theta_direction(-1)
    ax.set_title(_headline(index, city), fontsize=7, loc="right", color="0.3", pad=16)
    return ax
