"""Target phrasing of the genre, including phrasings the five plans do not use."""

import math

import pandas as pd
import pytest

from cityplans.compare.national import compare_targets
from cityplans.extract.targets import find_targets, split_cells
from cityplans.reading.outline import parse_outline
from cityplans.registry.indicators import indicator_for, quantified_indicators


def targets(text, plan_year=None, heading="一、主要任务\n"):
    plan = heading + text + "\n"
    found, anomalies = find_targets(parse_outline(plan, "t"), plan_year)
    return plan, found, anomalies


def summary(found):
    return [(t.value, t.value_high, t.comparator, t.unit, t.target_year) for t in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("1.到2020年,居民健康素养水平达到25%。", (25.0, None, ">=", "%", 2020)),
        ("1.到2022年,健康素养水平不低于22%。", (22.0, None, ">=", "%", 2022)),
        ("1.到2020年,每天锻炼时间不少于1小时。", (1.0, None, ">=", "小时", 2020)),
        ("1.到2020年,疫苗接种率达95%以上。", (95.0, None, ">=", "%", 2020)),
        ("1.到2020年,疫苗接种率95%及以上。", (95.0, None, ">=", "%", 2020)),
        ("1.到2030年,婴儿死亡率5‰以下。", (5.0, None, "<=", "‰", 2030)),
        ("1.到2030年,婴儿死亡率在5‰及以下。", (5.0, None, "<=", "‰", 2030)),
        ("1.到2022年,吸烟率低于24.5%。", (24.5, None, "<=", "%", 2022)),
        ("1.到2020年,药占比不高于30%。", (30.0, None, "<=", "%", 2020)),
        ("1.到2020年,甲乙类传染病发病率控制在200/10万以下。", (200.0, None, "<=", "1/10万", 2020)),
        ("1.到2020年,饮水困难发生率控制在3%以内。", (3.0, None, "<=", "%", 2020)),
        ("1.到2020年,药占比降到30%。", (30.0, None, "<=", "%", 2020)),
        ("1.到2020年,重大慢性病过早死亡率下降10%。", (10.0, None, "decrease_by", "%", 2020)),
        ("1.到2020年,人均体育场地面积提高到2.3平方米。", (2.3, None, ">=", "平方米", 2020)),
        ("1.到2021年,饮用水水质合格率保持在90%以上。", (90.0, None, ">=", "%", 2021)),
        ("1.到2020年,个人卫生支出占比28%左右。", (28.0, None, "approx", "%", 2020)),
        ("1.到2020年,重点扶持3-5家龙头企业。", (3.0, 5.0, "range", "家", 2020)),
        ("1.到2021年,监测量达到1-1.5批次/千人。", (1.0, 1.5, "range", "批次/千人", 2021)),
        ("1.到2020年,建成区公共厕所设置密度达到3.5座/平方公里。", (3.5, None, ">=", "座/平方公里", 2020)),
        ("1.2021年全市新建专项体育场地15个。", (15.0, None, "=", "个", 2021)),
        ("1.到2020年,基本公共卫生服务经费达100元。", (100.0, None, ">=", "元", 2020)),
        ("1.到2020年,健康产业年产值达到1000亿元。", (1000.0, None, ">=", "亿元", 2020)),
        ("1.到2025年,每千人口执业医师数达到3.2人。", (3.2, None, ">=", "人/千人", 2025)),
        ("1.到2020年,孕妇住院分娩率100%。", (100.0, None, "=", "%", 2020)),
        ("1.到2025年,经常参加体育锻炼人数比例提升到45%。", (45.0, None, ">=", "%", 2025)),
    ],
)
def test_phrasings(sentence, expected):
    plan, found, _ = targets(sentence)
    assert summary(found) == [expected]
    t = found[0]
    assert plan[t.start:t.end].endswith(plan[t.start:t.end].strip())


