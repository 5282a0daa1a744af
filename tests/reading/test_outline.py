import pytest
from synthetic import FULLWIDTH_PLAN, assert_tiles

from cityplans.reading.outline import chinese_numeral, parse_outline, section_kind


def paths(outline):
    return [n.path for n in outline.nodes]


def by_path(outline):
    return {n.path: n for n in outline.nodes}


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十九", 19), ("二十", 20), ("二十三", 23), ("九十九", 99),
     ("十十", None), ("一十一一", None), ("零", None), ("", None)],
)
def test_chinese_numeral(text, value):
    assert chinese_numeral(text) == value


def test_fullwidth_plan_hierarchy_and_spans():
    o = parse_outline(FULLWIDTH_PLAN, "demo")
    assert_tiles(o)
    nodes = by_path(o)
    assert nodes["二/(一)/1"].parent_id == "demo:二/(一)"
    assert nodes["二/(一)/2/①"].parent_id == "demo:二/(一)/2"
    assert nodes["二/(二)/1"].number == "１．"
    assert nodes["二/(一)"].number == "（一）"
    assert nodes["十一"].value == 11 and nodes["十一"].level == 1
    assert nodes["十一"].kind == "tasks"
    for n in o.nodes:
        assert FULLWIDTH_PLAN[n.start:n.end].strip() == FULLWIDTH_PLAN[n.start:n.end]
    assert FULLWIDTH_PLAN[nodes["二/(一)/1"].start:nodes["二/(一)/1"].end] == "１．控烟限酒。开展无烟机关建设。（牵头单位：县卫健局）"
    assert nodes["二/(一)/1"].title == "控烟限酒"
    assert [s.kind for s in o.segments][:1] == ["front"]
    assert o.anomalies == []


def test_kinds_from_titles():
    o = parse_outline(FULLWIDTH_PLAN, "demo")
    kinds = {n.path: n.kind for n in o.nodes}
    assert kinds["一"] == "goals"
    assert kinds["二/(一)/1"] == "tasks"
    assert kinds["三/(一)"] == "safeguards"
    assert section_kind("实施步骤") == "steps"


def test_crlf_and_gbk_plan_offsets(tmp_path):
    from cityplans.corpus import parse_plan

    raw = FULLWIDTH_PLAN.replace("\n", "\r\n")
    f = tmp_path / "gbkplan.txt"
    f.write_bytes(raw.encode("gbk"))
    p = parse_plan(f)
    assert p.text.encoding == "gb18030"
    assert p.raw == raw
    assert_tiles(p.outline)
    lf = parse_outline(FULLWIDTH_PLAN, "demo")
    assert paths(p.outline) == [n.path for n in lf.nodes]
    for n in p.outline.nodes:
        assert not raw[n.start:n.end].endswith("\r")


def test_nesting_order_is_inferred_not_fixed():
    # Arabic items directly under 一、, and (1) above 1. in the second section.
    plan = "一、任务\n1.甲。\n2.乙。\n二、措施\n(1)丙。\n1.丁。\n(2)戊。\n"
    o = parse_outline(plan, "x")
    nodes = by_path(o)
    assert nodes["一/1"].level == 2
    assert nodes["二/(1)/1"].parent_id == "x:二/(1)"
    assert nodes["二/(2)"].parent_id == "x:二"
    assert_tiles(o)


def test_unnumbered_lines_belong_to_the_item_above():
    plan = "一、任务\n1.甲。\n  补充说明一。\n  补充说明二。\n2.乙。\n"
    o = parse_outline(plan, "x")
    n1 = by_path(o)["一/1"]
    assert plan[n1.start:n1.end] == "1.甲。\n  补充说明一。\n  补充说明二。"


