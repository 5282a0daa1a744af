"""The department registry: one canonical id per government function.

Two data files in ``cityplans/data`` hold the knowledge, so that a researcher
can read and edit it and no name lives in code:

``departments.tsv``
    ``department_id, name_zh, name_en, actor_type, sectors`` — one row per
    canonical department. ``actor_type`` is one of :data:`ACTOR_TYPES`;
    ``sectors`` is a space-separated list (a merged agency such as 教体局
    carries several).
``department_aliases.tsv``
    ``alias, department_id, relation, note`` — every way a plan writes a
    department, *without* its level prefix (市/县/区/市委 …), which is handled
    here. ``relation`` says what the alias is: ``name`` (a current name or
    abbreviation), ``predecessor`` (a name from before the 2018 reform that
    resolves to its successor; the lineage is kept), ``typo`` (a misspelling
    seen in a plan; every use is reported), ``pattern`` (a regular
    expression for open-ended names, such as collective groups).

:func:`resolve` turns a name as written into a :class:`Resolution`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from cityplans.datafiles import alternation, read_rows

__all__ = [
    "ACTOR_TYPES",
    "COLLECTIVE_TYPES",
    "Resolution",
    "aliases_table",
    "departments_table",
    "level_prefix",
    "level_prefixes",
    "prefix_level",
    "resolve",
    "sector_group",
    "strip_level",
]

#: Kinds of actor, in the order used in tables and legends.
ACTOR_TYPES = (
    "government",  # a bureau or office of the government at this level
    "party",  # a party organ (宣传部, 组织部, 网信办 …)
    "mass_organisation",  # 总工会, 妇联, 团委, 残联, 红十字会, 科协 …
    "public_institution",  # 广电台, 疾控中心, 医院 …
    "company",
    "higher_level",  # a branch of a higher-level body (嘉兴市生态环境局海宁分局)
    "lower_government",  # governments below this level (各乡镇人民政府, 街道办事处)
    "collective",  # vague groups (成员单位, 有关部门)
)
#: Actor types kept out of centrality rankings by default.
COLLECTIVE_TYPES = ("lower_government", "collective")



@lru_cache(maxsize=1)
def _levels() -> tuple[dict[str, str], ...]:
    return read_rows("level_prefixes.tsv")


def level_prefixes() -> list[str]:
    """The level prefixes written before a department name (``level_prefixes.tsv``), longest first."""
    return sorted((r["prefix"] for r in _levels()), key=len, reverse=True)


def prefix_level(prefix: str) -> str:
    """The level a prefix names: ``prefix_level("区委")`` is 区, ``prefix_level("国家")`` is 国家."""
    return next((r["level"] for r in _levels() if r["prefix"] == prefix), prefix[:1])


def level_prefix(level: str, kind: str = "government") -> str:
    """The prefix of ``kind`` (government, party, joint) for a level: ``level_prefix("区", "party")`` is 区委."""
    return next((r["prefix"] for r in _levels() if r["level"] == level and r["kind"] == kind), level)


# A level prefix written before a department name (市, 区委, 市委市政府 …), from the data file.
_LEVEL = re.compile(rf"^(?P<level>{alternation(level_prefixes())})")
_PAREN = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Resolution:
    """How a name as written was resolved."""

    department_id: str | None
    relation: str  # name, predecessor, typo, pattern, contains, unresolved
    level: str  # the level prefix found ("市", "区委" …) or ""
    alias: str  # the alias that matched, or ""
    note: str = ""


@lru_cache(maxsize=1)
def _registry() -> tuple[dict[str, dict[str, str]], dict[str, tuple[str, str, str]],
                         list[tuple[re.Pattern[str], str, str]]]:
    departments = {r["department_id"]: r for r in read_rows("departments.tsv")}
    exact: dict[str, tuple[str, str, str]] = {}
    patterns: list[tuple[re.Pattern[str], str, str]] = []
    for r in read_rows("department_aliases.tsv"):
        if r["department_id"] not in departments:
            raise ValueError(f"department_aliases.tsv: alias {r['alias']!r} names unknown id {r['department_id']!r}")
        if r["relation"] == "pattern":
            patterns.append((re.compile(r["alias"]), r["department_id"], r["note"]))
        else:
            if r["alias"] in exact and exact[r["alias"]][0] != r["department_id"]:
                raise ValueError(f"department_aliases.tsv: alias {r['alias']!r} maps to two departments")
            exact[r["alias"]] = (r["department_id"], r["relation"], r["note"])
    return departments, exact, patterns


def departments_table() -> pd.DataFrame:
    """The registry with each department's lineage (names it succeeds).

    Columns: ``department_id, name_zh, name_en, actor_type, sectors,
    predecessors, aliases``.
    """
    departments, exact, _ = _registry()
    rows = []
    for dep_id, d in departments.items():
        preds = sorted(a for a, (i, rel, _) in exact.items() if i == dep_id and rel == "predecessor")
        names = sorted(a for a, (i, rel, _) in exact.items() if i == dep_id and rel == "name")
        rows.append({**{k: d[k] for k in ("department_id", "name_zh", "name_en", "actor_type", "sectors")},
                     "predecessors": " ".join(preds), "aliases": " ".join(names)})
    return pd.DataFrame(rows, columns=["department_id", "name_zh", "name_en", "actor_type", "sectors",
                                       "predecessors", "aliases"])


def aliases_table() -> pd.DataFrame:
    """The alias file as a table (``alias, department_id, relation, note``)."""
    return pd.DataFrame(list(read_rows("department_aliases.tsv")))


def department(dep_id: str) -> dict[str, str]:
    """The registry row of a department id."""
    return _registry()[0][dep_id]


def strip_level(name: str) -> tuple[str, str]:
    """Split a level prefix off a name: ``"区委宣传部"`` → ``("区委", "宣传部")``.

    Examples
    --------
    >>> strip_level("市市场监管局"), strip_level("县卫计局"), strip_level("区委宣传部")
    (('市', '市场监管局'), ('县', '卫计局'), ('区委', '宣传部'))
    """
    m = _LEVEL.match(name)
    if not m or len(name) <= len(m.group()):
        return "", name
    return m.group(), name[m.end():]


def _lookup(name: str) -> tuple[str, str, str, str] | None:
    _, exact, patterns = _registry()
    if name in exact:
        dep_id, relation, note = exact[name]
        return dep_id, relation, name, note
    for pattern, dep_id, note in patterns:
        if pattern.search(name):
            return dep_id, "pattern", pattern.pattern, note
    return None


def resolve(name: str) -> Resolution:
    """Resolve a department name as written (level prefix and all).

    Tried in order: the whole name; the name without its level prefix; both
    without a parenthetical (``市综合执法局(市分类办)``); then the longest alias
    the name contains (reported as ``contains``).

    Examples
    --------
    >>> r = resolve("县卫计局"); (r.department_id, r.relation, r.level)
    ('health', 'predecessor', '县')
    >>> resolve("区委网信办").department_id
    'cyberspace'
    """
    name = name.strip()
    level, bare = strip_level(name)
    candidates = [("", name), (level, bare)]
    unparenthesized = _PAREN.sub("", name).strip()
    if unparenthesized != name:
        lv, b = strip_level(unparenthesized)
        candidates += [("", unparenthesized), (lv, b)]
    for lv, candidate in candidates:
        found = _lookup(candidate)
        if found:
            dep_id, relation, alias, note = found
            return Resolution(dep_id, relation, lv, alias, note)
    # Last resort: the longest alias inside the name (嘉兴市生态环境局海宁分局).
    _, exact, _ = _registry()
    best = max((a for a in exact if len(a) >= 3 and a in unparenthesized), key=len, default=None)
    if best:
        dep_id, relation, note = exact[best]
        return Resolution(dep_id, "contains", level, best, note)
    return Resolution(None, "unresolved", level, "")


@lru_cache(maxsize=1)
def _sector_groups() -> dict[str, str]:
    return {r["sector"]: r["group"] for r in read_rows("sectors.tsv")}


def sector_group(sectors: str) -> str:
    """The sector group of a department from its ``sectors`` (the first sector decides).

    Examples
    --------
    >>> sector_group("health social"), sector_group("")
    ('health', 'collective')
    """
    first = (sectors or "").split()
    return _sector_groups().get(first[0], "collective") if first else "collective"
