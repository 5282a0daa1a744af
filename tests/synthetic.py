"""Tiny synthetic plans and the coverage invariant, shared by the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import strategies as st

from cityplans.reading.outline import Outline

#: Pieces of the genre (numbering, brackets, line breaks, debris, role words) that property tests join at random.
PIECES = st.sampled_from([
    "一、", "十一、", "（一）", "(二)", "1.", "2、", "3．", "（1）", "(2)", "①", "②", "第一章", "附件1:", "附件",
    "(", ")", "《", "》", "“", "”", "【", "】", "〔", "〕", "\n", "\r\n", "\r", " ", "\u3000", "\u00a0",
    "健康", "任务", "保障措施", "目标", "。", "，", ",", ":", "牵头单位:", "责任编辑:", "扫一扫", "点赞", "原文如下:",
    "2020年", "95%", "Ⅲ", "㈠", "\ufffd", "十十、", "一.", "(三", "1)",
])


def assert_tiles(outline: Outline) -> None:
    """Every character belongs to exactly one segment, in order, no gaps."""
    pos = 0
    for seg in outline.segments:
        assert seg.start == pos, f"gap or overlap at {pos}: next segment starts at {seg.start}"
        assert seg.end > seg.start
        pos = seg.end
    assert pos == len(outline.raw)
    assert "".join(outline.raw[s.start:s.end] for s in outline.segments) == outline.raw
    for node in outline.nodes:
        assert node.segment_start <= node.start <= node.end <= node.segment_end


# A plan in the conventions of none of the five: full-width brackets and
# separators, 十一、 headings, circled sub-items, no web debris.
FULLWIDTH_PLAN = """健康示范县建设实施方案

为推进健康示范县建设，制定本方案。

一、总体目标
到２０２２年，居民健康素养水平达到２２％。
二、重点任务
（一）健康生活
１．控烟限酒。开展无烟机关建设。（牵头单位：县卫健局）
２．全民健身。
①建设健身步道。
②开放学校场地。
（二）健康服务
１．基层医疗。提升乡镇卫生院能力。
三、保障措施
（一）加强领导。成立领导小组。
四、其他
五、其他
六、其他
七、其他
八、其他
九、其他
十、其他
十一、附则。本方案自印发之日起施行。
"""


def rule_files_copy(folder: Path) -> Path:
    """A copy of the shipped rule files in ``folder/data``, to edit and use through ``CITYPLANS_DATA_DIR``."""
    return Path(shutil.copytree(Path(__file__).parents[1] / "cityplans" / "data", folder / "data"))