def test_numbering_gap_repeat_and_continuation():
    plan = ("一、甲\n(一)a\n1.x。\n2.y。\n(二)b\n3.z。\n4.w。\n"  # continuation 3, 4: fine
            "二、乙\n(一)c\n(三)d\n(三)e\n")
    o = parse_outline(plan, "x")
    kinds = [(a.kind, plan[a.start:a.end]) for a in o.anomalies]
    assert ("numbering_gap", "(三)") in kinds
    assert ("numbering_repeat", "(三)") in kinds
    assert len([k for k, _ in kinds if k.startswith("numbering")]) == 2
    assert "二/(三)#2" in paths(o)  # repeated numbers still get unique ids


def test_separator_mismatch_reported():
    o = parse_outline("一、任务\n1.甲。\n2、乙。\n", "x")
    assert [a.kind for a in o.anomalies] == ["numbering_separator"]


def test_unrecognised_numbering_is_reported_and_kept():
    plan = "一、任务\n二,措施。\n(三 工作。\n"
    o = parse_outline(plan, "x")
    assert paths(o) == ["一"]
    assert [a.kind for a in o.anomalies].count("numbering_unrecognised") == 2
    assert "二,措施。" in plan[o.nodes[0].start:o.nodes[0].end]


def test_decimal_and_year_lines_are_not_headings():
    plan = "一、目标\n2020年,达到80%。\n1.5万人参加。\n2.68人。\n"
    o = parse_outline(plan, "x")
    assert paths(o) == ["一"]


def test_annex_restarts_the_outline():
    plan = "一、任务\n(一)甲。\n二、措施\n(一)乙。\n附件:考核方案\n考核方案\n一、组织\n(一)丙。\n"
    o = parse_outline(plan, "x")
    nodes = by_path(o)
    assert nodes["附件"].kind == "annex" and nodes["附件"].level == 1
    assert nodes["附件/一/(一)"].parent_id == "x:附件/一"
    assert nodes["附件/一/(一)"].kind == "annex"
    assert not any(a.kind.startswith("numbering") for a in o.anomalies)


def test_unbalanced_brackets():
    plan = "一、任务\n1.依据《规划(2015—2020年》实施。\n2.见《意见》“纲要》。\n3.(牵头单位:甲,\n责任单位:乙)\n"
    o = parse_outline(plan, "x")
    found = [(a.message, plan[a.start:a.end]) for a in o.anomalies if a.kind == "bracket_unbalanced"]
    assert ("'(' is never closed", "(") in found
    assert any(span == "》" for _, span in found) or any(span == "“" for _, span in found)
    # a clause broken across a line is balanced within its item
    assert all(a.task_id != "x:一/3" for a in o.anomalies)


def test_truncated_document():
    o = parse_outline("一、任务\n1.加强领导。\n2.完善机制,推进", "x")
    assert [a.kind for a in o.anomalies] == ["truncated"]
    o = parse_outline("一、任务\n1.加强领导。\n", "x")
    assert o.anomalies == []


def test_plan_without_headings_is_all_front_matter():
    o = parse_outline("这是一份没有编号的通知。\n请认真贯彻执行。\n", "x")
    assert o.nodes == []
    assert [s.kind for s in o.segments] == ["front"]
    assert_tiles(o)


def test_debris_kept_out_of_nodes():
    plan = "当前位置: 首页\n\n一、任务\n1.甲。\n\n责任编辑:某人\n【我要纠错】【打印本文】【关闭】\n点赞\n"
    o = parse_outline(plan, "x")
    assert_tiles(o)
    assert [s.kind for s in o.segments] == ["debris", "node", "node", "debris"]
    last = by_path(o)["一/1"]
    assert plan[last.start:last.end] == "1.甲。"


def test_pathological_inputs_finish():
    # Not a timing test (see benchmarks/): these must parse and tile.
    for plan in ["(" * 100_000, "一、" + "甲" * 200_000, ")" * 50_000 + "(" * 50_000, "\n" * 100_000]:
        o = parse_outline(plan, "x")
        assert_tiles(o)
        assert len(o.anomalies) <= 2 * 21 + 2
