"""Plans in the genre's other conventions, read against a careful reading of each (issue 14).

``tests/data/genre/`` holds three plans written for these tests, not taken
from the five: an annual county plan with a flattened task table, a plan in
traditional characters, and a plan as text comes out of a PDF (lines broken
at the page width, names and numbers cut, page numbers and a running
header, attributions on their own line with the lead in brackets).
``gold.tsv`` is the reading: every task item, every department attribution
(task, department, role) and every numeric target (task, value, unit),
written from the plans, not from the parser's output.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import cityplans as cp

GENRE = Path(__file__).parent / "data" / "genre"
GOLD = pd.read_csv(GENRE / "gold.tsv", sep="\t", dtype=str, keep_default_na=False)
PLANS = ["annual_county", "traditional", "pdf_extracted"]


def _local(task_id: str) -> str:
    return task_id.split(":", 1)[1]


def _read(corpus: cp.Corpus, city: str) -> dict[str, Counter]:
    a = corpus.assignments[(corpus.assignments["city"] == city) & corpus.assignments["role"].isin(["lead", "co"])]
    t = corpus.targets[corpus.targets["city"] == city]
    tasks = corpus.tasks[(corpus.tasks["city"] == city) & corpus.tasks["is_task"]]
    return {
        "task": Counter(_local(x) for x in tasks["task_id"]),
        "assignment": Counter((_local(r.task_id), r.department_id, r.role) for r in a.itertuples()),
        "target": Counter((_local(r.task_id), f"{r.value:g}", r.unit) for r in t.itertuples()),
    }


def _gold(plan: str) -> dict[str, Counter]:
    g = GOLD[GOLD["plan"] == plan]
    return {
        "task": Counter(g.loc[g["kind"] == "task", "task"]),
        "assignment": Counter((r.task, r.a, r.b) for r in g[g["kind"] == "assignment"].itertuples()),
        "target": Counter((r.task, f"{float(r.a):g}", r.b) for r in g[g["kind"] == "target"].itertuples()),
    }


def scores(plan: str, corpus: cp.Corpus, city: str) -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 of each kind against the careful reading."""
    got, want = _read(corpus, city), _gold(plan)
    out = {}
    for kind in want:
        hit = sum((got[kind] & want[kind]).values())
        p = hit / max(1, sum(got[kind].values()))
        r = hit / max(1, sum(want[kind].values()))
        out[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("genre")
    files = [GENRE / f"{p}.txt" for p in PLANS]
    # The annual plan also as Windows saves it in China: GBK with CRLF line breaks.
    gbk = folder / "annual_county_gbk.txt"
    gbk.write_bytes((GENRE / "annual_county.txt").read_text(encoding="utf-8").replace("\n", "\r\n").encode("gbk"))
    return cp.parse_files([*files, gbk], [*PLANS, "annual_county_gbk"])


@pytest.mark.parametrize(("plan", "city"), [*((p, p) for p in PLANS), ("annual_county", "annual_county_gbk")])
def test_attributions_and_targets_reach_f1_09_and_no_task_is_lost(corpus, plan, city):
    s = scores(plan, corpus, city)
    assert s["task"][1] == 1.0, ("task items lost", s)
    assert s["assignment"][2] >= 0.9, s
    assert s["target"][2] >= 0.9, s


def test_the_annual_plan_takes_its_year_from_its_title(corpus):
    t = corpus.targets[corpus.targets["city"] == "annual_county"]
    assert t["target_year"].eq(2022).all()
    plan = corpus.plans.set_index("city").loc["annual_county"]
    assert (plan["doc_number"], plan["issue_date"], plan["plan_type"]) == ("桐政办〔2022〕15号", "2022-03-18",
                                                                           "annual work plan")


def test_the_traditional_plan_reports_names_as_written(corpus):
    a = corpus.assignments[corpus.assignments["city"] == "traditional"]
    assert "區衛健局" in set(a["department_raw"])
