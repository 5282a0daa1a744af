"""One shared taxonomy: the codebook, and a transparent classifier into it.

The codebook (8 domains, 51 categories, crosswalks to the 15 Healthy China
Action special actions and to the 5 dimensions of the national Healthy City
evaluation system) ships as data: ``taxonomy.tsv``, ``taxonomy_domains.tsv``,
``hca_actions.tsv`` and ``nhc_dimensions.tsv`` in ``cityplans/data``.

The classifier is deterministic and readable. ``taxonomy_terms.tsv`` gives
each category regular-expression terms with weights; a node's score for a
category is the sum over its terms of ``weight × min(count in the body, 3)``
plus ``2 × weight`` when the term is in the title. The attribution clauses
that :mod:`cityplans.extract.attributions` found are left out first (a 体育局 in a
clause says who, not what): :func:`cityplans.corpus.plan_rows` passes the
text without them; :func:`classify_tasks` on a table of your own codes the
text as given. Non-task sections
get a prior from ``taxonomy_priors.tsv`` (guiding ideas lean to O1, goals to
O2). The highest score is the primary category; others scoring at least
half of it (and at least :data:`MIN_SECONDARY`) are secondary. The
programme's own name (健康城市 in a 健康城市建设 plan) is not read as a term. The evidence
column says which terms decided, in the title or the body. A node no term
matches takes its parent's category, and says so.

A researcher recodes a task in ``data/manual/category_overrides.csv``
(``city, task_id, primary, secondary, reason``); overrides are applied last
and reported.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from cityplans.datafiles import read_rows
from cityplans.extract.word_search import TermFinder
from cityplans.reading.normalize import normalize

__all__ = [
    "CATEGORY_COLUMNS",
    "MIN_SECONDARY",
    "SECONDARY_SHARE",
    "agreement",
    "classify_nodes",
    "classify_tasks",
    "codebook",
    "domains",
    "hca_actions",
    "nhc_dimensions",
    "read_overrides",
]

CATEGORY_COLUMNS = ["city", "task_id", "category", "is_primary", "score", "evidence"]
#: A secondary category scores at least this share of the primary's score …
SECONDARY_SHARE = 0.5
#: … and at least this much.
MIN_SECONDARY = 6.0
_TITLE_FACTOR = 2
_BLANK = "\u3000"
_MAX_COUNT = 3


def codebook() -> pd.DataFrame:
    """The 51 categories: ``code, domain, name_zh, name_en, scope, hca_action, nhc_dimension``."""
    return pd.DataFrame(list(read_rows("taxonomy.tsv")))


def domains() -> pd.DataFrame:
    """The 8 domains: ``domain, name_zh, name_en``."""
    return pd.DataFrame(list(read_rows("taxonomy_domains.tsv")))


def hca_actions() -> pd.DataFrame:
    """The 15 Healthy China Action special actions: ``action, name_zh, name_en, group``."""
    return pd.DataFrame(list(read_rows("hca_actions.tsv")))


def nhc_dimensions() -> pd.DataFrame:
    """The 5 Healthy City evaluation dimensions: ``dimension, name_zh, name_en``."""
    return pd.DataFrame(list(read_rows("nhc_dimensions.tsv")))


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the rules are cached once
class _Term:
    category: str
    pattern: re.Pattern[str]
    weight: float
    #: Only literal words and ``|``: it cannot match across the separator, so it is scored on the whole plan at once.
    literal: bool = False
    #: A literal term's words, unescaped: when none is in a plan, the term need not run.
    words: tuple[str, ...] = ()


#: A term made of literal words (and escaped punctuation) separated by ``|``.
_WORD = r"(?:[^\\^$.|?*+()\[\]{}\x00]|\\[^A-Za-z0-9])+"
_LITERAL = re.compile(rf"{_WORD}(?:\|{_WORD})*")
_SEP = "\x00"


def _term(category: str, term: str, weight: float) -> _Term:
    literal = bool(_LITERAL.fullmatch(term))
    words = tuple(re.sub(r"\\(.)", r"\1", w) for w in re.findall(r"(?:[^\\|]|\\.)+", term)) if literal else ()
    return _Term(category, re.compile(term), weight, literal, words)


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[_Term, ...], dict[str, list[tuple[str, float]]], list[str]]:
    order = [r["code"] for r in read_rows("taxonomy.tsv")]
    terms = []
    for r in read_rows("taxonomy_terms.tsv"):
        if r["category"] not in order:
            raise ValueError(f"taxonomy_terms.tsv: unknown category {r['category']!r}")
        terms.append(_term(r["category"], r["term"], float(r["weight"])))
    priors: dict[str, list[tuple[str, float]]] = {}
    for r in read_rows("taxonomy_priors.tsv"):
        priors.setdefault(r["kind"], []).append((r["category"], float(r["weight"])))
    return tuple(terms), priors, order


def _term_hits(titles: Sequence[str], bodies: Sequence[str]) -> list[dict[int, list]]:
    """For each node, ``{term index: [matches in the body, in the title?]}`` of the terms that occur.

    Literal terms are found all at once in the nodes' texts joined by a
    separator no literal can match, which finds exactly what they find node
    by node; the others run node by node.
    """
    terms = _rules()[0]
    hits: list[dict[int, list]] = [{} for _ in bodies]
    for texts, in_title in ((bodies, False), (titles, True)):
        starts, pos = [], 0
        for text in texts:
            starts.append(pos)
            pos += len(text) + 1
        found = {i: Counter([bisect_right(starts, at) - 1 for at in matches])
                 for i, matches in _literal_finder(terms).matches(_SEP.join(texts)).items()}
        for i, t in enumerate(terms):
            if not t.literal:
                found[i] = Counter({k: n for k, text in enumerate(texts) if (n := len(t.pattern.findall(text)))})
        for i in sorted(found):  # in the rules' order, as the evidence lists them
            for k, n in found[i].items():
                hit = hits[k].setdefault(i, [0, False])
                if in_title:
                    hit[1] = True
                else:
                    hit[0] = n
    return hits


@lru_cache(maxsize=2)
def _literal_finder(terms: tuple[_Term, ...]) -> TermFinder:
    # Indexed like the rules; a term that is not literal has no words and never matches here.
    return TermFinder([t.words for t in terms])


def _score(hits: dict[int, list], kind: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    terms, priors, _ = _rules()
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for i in sorted(hits):
        t, (n_body, in_title) = terms[i], hits[i]
        points = t.weight * min(n_body, _MAX_COUNT) + (_TITLE_FACTOR * t.weight if in_title else 0)
        scores[t.category] = scores.get(t.category, 0.0) + points
        where = ("title+" if in_title else "") + f"body×{n_body}"
        evidence.setdefault(t.category, []).append(f"{t.pattern.pattern}[{where}]")
    for category, weight in priors.get(kind, []):
        scores[category] = scores.get(category, 0.0) + weight
        evidence.setdefault(category, []).append(f"section kind {kind}[+{weight:g}]")
    return scores, evidence


def _prepared(records: Iterable[tuple], normalized: bool, programme: str) -> list[tuple]:
    """``(city, task_id, parent_id, kind, title, body)`` normalized, the programme's name blanked out."""
    out = []
    for city, task_id, parent_id, kind, title, text in records:
        body = str(text) if normalized else normalize(str(text)).norm
        title = str(title or "") if normalized else normalize(str(title or "")).norm
        if programme:
            # The programme's name says which plan this is, not what the task does.
            body, title = body.replace(programme, _BLANK), title.replace(programme, _BLANK)
        out.append((city, task_id, parent_id, str(kind), title, body))
    return out


