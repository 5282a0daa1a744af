"""Every clause form of the genre, including ones the five plans do not use."""

import pytest
from synthetic import rule_files_copy

from cityplans.extract.attributions import find_assignments
from cityplans.reading.outline import parse_outline


def assign(item: str, heading: str = "一、任务\n"):
    plan = heading + item + "\n"
    rows, anomalies = find_assignments(parse_outline(plan, "t"))
    return plan, rows, anomalies


def roles(rows, forms=("labelled", "verb")):
    return [(r.department_name, r.department_id, r.role_marker, r.role) for r in rows if r.form in forms]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("（牵头单位：县卫计局，责任单位：县广电台、县教育局）",
         [("县卫计局", "health", "牵头单位", "lead"), ("县广电台", "broadcasting", "责任单位", "co"),
          ("县教育局", "education", "责任单位", "co")]),
        ("（牵头单位：区卫健委；配合单位：区发改委、财政局）",
         [("区卫健委", "health", "牵头单位", "lead"), ("区发改委", "development_reform", "配合单位", "co"),
          ("区财政局", "finance", "配合单位", "co")]),
        ("（市生态环境局牵头，市发改委、市住建局配合）",
         [("市生态环境局", "ecology_environment", "牵头", "lead"), ("市发改委", "development_reform", "配合", "co"),
          ("市住建局", "housing", "配合", "co")]),
        ("（市卫生健康局牵头，市文旅体局按职责分工负责）",
         [("市卫生健康局", "health", "牵头", "lead"), ("市文旅体局", "culture_tourism_sports", "按职责分工负责", "co")]),
        ("（市医保局负责）", [("市医保局", "medical_security", "负责", "lead")]),
        ("（市财政局、市卫生健康局按职责分工负责）",
         [("市财政局", "finance", "按职责分工负责", "lead"), ("市卫生健康局", "health", "按职责分工负责", "lead")]),
        ("（责任单位：县环保局）", [("县环保局", "ecology_environment", "责任单位", "lead")]),
        # variants not used by the five plans
        ("（牵头部门：市体育局；责任部门：市教育局）",
         [("市体育局", "sports", "牵头部门", "lead"), ("市教育局", "education", "责任部门", "co")]),
        ("（牵头单位：市民政局；协办单位：市残联）",
         [("市民政局", "civil_affairs", "牵头单位", "lead"), ("市残联", "disabled_federation", "协办单位", "co")]),
        ("（责任单位：县公安局、县交通局）",
         [("县公安局", "public_security", "责任单位", "lead"), ("县交通局", "transport", "责任单位", "lead")]),
        ("（县卫计局牵头负责，县教育局参与）",
         [("县卫计局", "health", "牵头负责", "lead"), ("县教育局", "education", "参与", "co")]),
    ],
)
def test_clause_forms(clause, expected):
    plan, rows, anomalies = assign("1.开展工作。" + clause)
    assert roles(rows) == expected
    assert not [a for a in anomalies if a.kind.startswith("department_unresolved")]


def test_spans_point_at_names_and_clause():
    plan, rows, _ = assign("1.开展工作。（牵头单位：县卫计局，责任单位：县教育局）")
    for r in rows:
        assert plan[r.name_start:r.name_end] == r.department_raw
        assert plan[r.clause_start:r.clause_end] == "（牵头单位：县卫计局，责任单位：县教育局）"
        assert plan[r.measure_start:r.measure_end] == "1.开展工作。"


def test_nested_brackets_in_names():
    plan, rows, _ = assign("1.治理。（市住建局牵头，市综合执法局(市分类办)、各县(区)人民政府配合）")
    assert [r.department_raw for r in rows] == ["市住建局", "市综合执法局(市分类办)", "各县(区)人民政府"]
    assert [r.department_id for r in rows] == ["housing", "urban_management", "lower_governments"]


def test_clause_broken_across_lines():
    plan, rows, _ = assign("16.创建卫生城镇。(牵头单位:县爱卫办,\n责任单位:县爱卫会成员单位、各乡镇人民政府)")
    assert [(r.department_id, r.role) for r in rows] == [
        ("patriotic_health", "lead"), ("member_units", "co"), ("lower_governments", "co")]


def test_clauses_without_brackets_at_the_end():
    _, rows, _ = assign("6.推进产业。建设基地。市农业农村局牵头,市卫健委、各县(区)人民政府配合")
    assert roles(rows) == [("市农业农村局", "agriculture", "牵头", "lead"), ("市卫健委", "health", "配合", "co"),
                           ("各县(区)人民政府", "lower_governments", "配合", "co")]
    _, rows, _ = assign("2.加强监管。牵头单位:县市场监管局;责任单位:县卫计局。")
    assert roles(rows) == [("县市场监管局", "market_regulation", "牵头单位", "lead"),
                           ("县卫计局", "health", "责任单位", "co")]


def test_list_missing_its_label_is_read_as_support_and_reported():
    plan, rows, anomalies = assign("5.心理健康。(牵头单位:区卫健委;区委宣传部、政法委,区公安局)")
    assert roles(rows) == [("区卫健委", "health", "牵头单位", "lead"), ("区委宣传部", "propaganda", "配合", "co"),
                           ("区委政法委", "political_legal", "配合", "co"), ("区公安局", "public_security", "配合", "co")]
    assert [a.kind for a in anomalies] == ["clause_form"]


