"""The five published plans: structure, spans and anomalies, checked by hand."""

import hashlib
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import cityplans as cp
from cityplans import paths

CITIES = ["huanren", "haining", "dalian", "xiangfu", "lhasa"]


@pytest.fixture(scope="module")
def corpus():
    return cp.load()


def test_city_order_and_contracts(corpus):
    assert corpus.cities == CITIES
    assert list(corpus.tasks.columns) == cp.TASK_COLUMNS
    assert list(corpus.segments.columns) == cp.SEGMENT_COLUMNS
    assert list(corpus.anomalies.columns) == cp.ANOMALY_COLUMNS
    assert list(corpus.plans.columns) == cp.PLAN_COLUMNS
    assert list(corpus.assignments.columns) == cp.ASSIGNMENT_COLUMNS
    for name, df in corpus.tables().items():
        if name == "departments":  # the registry is not per city
            continue
        assert isinstance(df["city"].dtype, pd.CategoricalDtype)
        assert df["city"].cat.ordered
        assert list(df["city"].cat.categories) == CITIES
    assert corpus.tasks["task_id"].is_unique


# Counted by hand from the texts (see the closing note of issue 2).
NODES = {"huanren": 53, "haining": 42, "dalian": 74, "xiangfu": 40, "lhasa": 46}
TASK_ITEMS = {"huanren": 36, "haining": 36, "dalian": 46, "xiangfu": 18, "lhasa": 26}


def test_node_and_task_counts(corpus):
    nodes = corpus.tasks.groupby("city", observed=True).size().to_dict()
    assert nodes == NODES
    tasks = corpus.tasks[corpus.tasks["is_task"] & (corpus.tasks["kind"] == "tasks")]
    assert tasks.groupby("city", observed=True).size().to_dict() == TASK_ITEMS


@pytest.mark.parametrize(
    ("task_id", "parent_id", "number"),
    [
        ("huanren:二/(十)/36", "huanren:二/(十)", "36."),
        ("haining:四/(九)", "haining:四", "(九)"),
        ("dalian:三/(一)/2/(5)", "dalian:三/(一)/2", "(5)"),
        ("dalian:三/(二)/10", "dalian:三/(二)", "10."),
        ("xiangfu:二/(二)/7", "xiangfu:二/(二)", "7."),
        ("xiangfu:附件/三/(三)", "xiangfu:附件/三", "(三)"),
        ("lhasa:二/(二)/7", "lhasa:二/(二)", "7、"),
        ("lhasa:四/(五)", "lhasa:四", "(五)"),
    ],
)
def test_parents(corpus, task_id, parent_id, number):
    row = corpus.tasks.set_index("task_id").loc[task_id]
    assert row["parent_id"] == parent_id
    assert row["number"] == number


def test_spans_give_back_the_text(corpus):
    for row in corpus.tasks.itertuples():
        assert corpus.raw[row.city][row.start:row.end] == row.text
    for row in corpus.anomalies.itertuples():
        assert 0 <= row.start < row.end <= len(corpus.raw[row.city])


def test_segments_tile_every_document(corpus):
    for city, segs in corpus.segments.groupby("city", observed=True):
        raw = corpus.raw[city]
        assert segs["start"].iloc[0] == 0
        assert (segs["start"].iloc[1:].to_numpy() == segs["end"].iloc[:-1].to_numpy()).all()
        assert segs["end"].iloc[-1] == len(raw)
        assert "".join(raw[s:e] for s, e in zip(segs["start"], segs["end"], strict=True)) == raw


# An independent, deliberately plain reading of "a numbered line".
_NUMBERED = re.compile(r"^\s*(\d{1,2}\s*[.、](?!\d)|\(\d{1,2}\)|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)")


def test_every_numbered_line_is_a_node(corpus):
    for city in CITIES:
        raw = corpus.raw[city]
        starts = set(corpus.tasks.loc[corpus.tasks["city"] == city, "start"])
        pos = 0
        for line in raw.splitlines(keepends=True):
            norm = unicodedata.normalize("NFKC", line)
            if _NUMBERED.match(norm):
                first = pos + len(line) - len(line.lstrip())
                assert first in starts, f"{city}: numbered line at {first} is not a node: {line[:30]!r}"
            pos += len(line)


def test_debris_stays_out_of_tasks(corpus):
    text = "".join(corpus.tasks["text"])
    for marker in ["责任编辑", "扫一扫", "浏览量", "点击次数", "原文如下", "当前位置", "【字体", "我要纠错", "索引号", "详细地址"]:
        assert marker not in text
    debris = corpus.segments[corpus.segments["kind"] == "debris"]
    assert set(debris["city"]) == set(CITIES)  # every page here carries some


