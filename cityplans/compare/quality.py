"""How well each plan was read: one row per plan, and the plans whose reading is doubtful.

``quality.csv`` puts side by side, for every plan, what the parser found
(characters in the outline, tasks, attribution clauses, targets) and what it
saw but could not read (role markers outside any clause, department names
outside clauses, targets whose unit or level is not their indicator's,
comparators without a target, tables not read). A plan is *doubtful* when any
of the latter but the rejected targets is there; ``doubts`` says which, so a researcher knows which
plan to read by hand before trusting its numbers.
"""

from __future__ import annotations

import pandas as pd

from cityplans.extract.attributions import CLAUSE_FORMS

__all__ = ["QUALITY_COLUMNS", "quality_table"]

QUALITY_COLUMNS = [
    "city", "n_chars", "chars_in_outline", "n_tasks", "n_clauses", "names_in_clauses", "names_outside_clauses",
    "markers_unread", "targets_read", "targets_mapped", "targets_rejected", "comparators_unread", "tables_unread",
    "n_anomalies", "anomalies_by_kind", "doubtful", "doubts",
]

#: The anomalies that make a reading doubtful, with the words ``doubts`` uses for them.
DOUBTS = {
    "tables_unread": "a table not read",
    "markers_unread": "role markers no clause rule read",
    "names_outside": "more department names outside clauses than in them",
    "comparators_unread": "comparators that gave no target",
}
# Targets left unmapped because their unit or level cannot be their indicator's are counted, not doubted:
# the reader read them and said why (a survey sample of 1,200 people is not a literacy rate).


def _count(anomalies: pd.DataFrame, kinds: tuple[str, ...]) -> pd.Series:
    return anomalies[anomalies["kind"].isin(kinds)].groupby("city", observed=False).size()


def quality_table(corpus) -> pd.DataFrame:
    """``quality.csv``: one row per plan, in the corpus's order (see the module docstring).

    Examples
    --------
    >>> import cityplans as cp
    >>> q = quality_table(cp.load())
    >>> list(q.columns[:4]), bool((q["chars_in_outline"] <= q["n_chars"]).all())
    (['city', 'n_chars', 'chars_in_outline', 'n_tasks'], True)
    """
    plans, anomalies = corpus.plans.set_index("city"), corpus.anomalies
    cities = pd.CategoricalIndex(plans.index, categories=list(plans.index), ordered=True, name="city")
    segments = corpus.segments[corpus.segments["kind"] == "node"]
    assignments = corpus.assignments
    clauses = assignments[assignments["form"].isin(CLAUSE_FORMS)]
    targets = corpus.targets
    out = pd.DataFrame(index=cities)
    out["n_chars"] = plans["n_chars"].astype(int).to_numpy()
    out["chars_in_outline"] = (segments["end"] - segments["start"]).groupby(segments["city"], observed=False).sum()
    out["n_tasks"] = plans["n_tasks"].astype(int).to_numpy()
    out["n_clauses"] = clauses.drop_duplicates(["city", "clause_start"]).groupby("city", observed=False).size()
    out["names_in_clauses"] = clauses.groupby("city", observed=False).size()
    out["names_outside_clauses"] = assignments[~assignments["form"].isin(CLAUSE_FORMS)].groupby(
        "city", observed=False).size()
    out["markers_unread"] = _count(anomalies, ("role_markers_unread",))
    out["targets_read"] = targets.groupby("city", observed=False).size()
    out["targets_mapped"] = targets[targets["indicator_id"].notna() & (targets["indicator_id"] != "")].groupby(
        "city", observed=False).size()
    out["targets_rejected"] = _count(anomalies, ("unit_mismatch", "implausible_target"))
    out["comparators_unread"] = _count(anomalies, ("comparator_unread",))
    out["tables_unread"] = _count(anomalies, ("table_not_read", "table_row_unread"))
    out["n_anomalies"] = anomalies.groupby("city", observed=False).size()
    out = out.fillna(0).astype(int)
    out["anomalies_by_kind"] = [_by_kind(anomalies[anomalies["city"] == c]) for c in out.index]
    names_outside = _count(anomalies, ("names_outside_clauses",)).reindex(out.index, fill_value=0)
    flags = out.assign(names_outside=names_outside)
    out["doubts"] = ["; ".join(words for column, words in DOUBTS.items() if flags.at[c, column] > 0)
                     for c in out.index]
    out["doubtful"] = out["doubts"] != ""
    return out.reset_index()[QUALITY_COLUMNS]


def _by_kind(anomalies: pd.DataFrame) -> str:
    counts = anomalies["kind"].value_counts()
    return ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
