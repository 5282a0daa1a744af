"""The project's look, in one place: palettes, labels, the CJK font, the language.

Colours and labels are data (``cityplans/data/palettes.tsv`` and
``labels.tsv``), so a new city, section kind or sector group gets its colour
and its names from a file. :func:`style` is a context manager that sets the
font (Noto Sans CJK SC, shipped by the ``mplfonts`` wheel, so that a fresh
machine needs nothing from the system) and sizes; :func:`set_language`
switches every label between English and Chinese. Plot functions are in
:mod:`cityplans.plots` (whose namespace also holds these names).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import textwrap
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib import font_manager

from cityplans.datafiles import read_rows
from cityplans.registry.departments import sector_group as registry_sector_group

__all__ = [
    "CHANGE_PALETTE",
    "CITY_PALETTE",
    "INSTRUMENT_PALETTE",
    "KIND_PALETTE",
    "LEAD_PALETTE",
    "SECTOR_PALETTE",
    "YEAR_MARKERS",
    "city_colors",
    "city_labels",
    "cjk_font",
    "get_language",
    "label",
    "sector_group",
    "set_language",
    "short_name",
    "style",
    "truetype_subset",
    "unit_label",
    "use_style",
    "wrap",
]


def _palette(name: str) -> dict[str, str]:
    return {r["key"]: r["colour"] for r in read_rows("palettes.tsv") if r["palette"] == name}


#: One colour per city, everywhere (``palettes.tsv``: Okabe–Ito, safe for colour-blind readers).
CITY_PALETTE = _palette("city")
#: Colours for cities beyond the five, assigned in city order.
_EXTRA = list(_palette("city_extra").values())
#: Every plan's colour in a corpus with more plans than city colours: the dark grey of the figures' own notes.
_NEUTRAL = "#4D4D4D"
#: Section kinds, in reading order, with their colours.
KIND_PALETTE = _palette("section_kind")
#: One colour per department sector group (Paul Tol's "vibrant" scheme, grey for groups).
SECTOR_PALETTE = _palette("sector_group")
#: What a change from baseline to target means: improvement, worsening, unchanged, unknown.
CHANGE_PALETTE = _palette("change")
#: The lead measures of network_summary.
LEAD_PALETTE = _palette("lead_measure")
#: Policy-instrument groups: supply, environment, demand.
INSTRUMENT_PALETTE = _palette("instrument_group")
#: Labels by language (``labels.tsv``: key, en, zh; ``\\n`` in a label is a line break).
_LABELS = {lang: {r["key"]: r[lang].replace("\\n", "\n") for r in read_rows("labels.tsv")} for lang in ("en", "zh")}
_language = "en"


def set_language(language: str) -> None:
    """Use English (``"en"``) or Chinese (``"zh"``) labels from now on."""
    global _language  # noqa: PLW0603 - the one switch of the label language
    if language not in _LABELS:
        raise ValueError(f"language must be one of {sorted(_LABELS)}, not {language!r}")
    _language = language


def get_language() -> str:
    """The current label language."""
    return _language


def _label(key: str) -> str:
    return _LABELS[_language].get(key, key)


@lru_cache(maxsize=1)
def _cjk_font_path() -> Path:
    import mplfonts  # noqa: PLC0415 - only for the location of its font files

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.exists():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"CJK font missing: {path}; reinstall with `make install`")
    return path


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register the bundled CJK font with matplotlib; return its family name."""
    path = _cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def truetype_subset(chars: str, folder: Path) -> Path:
    """The CJK font cut to ``chars`` and converted to TrueType outlines, as a file in ``folder``.

    Noto Sans CJK has PostScript (CFF) outlines, which matplotlib cannot
    embed in a PDF as an editable TrueType font; the few hundred glyphs a
    figure uses are converted (fontTools: subset, then cubic to quadratic
    curves), so every PDF carries its text as text in the same typeface as
    the PNG. The file depends only on ``chars``: figures stay byte-identical.
    """
    from fontTools import subset  # noqa: PLC0415 - only the PDF build needs fontTools
    from fontTools.pens.cu2quPen import Cu2QuPen  # noqa: PLC0415
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # noqa: PLC0415
    from fontTools.ttLib import TTFont, newTable  # noqa: PLC0415

    font = TTFont(str(_cjk_font_path()), recalcTimestamp=False)  # no clock in the file: byte-identical PDFs
    options = subset.Options()
    options.notdef_outline, options.name_IDs, options.layout_features = True, ["*"], []
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    font["loca"], font["glyf"] = newTable("loca"), newTable("glyf")
    font["glyf"].glyphOrder, font["glyf"].glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        font["glyf"].glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["glyf"].compile(font)
    for name, glyph in font["glyf"].glyphs.items():
        if hasattr(glyph, "xMin"):
            font["hmtx"][name] = (font["hmtx"][name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion, maxp.maxZones, maxp.maxComponentElements = 0x00010000, 1, 0
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    font["post"].formatType, font["post"].extraNames, font["post"].mapping = 3.0, [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    target = folder / f"cjk-{hashlib.sha256(chars.encode()).hexdigest()[:16]}.ttf"
    font.save(str(target))
    return target


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
        "savefig.dpi": 150,  # PNG for viewing; the SVG is for print
        "svg.fonttype": "none",  # text as text: a label can be corrected in a drawing program
        "svg.hashsalt": "cityplans",  # stable ids: byte-identical SVG from run to run
        "pdf.fonttype": 42,
    }


@contextlib.contextmanager
def style(language: str | None = None) -> Iterator[None]:
    """Draw in the project's look (font, sizes), optionally in a language.

    Examples
    --------
    >>> with style(language="zh"):
    ...     label("n_items")
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


def use_style(language: str | None = None) -> None:
    """Set the project's look for the whole session (notebooks: Jupyter draws after the cell ends).

    The figure build uses the :func:`style` context instead, so that
    importing :mod:`cityplans` never changes matplotlib's settings.
    """
    if language is not None:
        set_language(language)
    mpl.rcParams.update(_rc())


def city_colors(cities: Sequence[str]) -> dict[str, str]:
    """A colour for each city of a corpus (give all its cities, in corpus order, for the same colour everywhere).

    The five shipped cities keep their own colours; other cities take the
    colours no city of this corpus has taken, in city order (the named ones
    first, then the extras). A corpus with more plans than colours draws
    every plan in one neutral colour: repeated colours would pair plans that
    have nothing in common, so position and labels tell them apart.

    Examples
    --------
    >>> city_colors(["a", "b"]) == {"a": CITY_PALETTE["huanren"], "b": CITY_PALETTE["haining"]}
    True
    >>> len(set(city_colors([f"c{i}" for i in range(len(CITY_PALETTE) + len(_EXTRA) + 1)]).values()))
    1
    """
    if len(cities) > len(CITY_PALETTE) + len(_EXTRA):
        return dict.fromkeys(cities, _NEUTRAL)
    free = iter([c for k, c in CITY_PALETTE.items() if k not in cities] + _EXTRA)
    return {c: CITY_PALETTE[c] if c in CITY_PALETTE else next(free) for c in cities}


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


@lru_cache(maxsize=1)
def _units_en() -> dict[str, str]:
    """English unit labels for figures: ``name_en`` in units.tsv and unit_contexts.tsv (empty: as written)."""
    names = {r["canonical"]: r["name_en"] for r in read_rows("unit_contexts.tsv") if r["name_en"]}
    for r in read_rows("units.tsv"):
        if r["name_en"]:
            names.setdefault(r["canonical"], r["name_en"])
    return names


#: Target years and their markers, the same in every panel.
YEAR_MARKERS = {2020: "o", 2021: "s", 2022: "^", 2025: "v", 2030: "D"}


def unit_label(unit: str) -> str:
    """A unit in the current language (Chinese units as written, or English)."""
    return unit if _language == "zh" else _units_en().get(unit, unit)


def short_name(name_en: str, name_zh: str) -> str:
    """A short display name of a department.

    'Health Commission' → 'Health'; 发展和改革委员会（局） → 发展和改革委员会. Never cut: wrap it
    with :func:`wrap` where space is short.

    Examples
    --------
    >>> short_name("Disabled Persons' Federation", "")
    "Disabled Persons' Federation"
    """
    if _language == "zh":
        return re.sub(r"（[^）]*）|\([^)]*\)", "", name_zh)
    # Not after a possessive: "Disabled Persons' Federation" keeps its noun, "Disabled Persons'" is no name.
    words = re.sub(r"(?<!['’] )\b(Bureau|Commission|Office|Administration for|Administration|Department|"
                   r"Society|Committee|Federation of|Federation|Station|Branch|Centre)\b", "", name_en)
    return re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", "", words)).strip(" ,")


def wrap(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` columns, a Chinese character two columns (full names, not cut).

    Examples
    --------
    >>> wrap("Culture, Radio, Television and Tourism", 16)
    'Culture, Radio,\\nTelevision and\\nTourism'
    >>> wrap("文化广电和旅游局", 8)
    '文化广电\\n和旅游局'
    """
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        n = max(1, width // 2)
        return "\n".join(text[i:i + n] for i in range(0, len(text), n))
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def sector_group(sectors: str) -> str:
    """The colour group of a department from its ``sectors`` (the registry's group, grey where it has no colour)."""
    group = registry_sector_group(sectors)
    return group if group in SECTOR_PALETTE else "collective"  # a group without a colour is drawn grey



#: A label in the current language (the key itself where ``labels.tsv`` has none).
label = _label