EXPECTED_ANOMALIES = {
    ("huanren", "bracket_unbalanced", "("),  # 《…规划(2015—2020年》
    ("haining", "numbering_gap", "(九)"),  # (七) then (九)
    ("haining", "truncated", None),  # the text stops at "7个市级试点("
    ("haining", "bracket_unbalanced", "("),
    ("xiangfu", "bracket_unbalanced", "〔"),  # 汴政〔202022号, twice
    ("lhasa", "bracket_unbalanced", ")"),  # 实施方案2018~2020年)
    ("lhasa", "bracket_unbalanced", "》"),  # 《…》“健康西藏2030”规划纲要》
    ("lhasa", "numbering_separator", "7、"),
    # attribution clauses (issue 3)
    ("xiangfu", "department_typo", "区卫键委"),  # 键 for 健
    ("xiangfu", "department_typo", "粮食和储备局"),  # 物资 left out
    ("xiangfu", "department_duplicate", "医保局"),  # lead and again among the supporting units
    ("xiangfu", "clause_form", "(牵头单位:区卫键委;区委宣传部、政法委,区教体局、公安局、民政局、司法局、财政局、人社局、"
                               "文广旅游局、医保局、残联,各乡镇政府、城东街道办事处)"),  # 配合单位 label missing
}


def test_anomalies_are_the_known_ones(corpus):
    found = set()
    # the Dalian table's inferred splits are checked in test_dalian_table_fully_recovered
    splits = corpus.anomalies[corpus.anomalies["kind"] == "table_split_inferred"]
    assert len(splits) == 12 and set(splits["city"]) == {"dalian"}
    for a in corpus.anomalies[corpus.anomalies["kind"] != "table_split_inferred"].itertuples():
        span = corpus.raw[a.city][a.start:a.end]
        found.add((a.city, a.kind, span if a.kind != "truncated" else None))
    assert found == EXPECTED_ANOMALIES
    assert len(corpus.anomalies) == 13 + 12


def test_source_traces_a_record(corpus):
    s = corpus.source("huanren:二/(一)/1", context=10)
    assert s.text.startswith("1.\xa0建立健全全民健康促进与健康教育体系。")  # a no-break space, as published
    assert "<mark" in s._repr_html_()
    anomaly = corpus.anomalies[corpus.anomalies["kind"] == "numbering_gap"].iloc[0]
    assert corpus.source(anomaly).text == "(九)"


def test_raw_plans_are_as_published(corpus):
    shared = paths.PROJ_ROOT.parent / "shared" / "plans"
    for row in corpus.plans.itertuples():
        data = (paths.RAW_DIR / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256
        if shared.is_dir():
            assert data == (shared / row.file).read_bytes()


def test_altered_plan_is_refused_in_the_shipped_corpus_and_reported_in_a_researchers(tmp_path, monkeypatch):
    for f in paths.RAW_DIR.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    with (tmp_path / "lhasa.txt").open("ab") as fh:
        fh.write("改".encode())
    changed = cp.load(tmp_path).anomalies
    assert changed[changed["kind"] == "file_changed"]["city"].tolist() == ["lhasa"]
    monkeypatch.setattr(paths, "RAW_DIR", tmp_path)  # the same folder as the shipped study
    with pytest.raises(cp.PlanInputError, match="SHA-256"):
        cp.load(tmp_path)


def test_parse_files_sixth_plan(tmp_path):
    from synthetic import FULLWIDTH_PLAN

    f = tmp_path / "demo county.txt"
    f.write_bytes(FULLWIDTH_PLAN.encode("gb18030"))
    c = cp.parse_files([f])
    # named after the place its title names (健康示范县建设 → 示范), in pinyin, and in English
    assert c.cities == ["shifan"]
    assert c.plans.loc[0, ["name_zh", "name_en", "label_en"]].tolist() == ["示范", "Shifan", "Shifan"]
    assert c.plans.loc[0, "encoding"] == "gb18030"
    assert c.tasks["task_id"].iloc[0] == "shifan:一"
    assert Path(c.plans.loc[0, "file"]).name == "demo county.txt"


@pytest.mark.slow
def test_committed_tables_are_current(tmp_path):
    from cityplans.cli import main

    assert main(["build", "--out", str(tmp_path)]) == 0
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(paths.PROCESSED_DIR) for p in paths.PROCESSED_DIR.rglob("*") if p.is_file())
    assert fresh == committed, "data/processed has other files than a fresh build: run `make data` and commit"
    stale = [str(p) for p in fresh if (tmp_path / p).read_bytes() != (paths.PROCESSED_DIR / p).read_bytes()]
    assert not stale, f"data/processed is stale, run `make data` and commit: {stale}"


# Clause counts agree with a plain grep of the texts: Haining and Lhasa close
# 93 and 25 clauses with 负责)/配合)/牵头), Lhasa has one more without
# brackets; Huanren and Xiangfu have one labelled clause per task item.
CLAUSES = {"huanren": 36, "haining": 93, "xiangfu": 18, "lhasa": 26}
ROLES = {"huanren": {"lead": 39, "co": 58}, "haining": {"lead": 134, "co": 27},
         "xiangfu": {"lead": 30, "co": 210}, "lhasa": {"lead": 26, "co": 108}}


