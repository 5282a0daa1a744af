"""The findings the README states under each figure, recomputed from the tables.

Each test works the claim out from ``data/processed`` and checks that the
README says exactly that, so a changed table fails here instead of leaving
the prose wrong.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cityplans import paths
from cityplans.compare.coverage import hca_coverage

README = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
TABLES = paths.PROCESSED_DIR
FIVE = ["huanren", "haining", "dalian", "xiangfu", "lhasa"]


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(TABLES / f"{name}.csv")


def finding(figure: str) -> str:
    line = next(line for line in README.splitlines() if f"`{figure}` |" in line)
    return line.split(f"`{figure}` |", 1)[1]


def test_outline_by_kind():
    plans = table("plans").set_index("city")
    tasks = table("tasks")
    assert plans["n_tasks"].idxmax() == "dalian"
    haining = tasks[(tasks["city"] == "haining") & tasks["is_task"]]
    assert set(haining["kind"]) == {"tasks"}
    assert f"most numbered items with content ({plans.loc['dalian', 'n_tasks']})" in finding("outline_by_kind")
    assert f"tasks only ({len(haining)})" in finding("outline_by_kind")


def test_target_levels():
    c = table("target_comparison")
    x = c[(c["city"] == "xiangfu") & c["national_value"].notna()]
    above = x[x["ambition"] > 0]
    words = {"fitness_standard": "fitness standard", "infant_mortality": "infant mortality",
             "maternal_mortality": "maternal mortality", "regular_exercise": "regular exercise"}
    assert set(above["indicator_id"]) == set(words)
    listed = ", ".join(words[i] for i in sorted(words)[:-1]) + " and " + words[sorted(words)[-1]]
    text = (f"Xiangfu matches {int((x['ambition'] == 0).sum())} of its {len(x)} targets that have a national value "
            f"exactly and goes beyond the other {len(above)}, on four indicators: {listed}.")
    assert text in finding("target_levels")
    assert (x["ambition"] >= 0).all()


def test_target_ambition_never_below():
    c = table("target_comparison")
    assert (c.loc[c["national_value"].notna(), "ambition"] >= 0).all()
    assert "never below" in finding("target_ambition")


def test_baseline_change():
    c = table("target_comparison")
    with_baseline = c[c["baseline_value"].notna()].groupby("city").size()
    assert set(with_baseline.index) == {"dalian", "haining"} and with_baseline["haining"] == 2
    assert "Only Dalian" in finding("baseline_change") and "Haining (two funding standards)" in finding(
        "baseline_change")


def test_networks_attribution():
    summary = table("network_summary").set_index("city")
    tasks = table("tasks")
    attributing = [c for c in FIVE if summary.loc[c, "n_clauses"] > 0]
    assert attributing == ["huanren", "haining", "xiangfu", "lhasa"] and summary.loc["dalian", "n_clauses"] == 0
    clauses = table("assignments").query("form in ['labelled', 'verb']")
    for city in attributing:
        items = tasks[(tasks["city"] == city) & tasks["is_task"] & (tasks["kind"] == "tasks")]
        assert set(items["task_id"]) <= set(clauses["task_id"]), city
    assert "Four plans attribute every item of their task sections" in finding("networks")
    assert "Dalian attributes none" in finding("networks")


def test_lead_concentration():
    share = table("network_summary").set_index("city")["share_led_outside_health"].dropna()
    text = finding("lead_concentration")
    assert share.idxmin() == "xiangfu" and f"only {share.min():.0%} of tasks led outside health" in text
    assert share.idxmax() == "lhasa" and f"least in Lhasa ({share.max():.0%})" in text


def test_top_departments():
    c = table("centrality")
    ranked = {city: g.sort_values(["weighted_degree", "department_id"], ascending=[False, True])["department_id"]
              .tolist() for city, g in c.groupby("city")}
    assert all(ranked[city][0] == "health" for city in ["huanren", "haining", "xiangfu", "lhasa"])
    assert ranked["xiangfu"][1] == ranked["lhasa"][1] == "development_reform"
    assert ranked["haining"][1] == "culture_tourism_sports"
    assert "development and reform comes second in Xiangfu and Lhasa, culture-tourism-sports in Haining" in \
        finding("top_departments")


def test_coverage_heatmap_environment():
    d = table("domain_coverage")
    e = d[d["code"] == "E"].set_index("city")["share_tasks"]
    assert sorted(e[e > 0.25].index) == sorted(["huanren", "haining"])
    assert "over a quarter of the items in Huanren and Haining." in finding("coverage_heatmap")


def test_framework_coverage():
    from cityplans import load

    with_secondary = hca_coverage(load().tasks, include_secondary=True)
    complete = [c for c, g in with_secondary.groupby("city", observed=True) if g["present"].all()]
    assert complete == ["xiangfu"]
    primary = table("hca_coverage")
    main_topic = primary[primary["code"].isin([12, 13, 14]) & primary["present"]]
    assert set(main_topic["city"]) == {"xiangfu"}
    assert "Only Xiangfu covers all 15 Healthy China Actions" in finding("framework_coverage")


@pytest.mark.parametrize("metric", ["jaccard"])
def test_similarity(metric):
    s = table("plan_similarity")
    s = s[s["city_a"] != s["city_b"]]
    best = s.loc[s[metric].idxmax()]
    assert {best["city_a"], best["city_b"]} == {"huanren", "haining"}
    assert f"closest pair (Jaccard {best[metric]:.2f})" in finding("similarity")
    assert s.groupby("city_a")[metric].mean().idxmin() == "xiangfu" and "Xiangfu is the odd one out" in \
        finding("similarity")


def _markdown(notebook: str, contains: str) -> str:
    """The README's paragraph of the shipped study's findings from ``notebook`` that holds ``contains``."""
    return next(line for line in README.splitlines() if line.startswith(f"- *{notebook}*:") and contains in line)


def _g(v: float) -> str:
    return f"{v:g}"


def test_notebook_target_levels_prose():
    import re

    c = table("target_comparison")
    x = c[(c["city"] == "xiangfu") & (c["ambition"] > 0)].sort_values(["indicator_id", "target_year"])
    text = _markdown("01_target_levels", "Where it differs")
    assert text.count(" against ") == x["indicator_id"].nunique() == 4
    for indicator, rows in x.groupby("indicator_id"):
        # local 2022 and 2030, then national 2022 and 2030, units and words between them
        numbers = [*rows["value"], *rows["national_value"]]
        pattern = r"[^\d]{1,20}".join(re.escape(_g(v)) + r"(?:\.0)?" for v in numbers)
        assert re.search(pattern, text), (indicator, numbers)


def test_notebook_lead_prose():
    s = table("network_summary").set_index("city")
    text = _markdown("02_department_networks", "concentrates leadership most")
    n = int(s.loc["xiangfu", "n_tasks_attributed"])
    led_by_health = n - round(s.loc["xiangfu", "share_led_outside_health"] * n)
    assert f"leads {led_by_health} of its {n} actions, so only {s.loc['xiangfu', 'share_led_outside_health']:.0%}" \
        in text
    assert f"({s.loc['lhasa', 'share_led_outside_health']:.0%} of tasks led outside health)" in text


def test_instrument_shares():
    shares = pd.read_csv(TABLES / "instrument_shares.csv")
    env = 100 * shares[shares["group"] == "E"].set_index("city")["share"]
    demand = 100 * shares[shares["group"] == "D"].set_index("city")["share"]
    assert demand.idxmin() == "xiangfu"
    assert (f"Environment instruments are {env.min():.0f}–{env.max():.0f}% of every plan's coded instruments; "
            f"Xiangfu uses demand instruments least ({demand.min():.0f}%)") in finding("instrument_shares")


def test_instrument_domains():
    cells = pd.read_csv(TABLES / "instrument_domains.csv")
    top = {c: g.sort_values("share", ascending=False).iloc[0] for c, g in cells.groupby("city")}
    assert [(top[c]["group"], top[c]["domain"]) for c in FIVE] == [("E", "E"), ("E", "E"), ("E", "O"), ("E", "O"),
                                                                  ("E", "O")]
    assert (f"largest cell in Huanren ({100 * top['huanren']['share']:.0f}%) and Haining "
            f"({100 * top['haining']['share']:.0f}%); in Dalian, Xiangfu and Lhasa it is environment instruments in "
            "governance tasks") in finding("instrument_domains")


def test_pmc_surfaces():
    index = pd.read_csv(TABLES / "pmc_index.csv")
    wide = index[index["variable"] != "PMC"].pivot(index="city", columns="variable", values="score")
    assert (wide["X5"] == 1).all() and (wide["X6"] == 1).all()
    lowest = wide.idxmin(axis=1)
    assert all(lowest[c] == "X2" and f"{wide.loc[c, 'X2']:.2f}" == "0.33" for c in ["haining", "dalian", "lhasa"])
    assert lowest["huanren"] == "X1" and f"{wide.loc['huanren', 'X1']:.2f}" == "0.60"
    assert ("Every plan scores 1 on target groups (X5) and instruments (X6); time span (X2) is the lowest cell in "
            "Haining, Dalian and Lhasa (0.33), nature (X1, 0.60) in Huanren.") in finding("pmc_surfaces")


def test_pmc_radars():
    pmc = pd.read_csv(TABLES / "pmc_index.csv").query("variable == 'PMC'").set_index("city")
    score = pmc["score"]
    assert score.idxmax() == "huanren" and score.idxmin() == "lhasa"
    assert (f"Huanren has the highest index ({score.max():.2f}, {pmc.loc['huanren', 'grade']}), "
            f"Lhasa the lowest ({score.min():.2f})") in finding("pmc_radars")
