"""Indicator tables with named columns: unit, baseline, target and attribute read from their columns (issue 27).

Each table is written here in one of the forms plans arrive in (bars, tabs,
runs of spaces); the answers are worked out by hand from the rows.
"""

import pytest

from cityplans.extract.targets import find_targets
from cityplans.reading.outline import parse_outline

BARS = """一、主要指标
| 序号 | 指标名称 | 单位 | 上年完成值 | 年度目标值 | 指标属性 |
|---|---|---|---|---|---|
| 1 | 居民健康素养水平 | % | 20.5 | ≥23 | 预期性 |
| 2 | 婴儿死亡率 | ‰ | 3.2 | 3 | 约束性 |
| 3 | 健康素养监测样本 | 人 | 1100 | 1200 | 预期性 |
二、重点任务
1.加强健康教育。
"""

TABS = ("一、主要指标\n序号\t指标名称\t单位\t2020年现状\t2025年目标\t指标属性\n"
        "1\t每千人口执业(助理)医师数\t人\t2.9\t3.1\t预期性\n2\t人均预期寿命\t岁\t78.5\t79以上\t约束性\n\n"
        "二、重点任务\n1.加强健康教育。\n")

SPACES = ("一、主要指标\n指标    2020年    2025年\n孕产妇死亡率(1/10万)    12    ≤10\n"
          "二、重点任务\n1.加强健康教育。\n")


def _read(plan, year):
    targets, anomalies = find_targets(parse_outline(plan, "x"), year)
    return targets, anomalies, plan


def test_a_table_with_bars_reads_unit_baseline_target_and_attribute():
    targets, anomalies, plan = _read(BARS, 2021)
    got = [(t.indicator_raw, t.indicator_id, t.value, t.comparator, t.unit, t.target_year, t.baseline_value,
            t.baseline_year, t.year_inferred, t.attribute, t.source) for t in targets]
    assert got == [
        ("居民健康素养水平", "health_literacy", 23.0, ">=", "%", 2021, 20.5, 2020, True, "expected", "table"),
        ("婴儿死亡率", "infant_mortality", 3.0, "=", "‰", 2021, 3.2, 2020, True, "binding", "table"),
        ("健康素养监测样本", None, 1200.0, "=", "人", 2021, 1100.0, 2020, True, "expected", "table"),
    ]
    assert plan[targets[1].start:targets[1].end] == "| 2 | 婴儿死亡率 | ‰ | 3.2 | 3 | 约束性 |"
    # the sample of 1,200 people is not health literacy: unmapped, and said
    assert [(a.kind, a.start, a.end) for a in anomalies] == [("unit_mismatch", targets[2].start, targets[2].end)]


def test_a_tab_table_takes_its_years_from_the_header():
    targets, anomalies, _ = _read(TABS, 2025)
    got = [(t.indicator_id, t.value, t.comparator, t.unit, t.target_year, t.baseline_value, t.baseline_year,
            t.year_inferred, t.attribute) for t in targets]
    assert got == [("doctors_per_1000", 3.1, "=", "人/千人", 2025, 2.9, 2020, False, "expected"),
                   ("life_expectancy", 79.0, ">=", "岁", 2025, 78.5, 2020, False, "binding")]
    assert anomalies == []


def test_a_table_of_bare_year_columns_reads_the_first_as_baseline():
    targets, _, _ = _read(SPACES, 2025)
    assert [(t.indicator_id, t.value, t.comparator, t.unit, t.target_year, t.baseline_value, t.baseline_year)
            for t in targets] == [("maternal_mortality", 10.0, "<=", "1/10万", 2025, 12.0, 2020)]


@pytest.mark.parametrize(("plan", "kind"), [
    ("一、主要指标\n| 指标名称 | 单位 | 目标值 |\n二、重点任务\n1.加强健康教育。\n", "table_not_read"),
    ("一、主要指标\n| 指标名称 | 单位 | 目标值 |\n| 居民健康素养水平 | % | 暂无 |\n", "table_row_unread"),
])
def test_what_a_table_does_not_give_is_an_anomaly(plan, kind):
    targets, anomalies, _ = _read(plan, 2025)
    assert targets == [] and [a.kind for a in anomalies] == [kind]
    assert all(a.end > a.start for a in anomalies)