def test_attribution_clauses_of_the_five_plans(corpus):
    a = corpus.assignments
    clauses = a[a["form"].isin(["labelled", "verb"])]
    counts = {city: g.groupby(["task_id", "clause_start"]).ngroups
              for city, g in clauses.groupby("city", observed=True)}
    assert counts == CLAUSES
    roles = clauses.groupby(["city", "role"], observed=True).size().unstack(fill_value=0)
    assert {c: {"lead": int(r["lead"]), "co": int(r["co"])} for c, r in roles.iterrows()} == ROLES
    assert a["department_id"].notna().all()  # every name resolves (typos through the alias file)
    for r in a.itertuples():
        assert corpus.raw[r.city][r.name_start:r.name_end] == r.department_raw
    # every task item of the four attributing plans carries at least one clause
    tasks = corpus.tasks[corpus.tasks["is_task"] & (corpus.tasks["kind"] == "tasks")]
    for city in CLAUSES:
        items = set(tasks.loc[tasks["city"] == city, "task_id"])
        assert items <= set(clauses["task_id"]), city


def test_dalian_has_no_clauses_and_says_so(corpus):
    from cityplans.compare.network import network_summary

    s = network_summary(corpus.assignments).set_index("city")
    assert s.at["dalian", "n_clauses"] == 0
    assert s.at["dalian", "note"].startswith("no attribution clauses")
    assert s.at["huanren", "top_lead"] == "health"


# The Dalian indicator table (领域 指标 2015年 2020年), read by hand from the
# flattened rows: (indicator, baseline 2015, target 2020, comparator).
DALIAN_TABLE = [
    ("life_expectancy", 80.76, 81.0, "="), ("infant_mortality", 4.5, 4.3, "<="),
    ("under5_mortality", 5.5, 5.3, "<="), ("maternal_mortality", 10.0, 9.0, "<="),
    ("fitness_standard", None, 92.0, "="), ("student_fitness_excellent", None, 20.0, "="),
    ("regular_exercise", 50.0, 50.0, ">="), ("health_literacy", 16.3, 25.0, "="),
    ("premature_ncd_mortality", 13.7, 10.0, "decrease_by"), ("vaccination_coverage", 90.0, 90.0, ">="),
    ("county_treatment_rate", 85.0, 90.0, "="), ("doctors_per_1000", 2.68, 3.08, "="),
    ("nurses_per_1000", 3.14, 3.85, "="), ("gps_per_10000", 1.0, 2.0, ">="), ("health_records", 83.0, 85.0, "="),
    ("ncd_community_management", 60.0, 65.0, "="), ("oop_share", 31.02, 28.0, "approx"),
    ("good_air_days", 270.0, 292.0, "="), ("sanitary_toilets_rural", 41.54, 52.95, "="),
    ("surface_water_quality", 76.0, 85.0, "="), ("private_beds_share", 24.0, 30.0, "="),
    ("health_service_industry_size", None, 712.0, "="),
]


def test_dalian_table_fully_recovered(corpus):
    t = corpus.targets
    table = t[(t["city"] == "dalian") & (t["source"] == "table")]
    got = [(r.indicator_id, None if pd.isna(r.baseline_value) else r.baseline_value, r.value, r.comparator)
           for r in table.itertuples()]
    assert got == DALIAN_TABLE
    assert set(table["target_year"]) == {2020}
    assert set(table.loc[table["baseline_value"].notna(), "baseline_year"]) == {2015}


TARGETS_PER_CITY = {"huanren": 2, "haining": 34, "dalian": 31, "xiangfu": 28, "lhasa": 32}


def test_targets_of_the_five_plans(corpus):
    t = corpus.targets
    assert t.groupby("city", observed=True).size().to_dict() == TARGETS_PER_CITY
    for r in t.itertuples():
        assert 0 <= r.start < r.end <= len(corpus.raw[r.city])
    x = t[t["city"] == "xiangfu"].set_index(["indicator_id", "target_year"])["value"]
    assert x[("health_literacy", 2022)] == 22 and x[("health_literacy", 2030)] == 30
    assert x[("infant_mortality", 2030)] == 4.0 and x[("cvd_mortality", 2022)] == 209.7
    assert not t.loc[t["city"] == "xiangfu", "year_inferred"].any()  # every Xiangfu target names its year
    h = t[t["city"] == "haining"]
    assert h["target_year"].eq(2021).all()  # an annual plan
    funding = h[h["indicator_id"] == "basic_public_health_funding"].iloc[0]
    assert (funding["baseline_value"], funding["value"]) == (87.0, 92.0)
