"""Which levers each clause pulls: policy instruments (Rothwell–Zegveld), coded with evidence.

Every clause of every task (:func:`cityplans.extract.clauses.task_clauses`) is coded
with the instruments whose cue words it contains (``data/instruments.tsv``:
supply ``S``, environment ``E`` and demand ``D``, 17 sub-types from the
codebook ``../shared/reference/instruments.md``). A clause that states a
quantified target (a row of ``targets.csv`` inside it) also carries E-GOA,
as the codebook says. A clause may carry several instruments, or none
(context only). Each coded row keeps the clause's span, the cue that fired
and the rule, so a researcher can check and overturn it.

This is the second rule set: the codebook's typical wording widened to the
genre's usual wording for each sub-type, tuned on a first hand-coded
sample (``data/manual/instrument_sample.csv``) and measured on a second one
coded before the tuning (``data/manual/instrument_heldout.csv``);
:func:`agreement` compares the rules with either.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from pathlib import Path

import pandas as pd

from cityplans import paths
from cityplans.datafiles import read_rows
from cityplans.extract.agreement import compare_codings
from cityplans.extract.clauses import task_clauses
from cityplans.reading.manifest import InputFileError, read_table
from cityplans.reading.textio import printable

__all__ = ["INSTRUMENT_COLUMNS", "agreement", "code_clauses", "in_force", "instrument_codes", "instruments_table"]

INSTRUMENT_COLUMNS = ["city", "task_id", "clause", "clause_start", "clause_end", "code", "group", "cue", "rule"]


@cache
def _codebook() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple((r["code"], r["group"], re.compile(r["cues"])) for r in read_rows("instruments.tsv"))


def instrument_codes() -> pd.DataFrame:
    """The codebook (``code, group, name_zh, name_en, cues, note``)."""
    return pd.DataFrame(read_rows("instruments.tsv"))


def code_clauses(clauses: pd.DataFrame, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Instrument codes of each clause: one row per clause and code, with the cue and the rule.

    Examples
    --------
    >>> clauses = pd.DataFrame({"city": ["x"], "task_id": ["x:1"], "clause": [1], "start": [0], "end": [14],
    ...                         "text": ["新建健身步道10公里，并纳入考核。"]})
    >>> code_clauses(clauses)[["code", "cue", "rule"]].values.tolist()
    [['S-INF', '新建', 'cue'], ['E-EVA', '考核', 'cue']]
    """
    rows = []
    quantified = _quantified(clauses, targets)
    for c in clauses.itertuples():
        for code, group, cues in _codebook():
            m = cues.search(c.text)
            if m:
                rows.append((c.city, c.task_id, c.clause, c.start, c.end, code, group, m.group(), "cue"))
            elif code == "E-GOA" and (str(c.city), c.start) in quantified:
                target = quantified[(str(c.city), c.start)]
                rows.append((c.city, c.task_id, c.clause, c.start, c.end, code, group, target, "target"))
    return pd.DataFrame(rows, columns=INSTRUMENT_COLUMNS)


def _quantified(clauses: pd.DataFrame, targets: pd.DataFrame | None) -> dict[tuple[str, int], str]:
    """Clauses holding a target's number: (city, clause start) → the target's indicator as written."""
    if targets is None or targets.empty:
        return {}
    out: dict[tuple[str, int], str] = {}
    # per city, the targets by where they end (a bisection per clause, not a filter of the table per clause)
    by_city: dict[str, list[tuple[int, int, str]]] = {}
    for row, (city, end, raw) in enumerate(zip(targets["city"], targets["end"], targets["indicator_raw"], strict=True)):
        by_city.setdefault(str(city), []).append((int(end), row, str(raw)))
    for ends in by_city.values():
        ends.sort()
    for c in clauses.itertuples():
        ends = by_city.get(str(c.city), [])
        lo, hi = bisect_right(ends, (c.start, len(targets))), bisect_right(ends, (c.end, len(targets)))
        if lo < hi:  # the first of them in the table's order, as before
            out[(str(c.city), c.start)] = min(ends[lo:hi], key=lambda e: e[1])[2]
    return out


def instruments_table(corpus, overrides: str | Path | None = None) -> pd.DataFrame:
    """``instruments.csv``: every coded clause of every task, with a researcher's overrides applied last.

    The overrides (``data/manual/instrument_overrides.csv``: ``city,
    clause_start, code, action, reason``) add a code to a clause (rule
    ``override``) or take one away: the row stays, with rule
    ``override_removed`` and the reason as its cue, so the table reports
    every decision; :func:`in_force` drops such rows before counting.
    """
    clauses = task_clauses(corpus.tasks, corpus.assignments, corpus.raw)
    coded = code_clauses(clauses, corpus.targets)
    path = Path(overrides) if overrides else paths.PROJ_ROOT / "data" / "manual" / "instrument_overrides.csv"
    if path.is_file():
        coded = _apply_overrides(coded, clauses, read_table(path, _OVERRIDE_COLUMNS), path)
    coded["city"] = pd.Categorical(coded["city"].astype(str), categories=corpus.cities, ordered=True)
    # An added code joins the rows of its clause.
    return coded.sort_values(["city", "clause_start"], kind="stable", ignore_index=True)


def in_force(coded: pd.DataFrame) -> pd.DataFrame:
    """The codes that stand: without those an override took away."""
    return coded[coded["rule"] != "override_removed"]


_OVERRIDE_COLUMNS = ["city", "clause_start", "code", "action", "reason"]