def test_from_a_to_b_gives_the_baseline():
    _, found, _ = targets("1.2021年,基本公共卫生服务经费补助标准从年人均87元提高到92元。")
    assert [(t.value, t.baseline_value, t.indicator_id) for t in found] == [(92.0, 87.0, "basic_public_health_funding")]


def test_change_against_a_base_year():
    _, found, _ = targets("1.到2020年,重大慢性病过早死亡率比2015年降低10%。")
    assert [(t.comparator, t.value, t.baseline_year, t.target_year) for t in found] == [("decrease_by", 10.0, 2015, 2020)]


def test_paired_targets_one_per_year():
    plan, found, _ = targets("1.到2022年和2030年,全区居民健康素养水平分别不低于22%和30%。")
    assert summary(found) == [(22.0, None, ">=", "%", 2022), (30.0, None, ">=", "%", 2030)]
    assert {t.indicator_id for t in found} == {"health_literacy"}
    _, found, _ = targets("1.到2022年和2030年,死亡率下降到9/10万及以下和8.1/10万及以下。")  # no 分别
    assert [t.target_year for t in found] == [2022, 2030]
    _, found, _ = targets("1.到2022年和2030年,适龄儿童免疫规划疫苗接种率保持在95%以上。")  # one value, two years
    assert [(t.value, t.target_year) for t in found] == [(95.0, 2022), (95.0, 2030)]


def test_year_from_enclosing_goal_or_plan_is_flagged():
    plan = "一、到2020年的主要目标\n1.孕妇住院分娩率达到100%。\n"
    found, _ = find_targets(parse_outline(plan, "t"))
    assert [(t.target_year, t.year_inferred) for t in found] == [(2020, True)]
    _, found, _ = targets("1.孕妇住院分娩率达到100%。", plan_year=2021)
    assert [(t.target_year, t.year_inferred) for t in found] == [(2021, True)]
    _, found, _ = targets("1.孕妇住院分娩率达到100%。")
    assert [(t.target_year, t.year_inferred) for t in found] == [(None, False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "1.根据《本溪市实施方案》(本政办发〔2017〕74号)制定本方案。",
        "1.2019年4月15日市政府专题会议研究同意。",
        "1.健康桓仁建设2018—2020年任务分工。",
        "1.开展“三减三健”行动,实施药品采购“两票制”。",
        "1.开通12320卫生热线。",
        "1.打造城市社区“10分钟健身圈”。",
        "1.围绕三个90%提高艾滋病检测发现率。",
        "1.全面落实35岁及以上人群首诊测血压制度。",
        "1.推行65-74岁老年人失能预防服务。",
        "1.加强3岁以下婴幼儿照护服务。",
    ],
)
def test_not_targets(sentence):
    _, found, _ = targets(sentence)
    assert found == []


def test_age_band_stays_in_the_indicator():
    _, found, _ = targets("1.到2022年,70岁及以下人群慢性呼吸系统疾病死亡率下降到9/10万及以下。")
    assert [(t.value, t.indicator_id) for t in found] == [(9.0, "chronic_respiratory_mortality")]
    assert found[0].indicator_raw.startswith("70岁及以下人群")


def test_indicator_after_the_number():
    _, found, _ = targets("1.到2020年,建成200个以上村级公共卫生厕所。")
    assert found[0].indicator_raw == "建成村级公共卫生厕所" and found[0].comparator == ">="


@pytest.mark.parametrize(
    ("cells", "unit", "expected"),
    [
        ("80.7681", "岁", [("", "80.76"), ("", "81")]),
        ("8590", "%", [("", "85"), ("", "90")]),
        ("16.325", "%", [("", "16.3"), ("", "25")]),
        ("2.683.08", "人", [("", "2.68"), ("", "3.08")]),
        ("270292", "天", [("", "270"), ("", "292")]),
        ("41.5452.95", "%", [("", "41.54"), ("", "52.95")]),
        ("≤4.5≤4.3", "‰", [("≤", "4.5"), ("≤", "4.3")]),
        ("50≥50", "%", [("", "50"), ("≥", "50")]),
        ("-712", "亿元", [("", "-"), ("", "712")]),
    ],
)
def test_split_cells(cells, unit, expected):
    split, confidence = split_cells(cells, unit)
    assert split == expected
    assert 0.5 <= confidence <= 1.0