def read_overrides(path: str | Path | None = None) -> pd.DataFrame:
    """The curated recoding file (``city, task_id, primary, secondary, reason``); empty if absent."""
    from cityplans import paths  # noqa: PLC0415

    path = Path(path) if path else paths.PROJ_ROOT / "data" / "manual" / "category_overrides.csv"
    columns = ["city", "task_id", "primary", "secondary", "reason"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    return pd.read_csv(path, dtype=str, keep_default_na=False)[columns]


def classify_tasks(tasks: pd.DataFrame, overrides: pd.DataFrame | None = None, programme: str = "",
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Code every outline node into the taxonomy.

    Parameters
    ----------
    tasks : DataFrame
        The tasks table (``city, task_id, parent_id, kind, title, text``).
    overrides : DataFrame, optional
        Recodings (see :func:`read_overrides`); applied last.
    programme : str, optional
        The programme's own name (:func:`cityplans.reading.metadata.programme_name`),
        not read as a term: in a plan of the 健康城市 programme, 健康城市 names
        the programme, not a healthy-settings task.

    Returns
    -------
    (DataFrame, DataFrame)
        The tasks table with ``primary_category`` and
        ``secondary_categories`` (space-separated) added, and the long
        ``categories`` table (:data:`CATEGORY_COLUMNS`). The input is not
        modified.

    Examples
    --------
    >>> t = pd.DataFrame({"city": ["x"], "task_id": ["x:1"], "parent_id": [None], "kind": ["tasks"],
    ...     "title": ["开展控烟限酒"], "text": ["1.开展控烟限酒。推进无烟机关建设。(牵头单位:市卫健委)"]})
    >>> coded, long = classify_tasks(t)
    >>> coded.loc[0, "primary_category"], long.loc[0, "evidence"]
    ('L4', '控烟[title+body×1]; 无烟[body×1]; 限酒|饮酒[title+body×1]')
    """
    records = zip(tasks["city"], tasks["task_id"], tasks["parent_id"], tasks["kind"], tasks["title"], tasks["text"],
                  strict=True)
    primary, secondary, rows = classify_nodes(records, overrides, programme=programme)
    long = pd.DataFrame(rows, columns=CATEGORY_COLUMNS)
    out = tasks.copy()
    out["primary_category"] = out["task_id"].map(primary)
    out["secondary_categories"] = out["task_id"].map(lambda t: " ".join(secondary.get(t, [])))
    if isinstance(tasks["city"].dtype, pd.CategoricalDtype):
        long["city"] = pd.Categorical(long["city"], categories=tasks["city"].cat.categories, ordered=True)
    return out, long


def classify_nodes(records: Iterable[tuple], overrides: pd.DataFrame | None = None, *, normalized: bool = False,
                   programme: str = "") -> tuple[dict[str, str], dict[str, list[str]], list[tuple]]:
    """The classifier on plain records ``(city, task_id, parent_id, kind, title, text)``.

    Returns the primary category and the secondary categories by task id, and
    the rows of the long ``categories`` table. Records must come in outline
    order (parents first). :func:`classify_tasks` is the table version.
    ``normalized``: titles and texts are already the normalized view (as
    :func:`cityplans.corpus.plan_rows` passes them), so they are not normalized again.
    ``programme``: the programme's own name, blanked out before scoring.
    """
    _, _, order = _rules()
    rank = {c: i for i, c in enumerate(order)}
    primary: dict[str, str] = {}
    secondary: dict[str, list[str]] = {}
    rows: list[tuple] = []
    nodes = _prepared(records, normalized, programme)
    hits = _term_hits([n[4] for n in nodes], [n[5] for n in nodes])
    for (city, task_id, parent_id, kind, _, _), node_hits in zip(nodes, hits, strict=True):
        scores, evidence = _score(node_hits, kind)
        if scores:
            best = max(scores.values())
            ranked = sorted(scores, key=lambda c: (-scores[c], rank[c]))
            chosen = ranked[0]
            seconds = [c for c in ranked[1:] if scores[c] >= max(MIN_SECONDARY, SECONDARY_SHARE * best)]
            primary[task_id], secondary[task_id] = chosen, seconds
            rows.append((city, task_id, chosen, True, scores[chosen], "; ".join(evidence[chosen])))
            rows += [(city, task_id, c, False, scores[c], "; ".join(evidence[c])) for c in seconds]
        else:
            parent = primary.get(parent_id) if isinstance(parent_id, str) else None
            chosen = parent or "O1"
            primary[task_id], secondary[task_id] = chosen, []
            how = f"no term matched: parent's category ({parent_id})" if parent else "no term matched: default O1"
            rows.append((city, task_id, chosen, True, 0.0, how))
    if overrides is not None and len(overrides):
        rows = _apply_overrides(rows, overrides, primary, secondary)
    return primary, secondary, rows


def _apply_overrides(rows: list[tuple], overrides: pd.DataFrame, primary: dict[str, str],
                     secondary: dict[str, list[str]]) -> list[tuple]:
    _, _, order = _rules()
    recoded = set(overrides["task_id"]) & set(primary)
    kept = [r for r in rows if r[1] not in recoded]
    for o in overrides.itertuples(index=False):
        if o.task_id not in primary:
            raise ValueError(f"category_overrides.csv: no task {o.task_id!r}")
        codes = [o.primary, *str(o.secondary).split()]
        unknown = [c for c in codes if c not in order]
        if unknown:
            raise ValueError(f"category_overrides.csv: {o.task_id}: unknown categories {unknown}")
        primary[o.task_id], secondary[o.task_id] = o.primary, codes[1:]
        kept += [(o.city, o.task_id, c, i == 0, float("nan"), f"override: {o.reason}") for i, c in enumerate(codes)]
    return kept


def agreement(predicted: Iterable[str], reference: Iterable[str]) -> dict[str, float]:
    """Accuracy and Cohen's kappa of two codings of the same items.

    Examples
    --------
    >>> agreement(["a", "a", "b", "b"], ["a", "a", "b", "a"])
    {'n': 4, 'accuracy': 0.75, 'kappa': 0.5}
    """
    p, r = list(predicted), list(reference)
    if len(p) != len(r) or not p:
        raise ValueError("agreement needs two codings of the same, non-empty, list of items")
    n = len(p)
    observed = sum(a == b for a, b in zip(p, r, strict=True)) / n
    labels = set(p) | set(r)
    expected = sum((p.count(c) / n) * (r.count(c) / n) for c in labels)
    kappa = 1.0 if expected == 1 else (observed - expected) / (1 - expected)
    return {"n": n, "accuracy": round(observed, 4), "kappa": round(kappa, 4)}
