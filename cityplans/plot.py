"""Plot functions and the project's look, in one place.

Every plot function has seaborn's shape: a tidy table first, keyword options,
``ax=None`` (a new axes is made when none is given), and the axes returned.
Nothing here saves a file: :mod:`cityplans.figures` does that.

The look is set by :func:`style`, a context manager: the CJK font (Noto Sans
CJK SC, shipped by the ``mplfonts`` wheel so that a fresh machine needs
nothing from the system), one colour per city, sizes readable at report
size. Labels are English or Chinese by one switch, :func:`set_language`
(or ``style(language=...)``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes

__all__ = [
    "CITY_PALETTE",
    "KIND_PALETTE",
    "city_colors",
    "city_labels",
    "cjk_font",
    "get_language",
    "plot_outline",
    "set_language",
    "style",
]

#: One colour per city, everywhere (Okabe–Ito, safe for colour-blind readers).
CITY_PALETTE = {
    "huanren": "#0072B2",
    "haining": "#E69F00",
    "dalian": "#009E73",
    "xiangfu": "#CC79A7",
    "lhasa": "#D55E00",
}
#: Colours for cities beyond the five, assigned in city order.
_EXTRA = ["#56B4E9", "#F0E442", "#000000", "#999999", "#882255", "#44AA99", "#117733", "#332288"]

#: Section kinds, in reading order, with their colours.
KIND_PALETTE = {
    "guiding": "#BBBBBB",
    "goals": "#56B4E9",
    "tasks": "#0072B2",
    "safeguards": "#E69F00",
    "steps": "#F0E442",
    "annex": "#999999",
}

_LABELS = {
    "en": {
        "guiding": "guiding ideas", "goals": "goals", "tasks": "tasks", "safeguards": "safeguards",
        "steps": "implementation steps", "annex": "annex",
        "n_items": "numbered items with content", "outline_title": "What each plan is made of",
    },
    "zh": {
        "guiding": "指导思想", "goals": "目标", "tasks": "任务", "safeguards": "保障措施",
        "steps": "实施步骤", "annex": "附件",
        "n_items": "有内容的编号条目数", "outline_title": "各规划的结构",
    },
}
_language = "en"


def set_language(language: str) -> None:
    """Use English (``"en"``) or Chinese (``"zh"``) labels from now on."""
    global _language
    if language not in _LABELS:
        raise ValueError(f"language must be one of {sorted(_LABELS)}, not {language!r}")
    _language = language


def get_language() -> str:
    """The current label language."""
    return _language


def _label(key: str) -> str:
    return _LABELS[_language].get(key, key)


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register the bundled CJK font with matplotlib; return its family name."""
    import mplfonts  # noqa: PLC0415 - only for the location of its font files

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.exists():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"CJK font missing: {path}; reinstall with `make install`")
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _rc() -> dict[str, object]:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_font(), "DejaVu Sans"],
        "axes.unicode_minus": False,  # the CJK font has no U+2212
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": 100,
        "savefig.dpi": 200,
        "savefig.bbox": "tight",
        "svg.fonttype": "path",  # text as outlines: the SVG needs no font to view
        "svg.hashsalt": "cityplans",  # stable ids: byte-identical SVG from run to run
        "pdf.fonttype": 42,
    }


@contextlib.contextmanager
def style(language: str | None = None) -> Iterator[None]:
    """Draw in the project's look (font, sizes), optionally in a language.

    Examples
    --------
    >>> with style(language="zh"):
    ...     ax = plot_outline(pd.DataFrame({"city": ["demo"], "kind": ["tasks"], "is_task": [True]}))
    >>> ax.get_xlabel()
    '有内容的编号条目数'
    >>> get_language()
    'en'
    """
    previous = _language
    if language is not None:
        set_language(language)
    try:
        with mpl.rc_context(_rc()):
            yield
    finally:
        set_language(previous)


def city_colors(cities: Sequence[str]) -> dict[str, str]:
    """A colour for each city: the fixed five first, then extras in order."""
    extra = iter(_EXTRA * (1 + len(cities) // len(_EXTRA)))
    return {c: CITY_PALETTE[c] if c in CITY_PALETTE else next(extra) for c in cities}


def city_labels(plans: pd.DataFrame | None = None, cities: Sequence[str] = ()) -> dict[str, str]:
    """Short display names of cities in the current language (``label_en``/``label_zh``)."""
    names: dict[str, str] = {}
    if plans is not None:
        column = "label_zh" if _language == "zh" else "label_en"
        for row in plans.itertuples():
            value = getattr(row, column, "")
            names[str(row.city)] = value if isinstance(value, str) and value else str(row.city)
    for c in cities:
        names.setdefault(c, c)
    return names


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
