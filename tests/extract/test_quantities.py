"""Units, comparators and cues come from data files: a new one is an edit of a file, not of code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from synthetic import rule_files_copy

from cityplans.extract.quantities import canonical_unit, comparator_after, cue, is_count, unit_range

PLAN = "一、主要目标\n1.到2025年，每千常住人口医疗卫生机构床位数不得低于7.2张/千人。\n"
READ = """
import json, sys
from cityplans.reading.outline import parse_outline
from cityplans.extract.targets import find_targets
targets, _ = find_targets(parse_outline(sys.stdin.read(), "x"))
print(json.dumps([(t.value, t.comparator, t.unit) for t in targets]))
"""


def _targets(data_dir: Path | None) -> list:
    env = {**os.environ, **({"CITYPLANS_DATA_DIR": str(data_dir)} if data_dir else {})}
    out = subprocess.run([sys.executable, "-c", READ], input=PLAN, capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout)


def test_a_new_comparator_and_unit_need_only_data_edits(tmp_path):
    assert _targets(None) == [[7.2, "<=", "张"]]  # 低于 read, 不得 and /千人 lost
    data = rule_files_copy(tmp_path)
    with (data / "comparators.tsv").open("a", encoding="utf-8") as fh:
        fh.write("不得低于\tbefore\t>=\n")
    with (data / "units.tsv").open("a", encoding="utf-8") as fh:
        fh.write("张/千人\t张/千人\tmeasure\t\t\tbeds per 1,000 people\n")
    assert _targets(data) == [[7.2, ">=", "张/千人"]]


def test_units_and_comparators_as_shipped():
    assert canonical_unit("/10万", "") == "1/10万" and unit_range("%") == (0.0, 100.0)
    assert is_count("所") and not is_count("%")
    assert comparator_after()["左右"] == "approx"
    assert cue("slogan").search("三个") and not cue("slogan").search("三项")
