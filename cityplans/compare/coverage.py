"""Policy coverage: which parts of the shared taxonomy each plan covers, and how much.

Every function takes the coded tasks table (from :func:`cityplans.load`,
columns ``primary_category`` and ``secondary_categories``) and returns a new
long table with ``city`` as an ordered categorical. Counts use the task
items (``is_task``) by their primary category, so each item counts once;
``share_text`` weighs items by their length in characters.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from cityplans.errors import takes_tables
from cityplans.extract.taxonomy import codebook, domains, hca_actions, nhc_dimensions

__all__ = [
    "category_coverage",
    "cluster_order",
    "domain_coverage",
    "hca_coverage",
    "nhc_coverage",
    "plan_similarity",
    "unique_and_missing",
]

COVERAGE_COLUMNS = ["city", "code", "name_en", "name_zh", "n_tasks", "text_chars", "share_tasks", "share_text",
                    "present"]


def _items(tasks: pd.DataFrame) -> pd.DataFrame:
    items = tasks[tasks["is_task"]].copy()
    items["text_chars"] = items["text"].str.len()
    return items


def _cities(tasks: pd.DataFrame) -> list[str]:
    col = tasks["city"]
    return list(col.cat.categories) if isinstance(col.dtype, pd.CategoricalDtype) else sorted(set(col))


def _codes(tasks: pd.DataFrame, include_secondary: bool) -> pd.Series:
    """Each item's categories: the primary, plus the secondaries if asked (one row each)."""
    if not include_secondary:
        return tasks["primary_category"]
    both = tasks["primary_category"] + " " + tasks["secondary_categories"].fillna("")
    return both.str.split().explode()


def _matrix(tasks: pd.DataFrame, key: pd.Series, codes: pd.DataFrame, code_col: str) -> pd.DataFrame:
    items = _items(tasks)
    items = items.join(key.rename("code"), how="inner").drop_duplicates(["task_id", "code"])
    cities = _cities(tasks)
    grouped = items.groupby([items["city"].astype(str), "code"]).agg(n_tasks=("task_id", "size"),
                                                                     text_chars=("text_chars", "sum"))
    totals = items.groupby(items["city"].astype(str)).agg(n=("task_id", "size"), chars=("text_chars", "sum"))
    # Plain dictionaries: a .loc lookup per cell made this the slowest table of the build.
    cells = {key: (int(n), int(ch)) for key, n, ch in zip(grouped.index, grouped["n_tasks"], grouped["text_chars"],
                                                           strict=True)}
    sizes = {city: (int(n), int(ch)) for city, n, ch in zip(totals.index, totals["n"], totals["chars"], strict=True)}
    rows = []
    for city in cities:
        total_n, total_chars = sizes.get(city, (0, 0))
        for c in codes.itertuples(index=False):
            code = str(getattr(c, code_col))
            n, chars = cells.get((city, code), (0, 0))
            rows.append({"city": city, "code": code, "name_en": c.name_en, "name_zh": c.name_zh,
                         "n_tasks": n, "text_chars": chars,
                         "share_tasks": n / total_n if total_n else 0.0,
                         "share_text": chars / total_chars if total_chars else 0.0, "present": bool(n)})
    out = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    out["city"] = pd.Categorical(out["city"], categories=cities, ordered=True)
    return out


@takes_tables(tasks=["city", "task_id", "text", "is_task", "primary_category"])
def category_coverage(tasks: pd.DataFrame, *, include_secondary: bool = False) -> pd.DataFrame:
    """City × category (51 codes): task count, text characters, shares, presence.

    With ``include_secondary`` an item counts for each of its categories, so
    shares no longer add up to one.

    Examples
    --------
    >>> t = pd.DataFrame({"city": ["a", "a", "b"], "task_id": ["1", "2", "3"], "is_task": True,
    ...     "text": ["xx", "yyyy", "z"], "primary_category": ["L1", "L4", "L1"],
    ...     "secondary_categories": ["", "", "L4"]})
    >>> c = category_coverage(t)
    >>> c[c["code"] == "L1"][["city", "n_tasks", "share_tasks", "share_text"]].values.tolist()
    [['a', 1, 0.5, 0.3333333333333333], ['b', 1, 1.0, 1.0]]
    >>> c = category_coverage(t, include_secondary=True)
    >>> c[c["code"] == "L4"][["city", "n_tasks"]].values.tolist()
    [['a', 1], ['b', 1]]
    """
    return _matrix(tasks, _codes(tasks, include_secondary), codebook(), "code")


@takes_tables(tasks=["city", "task_id", "text", "is_task", "primary_category"])
def domain_coverage(tasks: pd.DataFrame, *, include_secondary: bool = False) -> pd.DataFrame:
    """City × domain (8 letters): the same measures as :func:`category_coverage`."""
    return _matrix(tasks, _codes(tasks, include_secondary).str[0], domains(), "domain")


@takes_tables(tasks=["city", "task_id", "text", "is_task", "primary_category"])
def hca_coverage(tasks: pd.DataFrame, *, include_secondary: bool = False) -> pd.DataFrame:
    """City × the 15 Healthy China Action special actions, through the codebook's crosswalk."""
    crosswalk = codebook().set_index("code")["hca_action"]
    return _matrix(tasks, _codes(tasks, include_secondary).map(crosswalk), hca_actions(), "action")


