"""Where a plan is from, read from the document, and the ids and English names made from it.

A researcher's folder holds files named as people name them
(``健康大连建设行动计划(2017-2020年).txt``, ``Haining 2021 Work Plan.TXT``). A plan
without a manifest row is named after its place: the issuing body's place
(``开封市祥符区人民政府`` → 开封市祥符区), else a place at the head of the title,
else the programme's own name (健康大连 → 大连). Its id is the lowest unit's
name in pinyin without its level suffix (祥符区 → ``xiangfu``; 桓仁满族自治县 →
``huanren``), else a slug of the file name; its English name is the pinyin
with the level's English name (``Xiangfu District``). The level suffixes and
their English names are ``cityplans/data/place_levels.tsv``; the cues are
``place`` and ``programme`` in ``metadata_cues.tsv``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from cityplans.datafiles import alternation, read_rows
from cityplans.reading.metadata import metadata_cues

__all__ = ["english_name", "file_stem", "place_core", "place_of", "place_units", "plan_base", "plan_ids", "romanized",
           "slug"]


@lru_cache(maxsize=1)
def _levels() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    rows = read_rows("place_levels.tsv")
    # the shortest core of two characters or more; an ethnic name before an autonomous unit's suffix belongs
    # to the suffix (桓仁 + 满族自治县)
    suffix = re.compile(rf"(?P<core>[\u4e00-\u9fff]{{2,}}?)"
                        rf"(?P<suffix>(?:[\u4e00-\u9fff]{{1,3}}?族)?(?:{alternation([r['suffix'] for r in rows])}))")
    return suffix, {r["suffix"]: (r["level"], r["name_en"]) for r in rows}


def place_units(place: str) -> list[str]:
    """The units of a place name, largest first: 开封市祥符区 → 开封市, 祥符区.

    Examples
    --------
    >>> place_units("开封市祥符区"), place_units("桓仁满族自治县")
    (['开封市', '祥符区'], ['桓仁满族自治县'])
    """
    _, names = _levels()
    unit = re.compile(rf"[\u4e00-\u9fff]+?(?:{alternation(list(names))})")
    units, pos = [], 0
    while m := unit.match(place, pos):
        units.append(m.group())
        pos = m.end()
    return units if pos == len(place) and units else [place]


def _core(unit: str) -> tuple[str, str]:
    """A unit's name without its level suffix, and the suffix (桓仁满族自治县 → 桓仁, 满族自治县)."""
    suffix, _ = _levels()
    m = suffix.fullmatch(unit)
    return (m["core"], m["suffix"]) if m else (unit, "")


def place_of(meta: dict[str, str]) -> str:
    """The place a plan is for, from its issuing body, its title or its programme's name (``""``: none).

    Examples
    --------
    >>> place_of({"issuing_body": "开封市祥符区人民政府", "title": ""})
    '开封市祥符区'
    >>> place_of({"issuing_body": "", "title": "健康大连建设行动计划(2017-2020年)"})
    '大连'
    """
    cue = metadata_cues()["place"]
    for text in (meta.get("issuing_body", ""), meta.get("title", "")):
        if m := cue.match(text or ""):
            return m["value"]
    programme = metadata_cues()["programme"].search(meta.get("title", "") or "")
    return _core(programme["value"][2:])[0] if programme and len(programme["value"]) > 3 else ""


def romanized(text: str) -> str:
    """Chinese in toneless pinyin, joined; other letters and digits as they are, lower case.

    Examples
    --------
    >>> romanized("祥符"), romanized("Haining 2021")
    ('xiangfu', 'haining 2021')
    """
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - its dictionaries load only when a plan needs a name

    return "".join(lazy_pinyin(unicodedata.normalize("NFKC", text))).lower()


def slug(text: str) -> str:
    """An id from any name: pinyin for Chinese, lower-case letters and digits, ``-`` between words.

    Examples
    --------
    >>> slug("Haining 2021 Work Plan"), slug("健康大连(2017-2020年)"), slug("tongcen.gbk")
    ('haining-2021-work-plan', 'jiankangdalian-2017-2020nian', 'tongcen-gbk')
    """
    return re.sub(r"[^a-z0-9]+", "-", romanized(text)).strip("-")[:60] or "plan"


def english_name(place: str) -> tuple[str, str]:
    """The English name and short label of a place: 开封市祥符区 → ("Xiangfu District", "Xiangfu").

    Examples
    --------
    >>> english_name("桓仁满族自治县"), english_name("大连市"), english_name("开封市祥符区")
    (('Huanren Autonomous County', 'Huanren'), ('Dalian', 'Dalian'), ('Xiangfu District', 'Xiangfu'))
    """
    core, suffix = _core(place_units(place)[-1])
    label = romanized(core).title()
    _, names = _levels()
    ends = [s for s in names if suffix.endswith(s)]
    level = names[max(ends, key=len)][1] if ends else ""
    return (f"{label} {level}".strip(), label)


def plan_ids(bases: Sequence[str], years: Sequence[str]) -> list[str]:
    """Unique ids, in order: a base used twice takes the plan's year, then a number (deterministic).

    Examples
    --------
    >>> plan_ids(["dalian", "dalian", "lasa", "lasa", "lasa"], ["2020", "2030", "2020", "2020", ""])
    ['dalian-2020', 'dalian-2030', 'lasa-2020', 'lasa-2020-2', 'lasa']
    """
    counts = {b: bases.count(b) for b in bases}
    ids: list[str] = []
    for base, year in zip(bases, years, strict=True):
        candidate = f"{base}-{year}" if counts[base] > 1 and year else base
        n, unique = 1, candidate
        while unique in ids:
            n += 1
            unique = f"{candidate}-{n}"
        ids.append(unique)
    return ids


def place_core(place: str) -> str:
    """The lowest unit of a place without its level suffix (开封市祥符区 → 祥符): its short label."""
    return _core(place_units(place)[-1])[0]


def file_stem(path: Path) -> str:
    """A file's name without its suffix, nor an encoding named before it (``tongcen.gbk.txt`` → tongcen)."""
    stem, _, last = path.stem.rpartition(".")
    if stem:
        try:
            codecs.lookup(last)
            return stem
        except LookupError:
            pass
    return path.stem


def plan_base(meta: dict[str, str], stem: str) -> str:
    """The id a plan would have alone: its place's lowest unit in pinyin, else a slug of its file's name."""
    place = place_of(meta)
    return slug(place_core(place)) if place else slug(stem)
