"""The indicator registry: a target is an indicator's level only in its unit and range (issue 27)."""

import pandas as pd
import pytest

from cityplans.registry.indicators import indicator_for, indicators_table, unit_factor, vet


def test_every_indicator_declares_a_unit_and_a_range_that_holds_its_unit():
    table = indicators_table()
    assert (table["unit"] != "").all()
    low, high = pd.to_numeric(table["low"]), pd.to_numeric(table["high"])
    assert (low < high).all()
    rates = table["unit"] == "%"
    assert (low[rates] >= 0).all() and (high[rates] <= 100).all()


@pytest.mark.parametrize(("indicator", "value", "unit", "comparator", "kind"), [
    ("health_literacy", 1200, "人", ">=", "unit_mismatch"),          # a survey sample of 1,200 people
    ("sports_area_per_capita", 30, "公里", "=", "unit_mismatch"),    # a length of trail, not an area a head
    ("hypertension_management", 15, "个", "=", "unit_mismatch"),     # a count of stations
    ("vaccination_coverage", 40, "1/10万", "<=", "unit_mismatch"),   # an incidence
    ("health_literacy", 120, "%", ">=", "implausible_target"),
    ("life_expectancy", 8.1, "岁", ">=", "implausible_target"),
    ("health_literacy", 22, "%", ">=", None),
    ("cvd_mortality", 10, "%", "decrease_by", None),                 # a relative change is unit-free
    ("doctors_per_1000", 31, "人/万人", ">=", None),                   # 31 a 10,000 is 3.1 a 1,000
    ("doctors_per_1000", 310, "人/万人", ">=", "implausible_target"),
])
def test_vet(indicator, value, unit, comparator, kind):
    problem = vet(indicator, value, unit, comparator)
    assert (problem[0] if problem else None) == kind
    if problem:
        assert indicator in problem[1] and "left unmapped" in problem[1]


def test_unit_factors_come_from_the_data_file():
    assert unit_factor("student_daily_exercise", "小时") == 1.0
    assert unit_factor("student_daily_exercise", "分钟") == pytest.approx(1 / 60, rel=1e-4)
    assert unit_factor("student_daily_exercise", "天") is None


def test_the_unit_breaks_ties_between_indicators_a_phrase_names():
    assert indicator_for("空气质量优良天数比率", "%") == "good_air_rate"
    assert indicator_for("空气质量优良天数", "天") == "good_air_days"