def test_prefix_written_once_is_restored():
    _, rows, _ = assign("1.知识普及。(牵头单位:区卫健委、文广旅游局;配合单位:区委宣传部、网信办、市场监管局、团区委,各乡镇政府)")
    names = [(r.department_raw, r.department_name) for r in rows]
    assert names == [("区卫健委", "区卫健委"), ("文广旅游局", "区文广旅游局"), ("区委宣传部", "区委宣传部"),
                     ("网信办", "区委网信办"), ("市场监管局", "区市场监管局"), ("团区委", "团区委"),
                     ("各乡镇政府", "各乡镇政府")]


def test_duplicates_typos_and_unknown_names_are_reported():
    _, rows, anomalies = assign("1.医保。(牵头单位:区卫键委、医保局;配合单位:区财政局、医保局、区某某办)")
    kinds = sorted(a.kind for a in anomalies)
    assert kinds == ["department_duplicate", "department_typo", "department_unresolved"]
    assert [r.department_id for r in rows] == ["health", "medical_security", "finance", None]
    assert rows[0].department_name == "区卫键委"  # typos kept as written


def test_several_clauses_each_cover_their_sentences():
    item = "(三)提升保障。补助从87元提高到92元(市财政局、市卫生健康局按职责分工负责)。加大救助力度(市医保局负责)。"
    plan, rows, _ = assign(item, heading="一、任务\n")
    measures = [plan[r.measure_start:r.measure_end] for r in rows]
    assert measures[0] == measures[1] == "(三)提升保障。补助从87元提高到92元"
    assert measures[2] == "。加大救助力度"
    assert [r.role for r in rows] == ["lead", "lead", "lead"]


def test_in_text_assignments_and_mentions():
    plan = "一、要求\n(一)评估。各有关部门报送市卫生计生委,由市卫生计生委会同有关方面提出调整方案。市卫健委牵头组织评估。\n"
    rows, _ = find_assignments(parse_outline(plan, "t"))
    got = [(r.form, r.department_raw, r.role_marker, r.role) for r in rows]
    assert got == [("mention", "市卫生计生委", "", "mentioned"), ("in_text", "市卫生计生委", "会同", "lead"),
                   ("in_text", "市卫健委", "牵头", "lead")]


def test_look_alikes_are_not_departments():
    plan = "一、任务\n1.推进数字残联康复业务。宣传部门要大力宣传。(主要负责同志为第一责任人)\n"
    rows, anomalies = find_assignments(parse_outline(plan, "t"))
    assert rows == []


def test_truncated_clause():
    _, rows, anomalies = assign("(四)建立机制。积极打造试点(市卫生健康局牵头,市财政局")
    assert sorted(a.kind for a in anomalies) == ["clause_form", "clause_unclosed"]  # unmarked tail, no ")"
    assert [(r.department_id, r.role) for r in rows] == [("health", "lead"), ("finance", "co")]


def test_plan_without_attributions():
    rows, anomalies = find_assignments(parse_outline("一、任务\n1.加强领导。\n2.完善机制。\n", "t"))
    assert rows == [] and anomalies == []


def test_line_breaks_inside_labels_and_names():
    plan, rows, anomalies = assign("1.控烟。(牵头单位:县卫\n计局;责任\n单位:县教育局、县总工\n会)")
    assert [(r.department_name, r.department_id, r.role) for r in rows] == [
        ("县卫计局", "health", "lead"), ("县教育局", "education", "co"), ("县总工会", "trade_union", "co")]
    assert rows[0].department_raw == "县卫\n计局"  # as written, span and all
    assert anomalies == []


CLAUSE_PLAN = "一、任务\n1.开展控烟。（主责单位：市卫健委；协同单位：市教育局）\n"
READ_CLAUSES = """
import json, sys
from cityplans.extract.attributions import find_assignments
from cityplans.reading.outline import parse_outline
rows, _ = find_assignments(parse_outline(sys.stdin.read(), "x"))
print(json.dumps([(r.form, r.department_id, r.role) for r in rows]))
"""


def _clauses(data_dir):
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, **({"CITYPLANS_DATA_DIR": str(data_dir)} if data_dir else {})}
    out = subprocess.run([sys.executable, "-c", READ_CLAUSES], input=CLAUSE_PLAN, capture_output=True, text=True,
                         env=env, check=True)
    return [tuple(r) for r in json.loads(out.stdout)]


def test_a_new_clause_form_needs_only_a_data_edit(tmp_path):

    assert _clauses(None) == [("mention", "health", "mentioned"), ("mention", "education", "mentioned")]
    data = rule_files_copy(tmp_path)
    with (data / "clause_words.tsv").open("a", encoding="utf-8") as fh:
        fh.write("主责单位\tlabel\tlead\t\n协同单位\tlabel\tco\t\n")
    assert _clauses(data) == [("labelled", "health", "lead"), ("labelled", "education", "co")]


def test_attribution_on_its_own_line_with_the_lead_marked_in_brackets():
    plan = ("一、重点任务\n1.开展健康知识普及行动。\n责任单位：区卫健局（牵头）、区教育局\n"
            "2.推进全民健身。\n责任单位：区文广旅局（主责），区教育局（配合）\n")
    rows, _ = find_assignments(parse_outline(plan, "x"))
    got = [(r.task_id, r.department_id, r.role, plan[r.name_start:r.name_end]) for r in rows]
    assert got == [("x:一/1", "health", "lead", "区卫健局"), ("x:一/1", "education", "co", "区教育局"),
                   ("x:一/2", "culture_media_tourism", "lead", "区文广旅局"), ("x:一/2", "education", "co", "区教育局")]