@takes_tables(tasks=["city", "task_id", "text", "is_task", "primary_category"])
def nhc_coverage(tasks: pd.DataFrame, *, include_secondary: bool = False) -> pd.DataFrame:
    """City × the 5 national Healthy City evaluation dimensions, through the crosswalk."""
    crosswalk = codebook().set_index("code")["nhc_dimension"]
    return _matrix(tasks, _codes(tasks, include_secondary).map(crosswalk), nhc_dimensions(), "dimension")


@takes_tables(tasks=["city", "task_id", "text", "is_task", "primary_category"])
def plan_similarity(tasks: pd.DataFrame) -> pd.DataFrame:
    """Pairwise similarity of plans: Jaccard on categories present, cosine on category shares.

    Columns ``city_a, city_b, jaccard, cosine``, both orders and the diagonal,
    so that it pivots straight into a square matrix.
    """
    cov = category_coverage(tasks)
    cities = _cities(tasks)
    present = {c: set(cov.loc[(cov["city"] == c) & cov["present"], "code"]) for c in cities}
    shares = {c: cov.loc[cov["city"] == c].set_index("code")["share_tasks"] for c in cities}
    rows = []
    for a, b in itertools.product(cities, repeat=2):
        union = present[a] | present[b]
        jaccard = len(present[a] & present[b]) / len(union) if union else math.nan
        va, vb = shares[a], shares[b]
        norm = math.sqrt((va ** 2).sum() * (vb ** 2).sum())
        cosine = float((va * vb).sum() / norm) if norm else math.nan
        rows.append({"city_a": a, "city_b": b, "jaccard": jaccard, "cosine": cosine})
    out = pd.DataFrame(rows)
    for col in ("city_a", "city_b"):
        out[col] = pd.Categorical(out[col], categories=cities, ordered=True)
    return out


@takes_tables(tasks=["city", "task_id", "text", "is_task", "primary_category"])
def unique_and_missing(tasks: pd.DataFrame) -> pd.DataFrame:
    """What each plan covers that no other does, and what it omits that the others cover.

    Columns ``city, code, name_en, status``: ``only_here`` (no other plan has
    a task in the category) or ``missing_here`` (every other plan has one).
    """
    cov = category_coverage(tasks)
    cities = _cities(tasks)
    present = {code: set() for code in cov["code"].unique()}
    for city, code, here in zip(cov["city"].astype(str), cov["code"], cov["present"], strict=True):
        if here:
            present[code].add(city)
    names = codebook().set_index("code")["name_en"].to_dict()
    rows = []
    for city in cities:
        others = {c for c in cities if c != city}
        for code in sorted(present):
            has = present[code]
            if city in has and not has & others:
                rows.append({"city": city, "code": code, "name_en": names[code], "status": "only_here"})
            elif city not in has and others and others <= has:
                rows.append({"city": city, "code": code, "name_en": names[code], "status": "missing_here"})
    out = pd.DataFrame(rows, columns=["city", "code", "name_en", "status"])
    out["city"] = pd.Categorical(out["city"], categories=cities, ordered=True)
    return out.sort_values(["city", "status", "code"], ignore_index=True)


@takes_tables(similarity=["city_a", "city_b"])
def cluster_order(similarity: pd.DataFrame, metric: str = "jaccard") -> tuple[list[str], pd.DataFrame]:
    """Average-linkage (UPGMA) clustering of plans on ``1 − similarity``.

    Returns the leaf order (similar plans side by side) and the merges as a
    table ``step, left, right, distance``, deterministic for ties.

    Examples
    --------
    >>> s = pd.DataFrame({"city_a": list("aabbcc" "abc"), "city_b": list("bcacab" "abc"),
    ...                   "jaccard": [0.9, 0.1, 0.9, 0.2, 0.1, 0.2, 1, 1, 1]})
    >>> cluster_order(s)[0]
    ['a', 'b', 'c']
    """
    sim = similarity.pivot_table(index="city_a", columns="city_b", values=metric, observed=True)
    col = similarity["city_a"]
    names = [str(c) for c in (col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else sorted(set(col)))]
    clusters: dict[str, list[str]] = {n: [n] for n in names}
    dist = {(a, b): 1 - float(sim.loc[a, b]) for a in names for b in names if a != b}
    merges = []
    step = 0
    while len(clusters) > 1:
        keys = sorted(clusters, key=lambda k: names.index(clusters[k][0]))
        best = min(((a, b) for i, a in enumerate(keys) for b in keys[i + 1:]),
                   key=lambda ab: (sum(dist[(x, y)] for x in clusters[ab[0]] for y in clusters[ab[1]])
                                   / (len(clusters[ab[0]]) * len(clusters[ab[1]]))))
        a, b = best
        d = sum(dist[(x, y)] for x in clusters[a] for y in clusters[b]) / (len(clusters[a]) * len(clusters[b]))
        step += 1
        merges.append({"step": step, "left": "+".join(clusters[a]), "right": "+".join(clusters[b]), "distance": d})
        clusters[a] = clusters[a] + clusters.pop(b)
    order = next(iter(clusters.values()))
    return order, pd.DataFrame(merges, columns=["step", "left", "right", "distance"])
