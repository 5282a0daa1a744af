"""The PMC index of each plan, with the evidence for every value.

The variable set is data (``data/pmc_variables.tsv``, after
``../shared/reference/pmc.md``): nine first-level variables, each made of
binary second-level ones, each with a rule that reads an existing table or
the plan's text. Every 1 carries its evidence (the span that gives back its
text, or the table and field it comes from); every 0 says why. Where a
table finds nothing, a variable's ``fallback`` cue (a regex) may still find
it in the text: a guiding paragraph rather than a guiding section. A
first-level score is the mean of its variables, the index their sum (0–9),
graded 8–9 perfect, 6–7.99 excellent, 4–5.99 acceptable, below 4 poor.

Examples
--------
>>> grade(8.2), grade(6.0), grade(3.9)
('perfect', 'excellent', 'poor')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from cityplans.datafiles import read_rows
from cityplans.extract.attributions import CLAUSE_FORMS
from cityplans.extract.instruments import in_force

__all__ = ["PMC_COLUMNS", "PMC_INDEX_COLUMNS", "grade", "pmc_index", "pmc_table"]

PMC_COLUMNS = ["city", "variable", "first", "name_en", "value", "evidence", "source", "start", "end", "why"]
PMC_INDEX_COLUMNS = ["city", "variable", "score", "grade"]
#: Grades of the index (lower bounds), as the PMC literature uses them.
GRADES = ((8.0, "perfect"), (6.0, "excellent"), (4.0, "acceptable"), (0.0, "poor"))


def grade(index: float) -> str:
    """The grade of a PMC index."""
    return next(name for low, name in GRADES if index >= low)


@dataclass
class _Plan:
    """What the rules read about one plan."""

    city: str
    raw: str
    plan: dict
    tasks: pd.DataFrame
    targets: pd.DataFrame
    assignments: pd.DataFrame
    instruments: pd.DataFrame
    segments: pd.DataFrame


#: A rule's answer: value, evidence, source, start, end, why.
_Answer = tuple[int, str, str, int | None, int | None, str]


def _span(p: _Plan, source: str, rows: pd.DataFrame, start: str = "start", end: str = "end",
          none: str = "") -> _Answer:
    if rows.empty:
        return 0, "", source, None, None, none
    r = rows.iloc[0]
    a, b = int(r[start]), int(r[end])
    return 1, p.raw[a:b], source, a, b, ""


def _text(p: _Plan, pattern: str) -> _Answer:
    """The first match outside web-page debris."""
    debris = [(int(s), int(e)) for s, e in p.segments.loc[p.segments["kind"] == "debris", ["start", "end"]].values]
    for m in re.finditer(pattern, p.raw):
        if not any(s <= m.start() < e for s, e in debris):
            return 1, m.group(), "text", m.start(), m.end(), ""
    return 0, "", "text", None, None, f"no text outside web-page debris matches {pattern}"


def _span_of_years(p: _Plan, kind: str) -> _Answer:
    start, end = int(p.plan["period_start"] or 0), int(p.plan["period_end"] or 0)
    own = p.targets[~p.targets["year_inferred"].astype(bool) & p.targets["target_year"].notna()]
    length = end - start + 1 if start and end else 0
    horizon = own[own["target_year"] - start >= 5] if start else own.iloc[0:0]
    annual = own[own["target_year"] - start <= 1] if start else own.iloc[0:0]
    period = f"period {start}–{end} ({length} years; plans.csv)"
    if kind == "long":
        if length > 5:
            return 1, period, "plans.csv", None, None, ""
        return _span(p, "targets.csv", horizon, none=f"{period}, and no target of its own five or more years out")
    if kind == "medium":
        if 3 <= length <= 5:
            return 1, period, "plans.csv", None, None, ""
        # A target three to five years out counts as a plan does: 2018–2020 is three years.
        years = own["target_year"] - start + 1
        middle = own[(years >= 3) & (years <= 5)] if start else own.iloc[0:0]
        return _span(p, "targets.csv", middle, none=f"{period}: not 3–5, and no target of its own three to five "
                                                    "years out")
    if length and (length <= 2 or "annual" in str(p.plan.get("plan_type", ""))):
        return 1, period, "plans.csv", None, None, ""
    return _span(p, "targets.csv", annual, none=f"{period}, and no target for its first two years")


def _rules() -> dict[str, Callable[[_Plan, str], _Answer]]:
    led = lambda p: p.assignments[p.assignments["form"].isin(CLAUSE_FORMS)]  # noqa: E731 - read as a table
    return {
        "targets": lambda p, a: _span(p, "targets.csv", p.targets, none="no numeric target"),
        "target_years": lambda p, a: _span(p, "targets.csv", p.targets[~p.targets["year_inferred"].astype(bool)
                                                                      & p.targets["target_year"].notna()],
                                           none="no target with a year the plan states"),
        "baselines": lambda p, a: _span(p, "targets.csv", p.targets[p.targets["baseline_value"].notna()],
                                        none="no target with a baseline"),
        "instrument": lambda p, a: _span(p, "instruments.csv", p.instruments[
            p.instruments["code"].isin(a.split()) | p.instruments["group"].isin(a.split())],
            "clause_start", "clause_end", none=f"no clause coded {a}"),
        "cue": _text,
        "public": lambda p, a: (_text(p, a) if _text(p, a)[0] else _span(
            p, "segments.csv", p.segments[p.segments["kind"] == "debris"],
            none="the text neither says it is public nor comes from a web page")),
        "section": lambda p, a: _span(p, "tasks.csv", p.tasks[p.tasks["kind"] == a], none=f"no {a} section"),
        "span": _span_of_years,
        "issuer": lambda p, a: ((1, f"issuing_body: {p.plan['issuing_body']}", "plans.csv", None, None, "")
                                if re.search(a, str(p.plan["issuing_body"])) else
                                (0, "", "plans.csv", None, None,
                                 f"issuing body {p.plan['issuing_body'] or '(not stated)'} is not the government")),
        "role": lambda p, a: _span(p, "assignments.csv", led(p)[led(p)["role"] == a], "name_start", "name_end",
                                   none=f"no attribution clause names a {a} department"),
        "actor": lambda p, a: _span(p, "assignments.csv", p.assignments[p.assignments["actor_type"] == a],
                                    "name_start", "name_end", none=f"no {a.replace('_', ' ')} is named"),
        "domain": lambda p, a: _span(p, "tasks.csv", p.tasks[p.tasks["is_task"] & p.tasks["primary_category"]
                                                          .astype(str).str.fullmatch(rf"{a}\d+")],
                                     none=f"no task item in domain {a}"),
        "field": lambda p, a: ((1, f"{a}: {p.plan[a]}", "plans.csv", None, None, "") if str(p.plan[a]).strip()
                               else (0, "", "plans.csv", None, None, f"no {a} stated")),
    }


def _plans(corpus, instruments: pd.DataFrame) -> list[_Plan]:
    def part(df: pd.DataFrame, city: str) -> pd.DataFrame:
        return df[df["city"].astype(str) == city]

    instruments = in_force(instruments)
    plans = corpus.plans.astype({"city": str}).fillna("").set_index("city", drop=False)
    return [_Plan(c, corpus.raw[c], plans.loc[c].to_dict(), part(corpus.tasks, c), part(corpus.targets, c),
                  part(corpus.assignments, c), part(instruments, c), part(corpus.segments, c))
            for c in corpus.cities]


def pmc_table(corpus, instruments: pd.DataFrame) -> pd.DataFrame:
    """``pmc.csv``: every second-level variable of every plan, 0 or 1, with its evidence or why not."""
    rules = _rules()
    rows = []
    for p in _plans(corpus, instruments):
        for v in read_rows("pmc_variables.tsv"):
            value, evidence, source, start, end, why = rules[v["rule"]](p, v["argument"])
            if not value and v.get("fallback"):
                # The table found nothing: the plan may still say it in its text (a guiding paragraph, not a section).
                value, evidence, source, start, end, also = _text(p, v["fallback"])
                why = f"{why}; {also}" if not value else ""
            rows.append((p.city, v["variable"], v["first"], v["name_en"], value, evidence, source, start, end, why))
    out = pd.DataFrame(rows, columns=PMC_COLUMNS).astype({"start": "Int64", "end": "Int64"})
    out["city"] = pd.Categorical(out["city"], categories=corpus.cities, ordered=True)
    return out


def pmc_index(pmc: pd.DataFrame) -> pd.DataFrame:
    """``pmc_index.csv``: each first-level score (the mean of its variables) and the index (their sum), graded."""
    firsts = pmc.groupby(["city", "first"], observed=True)["value"].mean().reset_index(name="score")
    firsts = firsts.rename(columns={"first": "variable"})
    index = firsts.groupby("city", observed=True)["score"].sum().reset_index()
    index["variable"] = "PMC"
    index["grade"] = index["score"].map(grade)
    firsts["grade"] = ""
    out = pd.concat([firsts, index[PMC_INDEX_COLUMNS]], ignore_index=True)
    out["city"] = pd.Categorical(out["city"], categories=pmc["city"].cat.categories, ordered=True)
    order = {v: i for i, v in enumerate([*sorted(pmc["first"].unique(), key=lambda x: int(x[1:])), "PMC"])}
    return out.sort_values(["city", "variable"], key=lambda s: s.map(order) if s.name == "variable" else s,
                           ignore_index=True)[PMC_INDEX_COLUMNS]