# A flattened table in the genre's form, written for the test.
TABLE = """二、主要指标
  表 主要指标
  领域指标2018年2025年
  健康 水平人均预期寿命(岁)78.5280
  婴儿死亡率(‰)≤6≤5
  健康素养水平(%)-30
  空气质量优良天数300320
  重大慢性病过早死亡率(%)15.20比2018年 降低15%
三、主要任务
"""


def test_flattened_table():
    found, anomalies = find_targets(parse_outline(TABLE, "t"))
    rows = [(t.indicator_id, t.baseline_value, t.baseline_year, t.value, t.comparator, t.target_year) for t in found]
    assert rows == [
        ("life_expectancy", 78.52, 2018, 80.0, "=", 2025),
        ("infant_mortality", 6.0, 2018, 5.0, "<=", 2025),
        ("health_literacy", None, None, 30.0, "=", 2025),
        ("good_air_days", 300.0, 2018, 320.0, "=", 2025),
        ("premature_ncd_mortality", 15.2, 2018, 15.0, "decrease_by", 2025),
    ]
    assert [a.kind for a in anomalies] == ["table_split_inferred", "table_split_inferred"]
    assert all(t.source == "table" for t in found)
    assert found[0].confidence < 1.0 and found[1].confidence == 1.0


def test_indicator_for_prefers_the_unit():
    assert indicator_for("城市空气质量优良率", "天") == "good_air_days"
    assert indicator_for("城市空气质量优良率", "%") == "good_air_rate"
    assert indicator_for("新建绿道") is None


def test_compare_and_quantified():
    t = pd.DataFrame({
        "city": pd.Categorical(["a", "a", "b"], categories=["a", "b"], ordered=True),
        "indicator_id": ["infant_mortality", "infant_mortality", None], "value": [4.0, 6.0, 1.0],
        "value_high": [None, None, None], "comparator": ["<=", "decrease_by", "="], "unit": ["‰", "‰", "个"],
        "target_year": [2030, 2030, 2021], "baseline_value": [None, None, None], "baseline_year": [None, None, None],
        "year_inferred": [False, False, True], "source": ["text"] * 3, "task_id": ["a:1", "a:2", "b:1"],
        "start": [0, 0, 0], "end": [1, 1, 1],
    })
    c = compare_targets(t)
    assert len(c) == 2  # the unmapped target is left out of the comparison
    row = c[c["comparator"] == "<="].iloc[0]
    assert row["national_value"] == 5.0 and row["ambition"] == 1.0  # lower is better: 4 beats 5
    assert math.isnan(c[c["comparator"] == "decrease_by"].iloc[0]["gap"])
    q = quantified_indicators(t).set_index(["city", "indicator_id"])["n_targets"]
    assert q[("a", "infant_mortality")] == 2 and q[("b", "infant_mortality")] == 0 and q[("b", "(unmapped)")] == 1


# Cells a real table holds where a value should be: a dash, 暂无, a decimal comma.
# Each row is read where it can be and reported where not; no row ends the table.
ODD_CELLS = """二、主要指标
  领域指标2018年2025年
  婴儿死亡率(‰)—≤5
  健康素养水平(%)暂无
  孕产妇死亡率(1/10万)-13,70
  5岁以下儿童死亡率(‰)-
  空气质量优良天数300320
三、主要任务
"""


def test_cells_without_a_number_are_anomalies_not_crashes():
    found, anomalies = find_targets(parse_outline(ODD_CELLS, "t"))
    assert [(t.indicator_id, t.baseline_value, t.value, t.comparator) for t in found] == [
        ("infant_mortality", None, 5.0, "<="), ("good_air_days", 300.0, 320.0, "=")]
    unread = [a for a in anomalies if a.kind == "table_row_unread"]
    assert [ODD_CELLS[a.start:a.end].split(")")[-1] for a in unread] == ["暂无", "-13,70", "-"]


