"""Numbers, units and comparators: the words the target extractor looks for, from data files.

Everything here is read from ``cityplans/data``, so that a new unit, a new
comparator phrase or a new cue is an edit of a file, not of code:

``units.tsv``
    ``unit, canonical, kind, low, high, name_en``: every unit as written
    after a number (the longest that fits is taken), with how English
    figures write it (empty: as written); its canonical form (``/10万`` → ``1/10万``); ``kind``
    ``count``, ``rate``, ``age`` or ``measure`` (an indicator follows a count:
    建成200个村级卫生厕所); the plausible range of a value, which splits the
    run-together cells of a flattened table.
``unit_contexts.tsv``
    ``unit, context, canonical``: a unit whose meaning depends on the phrase
    (人 in 每千人口执业医师 is 人/千人).
``comparators.tsv``
    ``phrase, position, comparator``: comparator phrases before a number
    (不低于 → ``>=``, 下降 → ``decrease_by``), after it (以上, 左右), and
    symbols (≥).
``target_cues.tsv``
    ``name, pattern``: the other cues, by name (action verbs, slogans,
    population words, the header of a flattened table …), each a regular
    expression; see the file for what each does.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache

from cityplans.datafiles import alternation, read_rows

__all__ = ["NUM", "canonical_unit", "comparator_after", "comparator_before", "comparator_symbol", "cue",
           "is_count", "symbol_class", "unit_kind", "unit_range", "value_pattern"]

#: A number as written in a target (full-width digits are already half-width in the normalized view).
NUM = r"\d+(?:\.\d+)?"


@cache
def cue(name: str) -> re.Pattern[str]:
    """The compiled pattern of a cue in ``target_cues.tsv``.

    Examples
    --------
    >>> bool(cue("slogan").search("三个"))
    True
    """
    patterns = {r["name"]: r["pattern"] for r in read_rows("target_cues.tsv")}
    return re.compile(patterns[name])


def _comparators(position: str) -> list[tuple[str, str]]:
    return [(r["phrase"], r["comparator"]) for r in read_rows("comparators.tsv") if r["position"] == position]


@lru_cache(maxsize=1)
def comparator_before() -> tuple[re.Pattern[str], dict[str, str]]:
    """The pattern of a comparator phrase ending the text before a number, and phrase → comparator."""
    rows = _comparators("before")
    respectively, year_of = cue("respectively").pattern, cue("year_of").pattern
    # 提高到2025年的28%: the year the value is for may stand between the comparator and the number
    return (re.compile(rf"(?:{alternation([p for p, _ in rows])})\s*(?:{respectively})?\s*(?:{year_of})?\s*$"),
            dict(rows))


@lru_cache(maxsize=1)
def comparator_after() -> dict[str, str]:
    """Suffix phrase → comparator (以上 → ``>=``), in matching order."""
    return dict(_comparators("after"))


@lru_cache(maxsize=1)
def comparator_symbol() -> dict[str, str]:
    """Symbol → comparator (≥ → ``>=``)."""
    return dict(_comparators("symbol"))


def symbol_class() -> str:
    """The comparator symbols as a character class."""
    return "[" + "".join(re.escape(s) for s in comparator_symbol()) + "]"


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, str], ...]:
    return read_rows("units.tsv")


@lru_cache(maxsize=1)
def value_pattern() -> re.Pattern[str]:
    """A number with its optional symbol, range, unit and suffix (named groups sym, num, rng, num2, unit, suffix)."""
    units = alternation([r["unit"] for r in _units()])
    suffixes = alternation(list(comparator_after()))
    return re.compile(
        rf"(?P<sym>{symbol_class()})?(?P<num>{NUM})(?:\s*(?P<rng>{cue('range_separator').pattern})\s*"
        rf"(?P<num2>{NUM}))?\s*(?P<unit>{units})?(?P<suffix>{suffixes})?"
    )


def unit_kind(unit: str) -> str:
    """``count``, ``rate``, ``age`` or ``measure`` (``""`` for no unit or an unknown one)."""
    return next((r["kind"] for r in _units() if r["unit"] == unit), "")


def is_count(unit: str) -> bool:
    """Whether a unit counts things (个, 家, 所 …): the indicator may follow the number."""
    return unit_kind(unit) == "count"


@cache
def unit_range(unit: str) -> tuple[float, float]:
    """The plausible range of a value in ``unit`` (canonical), unbounded where none is given."""
    for r in _units():
        if r["canonical"] == unit and r["low"] and r["high"]:
            return float(r["low"]), float(r["high"])
    return 0.0, math.inf


@lru_cache(maxsize=1)
def _contexts() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    return tuple((r["unit"], re.compile(r["context"]), r["canonical"]) for r in read_rows("unit_contexts.tsv"))


def canonical_unit(unit: str | None, phrase: str) -> str:
    """The canonical form of a unit as written, given the indicator phrase.

    Examples
    --------
    >>> canonical_unit("/10万", ""), canonical_unit("人", "每千人口执业(助理)医师数"), canonical_unit("个", "")
    ('1/10万', '人/千人', '个')
    """
    if not unit:
        return ""
    for u, context, canonical in _contexts():
        if u == unit and context.search(phrase):
            return canonical
    return next((r["canonical"] for r in _units() if r["unit"] == unit), unit)
