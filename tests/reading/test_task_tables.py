"""Task-division tables flattened into text become task items and assignments (issue 14)."""

from __future__ import annotations

import pytest

import cityplans as cp
from cityplans.extract.attributions import find_assignments
from cityplans.reading.outline import parse_outline

HEAD = "2021年某县健康县城建设工作要点\n一、总体要求\n按照县委县政府部署，推进健康县城建设。\n二、重点任务分工\n"
TAIL = "三、保障措施\n加强组织领导，落实工作责任。\n"

TAB = HEAD + (
    "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
    "1\t深入开展爱国卫生运动，巩固国家卫生县城成果\t县卫健局\t县住建局、各乡镇\t2021年12月\n"
    "2\t实施健康知识普及行动，居民健康素养水平达到22%\t县卫健局\t县委宣传部、县教育局\t长期坚持\n"
    "3\t推进全民健身设施建设，新建健身步道\t县文旅局\t县自然资源局、\t2021年底\n"
    "\t10公里\t\t县住建局\t\n") + TAIL

BAR = HEAD + (
    "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n"
    "| 1 | 深入开展爱国卫生运动，巩固国家卫生县城成果 | 县卫健局 | 县住建局、各乡镇 | 2021年12月 |\n"
    "| 2 | 实施健康知识普及行动，居民健康素养水平达到22% | 县卫健局 | 县委宣传部、县教育局 | 长期坚持 |\n"
    "| 3 | 推进全民健身设施建设，新建健身步道 | 县文旅局 | 县自然资源局、 | 2021年底 |\n"
    "|   | 10公里 |   | 县住建局 |   |\n") + TAIL

# Aligned with spaces, as a fixed-width export draws it: a wrapped cell stands under its column.
SPACES = HEAD + (
    "序号  重点任务                                      牵头单位    配合单位              完成时限\n"
    "1     深入开展爱国卫生运动，巩固国家卫生县城成果    县卫健局    县住建局、各乡镇      2021年12月\n"
    "2     实施健康知识普及行动，居民健康素养水平达到    县卫健局    县委宣传部、县教育局  长期坚持\n"
    "      22%\n"
    "3     推进全民健身设施建设，新建健身步道10公里      县文旅局    县自然资源局、        2021年底\n"
    "                                                                县住建局\n") + TAIL

EXPECTED = [
    ("x:二/1", "health", "lead"), ("x:二/1", "housing", "co"), ("x:二/1", "lower_governments", "co"),
    ("x:二/2", "health", "lead"), ("x:二/2", "propaganda", "co"), ("x:二/2", "education", "co"),
    ("x:二/3", "culture_tourism", "lead"), ("x:二/3", "natural_resources", "co"), ("x:二/3", "housing", "co"),
]


@pytest.mark.parametrize("plan", [TAB, BAR, SPACES], ids=["tabs", "bars", "spaces"])
def test_rows_are_task_items_with_their_departments(plan):
    outline = parse_outline(plan, "x")
    rows = [n for n in outline.nodes if n.style == "row"]
    assert [(n.path, n.kind) for n in rows] == [("二/1", "tasks"), ("二/2", "tasks"), ("二/3", "tasks")]
    assert rows[0].title == "深入开展爱国卫生运动,巩固国家卫生县城成果"
    found, anomalies = find_assignments(outline)
    table = [(a.task_id, a.department_id, a.role) for a in found if a.form == "table"]
    assert table == EXPECTED
    assert not [a for a in anomalies if a.kind == "department_unresolved"]
    # Every name gives back its span, and the network counts the ties.
    assert all(plan[a.name_start:a.name_end] == a.department_raw for a in found)


def test_wrapped_cells_are_put_back_in_their_column():
    outline = parse_outline(SPACES, "x")
    row = next(n for n in outline.nodes if n.path == "二/3")
    co = [SPACES[s:e] for role, _, s, e in row.cells if role == "co"]
    assert co == ["县自然资源局、", "县住建局"]


def test_a_gbk_crlf_file_with_a_task_table_parses_with_deadlines_and_targets(tmp_path):
    path = tmp_path / "moxian.txt"
    path.write_bytes(TAB.replace("\n", "\r\n").encode("gb18030"))
    corpus = cp.parse_files([path], ["x"])
    assert corpus.plans.iloc[0]["encoding"] == "gb18030"
    assert list(corpus.tasks.query("is_task")["task_id"]) == ["x:一", "x:二/1", "x:二/2", "x:二/3", "x:三"]
    deadlines = corpus.cells.query("column == 'deadline'")
    assert list(deadlines["text"]) == ["2021年12月", "长期坚持", "2021年底"]
    assert all(corpus.raw["x"][r.start:r.end] == r.text for r in corpus.cells.itertuples())
    target = corpus.targets.query("task_id == 'x:二/2'").iloc[0]
    assert (target["value"], target["unit"], target["target_year"]) == (22.0, "%", 2021)
    ties = cp.collaboration_graph(corpus.assignments[corpus.assignments["city"] == "x"])
    assert ties.has_edge("health", "propaganda")


def test_a_table_without_a_lead_column_is_text():
    plan = HEAD + "序号\t重点任务\t完成时限\n1\t建设步道\t2021年\n" + TAIL
    assert not [n for n in parse_outline(plan, "x").nodes if n.style == "row"]


GROUPED = ("县2021年健康县城建设工作要点\n一、重点任务\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
           "（一）健康环境促进\n1\t开展城乡环境卫生整治\t县住建局\t县卫健局、县生态环境局\t2021年12月\n"
           "2\t推进农村改厕\t县农业农村局\t县卫健局\t2021年10月\n（二）健康生活促进\n"
           "3\t开展全民健身运动\t县文旅局\t县教育局\t2021年12月\n二、保障措施\n（一）加强领导。成立领导小组。\n")


def test_group_rows_head_the_rows_below_them_and_the_table_goes_on():
    outline = parse_outline(GROUPED, "x")
    rows = [n for n in outline.nodes if n.style == "row"]
    assert [n.title for n in rows] == ["开展城乡环境卫生整治", "推进农村改厕", "开展全民健身运动"]
    by_id = {n.task_id: n for n in outline.nodes}
    assert [by_id[n.parent_id].title for n in rows] == ["健康环境促进", "健康环境促进", "健康生活促进"]
    assert "table_not_read" not in {a.kind for a in outline.anomalies}
    # the group's own numbering goes on after the table: 二、 is not a row
    assert any(n.title.startswith("保障措施") for n in outline.nodes)


def test_the_rows_under_group_rows_give_their_departments():
    found, _ = find_assignments(parse_outline(GROUPED, "x"))
    leads = sorted({a.department_name for a in found if a.role == "lead"})
    assert leads == ["县住建局", "县农业农村局", "县文旅局"]