@pytest.mark.parametrize(("sentence", "expected"), [
    # Counts listed after one verb: each its own target.
    ("新建村级全民健身广场2个、社区多功能公共运动场2个、百姓健身房9个。",
     [("新建村级全民健身广场", 2.0, "个"), ("社区多功能公共运动场", 2.0, "个"), ("百姓健身房", 9.0, "个")]),
    # Counts each named after their number, joined by 和.
    ("每个居民拥有1份动态电子健康档案和1张功能完善的健康卡。",
     [("每个居民拥有动态电子健康档案", 1.0, "份"), ("功能完善的健康卡", 1.0, "张")]),
    # One value for two populations: two targets.
    ("孕产妇和0-6岁儿童健康管理率达100%。", [("孕产妇健康管理率", 100.0, "%"), ("0-6岁儿童健康管理率", 100.0, "%")]),
    # A number written in Chinese, per school year.
    ("每学年组织一次全市性中、小学生运动会。", [("组织全市性中、小学生运动会", 1.0, "次/学年")]),
    # A share before what it counts.
    ("60%的校外学生供餐单位通过HACCP或ISO22000体系认证。", [("校外学生供餐单位通过HACCP或ISO22000体系认证", 60.0, "%")]),
])
def test_phrasings_of_the_genre(sentence, expected):
    found, _ = find_targets(parse_outline(f"一、任务\n1.工作。{sentence}\n", "x"))
    assert [(t.indicator_raw, t.value, t.unit) for t in found] == expected


@pytest.mark.parametrize("sentence", ["居民健康素养水平达到 25 %。", "居民健康素养水平达到２５％。", "居民健康素养水平达到25%。"])
def test_full_width_digits_and_a_space_before_the_unit(sentence):
    found, _ = find_targets(parse_outline(f"一、任务\n1.工作。{sentence}\n", "x"))
    assert [(t.indicator_id, t.value, t.unit, t.comparator) for t in found] == [("health_literacy", 25.0, "%", ">=")]


def test_a_change_cell_after_a_cell_that_is_no_number_has_no_baseline():
    # Found by hypothesis (tests/test_robustness.py): the baseline cell held a year, and float() raised.
    found, anomalies = find_targets(parse_outline("一、领域指标2015年2020年\n到2022年比2015年降低2020年", "x"))
    assert [(t.value, t.baseline_value, t.comparator) for t in found if t.source == "table"] == [
        (2020.0, None, "decrease_by")]
    assert "table_split_inferred" in {a.kind for a in anomalies}


# --- issue 27: an indicator only from the phrase that carries the number, in its unit and range ---------------


@pytest.mark.parametrize(("plan", "expected"), [
    # a survey sample beside a literacy word
    ("一、目标\n1.到2022年，居民健康素养水平达到22%，完成健康素养监测样本1200人。\n",
     [("health_literacy", 22.0, "%"), (None, 1200.0, "人")]),
    # two indicators in one sentence: the second never takes the first's name
    ("一、目标\n1.到2022年和2030年，5岁以下儿童生长迟缓率分别低于7%和5%，孕妇贫血率分别低于10%和8%。\n",
     [("stunting_under5", 7.0, "%"), ("stunting_under5", 5.0, "%"), (None, 10.0, "%"), (None, 8.0, "%")]),
    # a length of trail after an area a head
    ("一、任务\n1.到2022年，人均体育场地面积达到2.0平方米，新建健身步道30公里。\n",
     [("sports_area_per_capita", 2.0, "平方米"), (None, 30.0, "公里")]),
    # a count of stations beside a management rate, an incidence beside a coverage
    ("一、任务\n1.建成卒中防治站15个，高血压患者规范管理率达到70%。\n",
     [(None, 15.0, "个"), ("hypertension_management", 70.0, "%")]),
    ("一、任务\n1.适龄儿童免疫规划疫苗接种率保持在90%以上，肺结核发病率下降到40/10万以下。\n",
     [("vaccination_coverage", 90.0, "%"), (None, 40.0, "1/10万")]),
    # a second number in a clause names its own indicator after the first
    ("一、目标\n1.到2022年，每千人口执业(助理)医师数达到3.2人、每千人口注册护士数达到3.8人。\n",
     [("doctors_per_1000", 3.2, "人/千人"), ("nurses_per_1000", 3.8, "人/千人")]),
])
def test_traps_of_the_indicator_phrase(plan, expected):
    targets, _ = find_targets(parse_outline(plan, "x"), 2022)
    assert [(t.indicator_id, t.value, t.unit) for t in targets] == expected