def _apply_overrides(coded: pd.DataFrame, clauses: pd.DataFrame, rows: list, path: Path) -> pd.DataFrame:
    book = instrument_codes()
    groups = dict(zip(book["code"], book["group"], strict=True))
    by_start = {(str(c.city), c.start): c for c in clauses.itertuples()}
    coded = coded.copy()
    for line, row in rows:
        where = f"{printable(path)}, line {line}"
        start = int(row["clause_start"]) if row["clause_start"].strip().isdigit() else -1
        clause = by_start.get((row["city"], start))
        if clause is None:
            raise InputFileError(f"{where}: no clause of {row['city']!r} starts at {row['clause_start']!r}; "
                                 "see instruments.csv or cityplans.extract.clauses for the clause starts")
        if row["code"] not in groups or row["action"] not in ("add", "remove") or not row["reason"].strip():
            raise InputFileError(f"{where}: needs a known code (instruments.tsv), action add or remove, and a reason")
        here = (coded["city"].astype(str) == row["city"]) & (coded["clause_start"] == start) \
            & (coded["code"] == row["code"])
        if row["action"] == "remove":
            if not here.any():
                raise InputFileError(f"{where}: the clause has no code {row['code']} to remove")
            coded.loc[here, ["rule", "cue"]] = ["override_removed", row["reason"]]
        elif not here.any():
            coded.loc[len(coded)] = [row["city"], clause.task_id, clause.clause, clause.start, clause.end,
                                     row["code"], groups[row["code"]], row["reason"], "override"]
    return coded


def agreement(coded: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """Agreement of the rules with a hand-coded sample, per code and per group (as NVivo's coding comparison).

    ``sample`` has ``city, start, codes`` (space-separated codes of each
    clause). Per code and per group (a clause has a group when it has any of
    its codes): the clauses both code or both leave, Cohen's kappa,
    precision, recall and F1 of the rules against the hand.
    """
    by_clause: dict[tuple[str, int], set[str]] = {}
    for r in in_force(coded).itertuples():
        by_clause.setdefault((str(r.city), r.clause_start), set()).add(r.code)
    hand = [set(str(s).split()) for s in sample["codes"]]
    rules = [by_clause.get((str(c), s), set()) for c, s in zip(sample["city"], sample["start"], strict=True)]
    labels = [(code, "code", lambda codes, x=code: x in codes) for code, _, _ in _codebook()]
    labels += [(g, "group", lambda codes, x=g: any(k.startswith(x + "-") for k in codes)) for g in ("S", "E", "D")]
    return compare_codings(hand, rules, labels)


# --- the X–Y tables ----------------------------------------------------------------------------

#: The instrument groups in the codebook's order.
GROUPS = ("S", "E", "D")


def instrument_shares(coded: pd.DataFrame) -> pd.DataFrame:
    """``instrument_shares.csv``: per plan and group, the coded instruments and their share of the plan's.

    Examples
    --------
    >>> coded = pd.DataFrame({"city": pd.Categorical(["a", "a", "a"]), "group": ["S", "E", "E"], "rule": "cue"})
    >>> instrument_shares(coded).values.tolist()
    [['a', 'S', 1, 0.3333333333333333], ['a', 'E', 2, 0.6666666666666666], ['a', 'D', 0, 0.0]]
    """
    counts = in_force(coded).groupby(["city", "group"], observed=False).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(GROUPS), fill_value=0)
    long = counts.stack().rename("n").reset_index()
    totals = long.groupby("city", observed=False)["n"].transform("sum")
    long["share"] = (long["n"] / totals.where(totals > 0)).fillna(0.0)
    return long[["city", "group", "n", "share"]]


def instrument_domains(coded: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """``instrument_domains.csv``: instrument group × taxonomy domain (of the task's primary category) per plan."""
    domain = tasks.set_index("task_id")["primary_category"].astype(str).str.extract(r"^([A-Z]+)\d", expand=False)
    coded = in_force(coded)
    data = coded.assign(domain=coded["task_id"].map(domain).fillna("?"))
    out = data.groupby(["city", "group", "domain"], observed=True).size().rename("n").reset_index()
    out["share"] = out["n"] / out.groupby("city", observed=True)["n"].transform("sum")
    return out


def instrument_lead_sectors(coded: pd.DataFrame, assignments: pd.DataFrame, departments: pd.DataFrame) -> pd.DataFrame:
    """``instrument_lead_sectors.csv``: instrument group × sector group of the task's lead departments, per plan.

    A clause counts once for each distinct sector group among its task's
    leads (attribution clauses); a task without a named lead counts under
    ``none``. Which levers does health lead, which do the others lead?
    """
    from cityplans.extract.attributions import CLAUSE_FORMS  # noqa: PLC0415
    from cityplans.registry.departments import sector_group  # noqa: PLC0415

    sectors = dict(zip(departments["department_id"], departments["sectors"].fillna(""), strict=True))
    leads = assignments[(assignments["role"] == "lead") & assignments["form"].isin(CLAUSE_FORMS)
                        & assignments["department_id"].notna()]
    by_task: dict[str, set[str]] = {}
    for r in leads.itertuples():
        by_task.setdefault(r.task_id, set()).add(sector_group(sectors.get(r.department_id, "")))
    rows = [(r.city, r.group, s) for r in in_force(coded).itertuples()
            for s in sorted(by_task.get(r.task_id, {"none"}))]
    out = pd.DataFrame(rows, columns=["city", "group", "lead_sector"])
    out["city"] = pd.Categorical(out["city"], categories=coded["city"].cat.categories, ordered=True)
    return out.groupby(["city", "group", "lead_sector"], observed=True).size().rename("n").reset_index()
