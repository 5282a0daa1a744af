"""What a plan shows but no rule read becomes an anomaly with its span (issue 27). Answers worked out by hand."""

import pytest

from cityplans.extract.attributions import find_assignments
from cityplans.extract.targets import find_targets
from cityplans.extract.unread import MIN_NAMES, seen_not_read
from cityplans.reading.outline import parse_outline

NAMES = ["市卫健委", "市教育局", "市财政局", "市民政局", "市公安局", "市司法局", "市医保局", "市体育局", "市文旅局",
         "市农业农村局", "市生态环境局"]


def _unread(plan):
    outline = parse_outline(plan, "x")
    found, _ = find_assignments(outline)
    targets, _ = find_targets(outline, 2020)
    return [(a.kind, plan[a.start:a.end]) for a in seen_not_read(outline, found, targets)]


@pytest.mark.parametrize(("plan", "expected"), [
    # a role word in a bracket that names no department the registry knows
    ("一、主要任务\n（一）加强协调。建立联席会议制度（各有关方面共同负责）。\n",
     [("role_markers_unread", "（各有关方面共同负责）")]),
    # a magnitude in a unit the target reader lacks
    ("一、目标\n1.到2025年，天然气供应能力达到3亿立方米。\n", [("comparator_unread", "达到3")]),
    # names in running text only, more than the threshold
    ("一、任务\n1.加强合作。" + "、".join(NAMES) + "要加强沟通协调。\n", [("names_outside_clauses", "、".join(NAMES))]),
    # a few names in prose: a plan that assigns no one is not doubtful
    ("一、任务\n1.加强合作。市卫健委、市教育局要加强沟通协调。\n", []),
    # what the rules read leaves nothing to say
    ("一、任务\n1.加强管理（牵头单位：市卫健委；配合单位：市教育局）。到2020年，居民健康素养水平达到22%。\n", []),
    # a year after a comparator is not a number that should have given a target
    ("一、任务\n1.达到2020年的水平。\n", []),
    # nor a number inside a title in 《》
    ("一、任务\n1.学习《全民健康素养达到30%行动手册》。\n", []),
])
def test_seen_not_read(plan, expected):
    assert _unread(plan) == expected


def test_the_threshold_is_the_one_documented():
    assert MIN_NAMES == 10
    plan = "一、任务\n1.加强合作。" + "、".join(NAMES[:MIN_NAMES - 1]) + "要加强沟通协调。\n"
    assert _unread(plan) == []
