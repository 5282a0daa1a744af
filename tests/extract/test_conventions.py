"""Roles set once for a document, national and provincial bodies, lists of lower governments (issue 26).

Each plan is written here in the convention it tests; the answers are worked out by hand. A new
convention or ministry is a data edit: the last tests make one each, in a copy of the rule files.
"""

import json
import subprocess
import sys

from synthetic import rule_files_copy

from cityplans.extract.attributions import find_assignments
from cityplans.reading.outline import parse_outline

STATE_COUNCIL = ("一、主要任务\n（一）加强体育锻炼。学生体质健康标准达标优秀率达到25%以上（教育部、国家卫生健康委、财政部等负责。"
                 "列第一位者为牵头单位，下同）。\n（二）加强健康教育。开设健康教育课（国家卫生健康委、教育部负责）。\n")


def _roles(plan):
    rows, anomalies = find_assignments(parse_outline(plan, "x"))
    return [(r.task_id, r.department_name, r.department_id, r.role) for r in rows], [a.kind for a in anomalies]


def test_the_first_named_leads_from_where_the_document_says_so():
    rows, anomalies = _roles(STATE_COUNCIL)
    assert rows == [("x:一/(一)", "教育部", "education", "lead"), ("x:一/(一)", "国家卫生健康委", "health", "co"),
                    ("x:一/(一)", "财政部", "finance", "co"),
                    ("x:一/(二)", "国家卫生健康委", "health", "lead"), ("x:一/(二)", "教育部", "education", "co")]
    assert anomalies == []


def test_without_the_convention_every_name_before_fu_ze_leads():
    plan = "一、主要任务\n（一）加强健康教育。开设健康教育课（国家卫生健康委、教育部负责）。\n"
    rows, _ = _roles(plan)
    assert [r[3] for r in rows] == ["lead", "lead"]


def test_provincial_departments_resolve():
    plan = "一、主要任务\n（一）推进健康江西行动。（牵头单位：省卫生健康委，配合单位：省教育厅、省财政厅）\n"
    rows, anomalies = _roles(plan)
    assert [(r[1], r[2], r[3]) for r in rows] == [("省卫生健康委", "health", "lead"), ("省教育厅", "education", "co"),
                                                 ("省财政厅", "finance", "co")]
    assert "department_unresolved" not in anomalies


def test_a_list_of_lower_governments_shares_its_each():
    plan = "一、任务\n1.推进中心建设（牵头单位：市民政局，配合单位：市财政局、市残联，各区、县级市）。\n"
    rows, anomalies = _roles(plan)
    assert [(r[1], r[2], r[3]) for r in rows][-2:] == [("各区", "lower_governments", "co"),
                                                       ("各县级市", "lower_governments", "co")]
    assert anomalies == []


READ = """
import json, sys
from cityplans.extract.attributions import find_assignments
from cityplans.reading.outline import parse_outline
rows, _ = find_assignments(parse_outline(sys.stdin.read(), "x"))
print(json.dumps([(r.department_name, r.department_id, r.role) for r in rows], ensure_ascii=False))
"""


def _read_with(data, plan):
    env = {"CITYPLANS_DATA_DIR": str(data)} if data else {}
    import os

    out = subprocess.run([sys.executable, "-c", READ], input=plan, capture_output=True, text=True, check=True,
                         env={**os.environ, **env})
    return [tuple(r) for r in json.loads(out.stdout)]


def test_a_new_convention_and_a_new_ministry_are_data_edits(tmp_path):
    plan = ("一、主要任务\n（一）发展数字健康。建设平台（数据局、教育部负责。第一个部门为主办单位）。\n"
            "（二）推进互联网医疗。（数据局、国家卫生健康委负责）\n")
    assert ("数据局", None, "lead") in _read_with(None, plan)
    data = rule_files_copy(tmp_path)
    with (data / "role_conventions.tsv").open("a", encoding="utf-8") as fh:
        fh.write("[。;]?\\s*第一个部门为主办单位\tfirst_leads\ta convention this test adds\n")
    with (data / "department_aliases.tsv").open("a", encoding="utf-8") as fh:
        fh.write("数据局\tbig_data\tname\ta ministry this test adds\n")
    assert _read_with(data, plan) == [("数据局", "big_data", "lead"), ("教育部", "education", "co"),
                                      ("数据局", "big_data", "lead"), ("国家卫生健康委", "health", "co")]