def test_a_phrase_naming_an_indicator_in_another_unit_is_unmapped_and_said():
    plan = "一、目标\n1.到2022年，居民健康素养水平达到1200人。\n"
    targets, anomalies = find_targets(parse_outline(plan, "x"), 2022)
    assert [(t.indicator_raw, t.indicator_id) for t in targets] == [("居民健康素养水平", None)]
    assert [a.kind for a in anomalies] == ["unit_mismatch"]
    assert (anomalies[0].start, anomalies[0].end) == (targets[0].start, targets[0].end)
    assert "health_literacy" in anomalies[0].message


def test_an_implausible_level_is_unmapped_and_said():
    plan = "一、目标\n1.到2022年，人均预期寿命达到8.1岁。\n"
    targets, anomalies = find_targets(parse_outline(plan, "x"), 2022)
    assert [t.indicator_id for t in targets] == [None] and [a.kind for a in anomalies] == ["implausible_target"]


# --- issue 26: targets in the forms real documents use ------------------------------------------------------------


@pytest.mark.parametrize(("plan", "expected"), [
    # baseline and target, each with its year
    ("一、目标\n居民健康素养水平从2020年的20.5%提高到2025年的28%。\n",
     [("居民健康素养水平", "health_literacy", 28.0, 2025, 20.5, 2020)]),
    # paired years and values joined by 、, in order
    ("一、目标\n到2025年和2035年，经常参加体育锻炼人数比例分别达到40%、45%。\n",
     [("经常参加体育锻炼人数比例", "regular_exercise", 40.0, 2025, None, None),
      ("经常参加体育锻炼人数比例", "regular_exercise", 45.0, 2035, None, None)]),
    # indicators listed before their paired values, in order
    ("一、目标\n到2025年，高血压患者规范管理率、糖尿病患者规范管理率分别达到65%、60%。\n",
     [("高血压患者规范管理率", "hypertension_management", 65.0, 2025, None, None),
      ("糖尿病患者规范管理率", "diabetes_management", 60.0, 2025, None, None)]),
])
def test_forms_of_real_documents(plan, expected):
    """Baselines with years, paired lists (answers by hand)."""
    targets, _ = find_targets(parse_outline(plan, "x"), 2025)
    assert [(t.indicator_raw, t.indicator_id, t.value, t.target_year, t.baseline_value, t.baseline_year)
            for t in targets] == expected


@pytest.mark.parametrize(("plan", "expected"), [
    # counted commitments: people trained or recruited, as targets without a canonical indicator
    ("一、任务\n1.到2025年，每年培训3000名养老护理员，引进50名高层次人才。\n",
     [(3000.0, "名", "=", None), (50.0, "名", "=", None)]),
    # magnitudes in units, and an approximate value
    ("一、任务\n1.到2025年，发展养老服务志愿者2万名左右，新增体育教师不少于5万名。\n",
     [(2.0, "万名", "approx", None), (5.0, "万名", ">=", None)]),
    # an upper bound
    ("一、任务\n1.给予最高20万元安家补贴。\n", [(20.0, "万元", "<=", None)]),
])
def test_counted_commitments_and_magnitudes(plan, expected):
    targets, _ = find_targets(parse_outline(plan, "x"), 2025)
    assert [(t.value, t.unit, t.comparator, t.indicator_id) for t in targets] == expected
