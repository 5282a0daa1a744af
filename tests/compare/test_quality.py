"""quality.csv: one row per plan, the counts worked out by hand from two tiny plans (issue 27)."""

import cityplans as cp
from cityplans.compare.quality import QUALITY_COLUMNS, quality_table

CLEAN = "一、任务\n1.加强管理（牵头单位：市卫健委；配合单位：市教育局）。到2020年，居民健康素养水平达到22%。\n"
DOUBTFUL = ("一、目标\n1.到2020年，居民健康素养水平达到20%，完成健康素养监测样本1200人。\n"
            "2.天然气供应能力达到3亿立方米。\n")


def test_one_row_per_plan_with_counts_by_hand(tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "doubtful.txt").write_text(DOUBTFUL, encoding="utf-8")
    q = quality_table(cp.parse_files([tmp_path / "clean.txt", tmp_path / "doubtful.txt"])).set_index("city")
    assert list(q.reset_index().columns) == QUALITY_COLUMNS
    clean, doubtful = q.loc["clean"], q.loc["doubtful"]
    assert (clean["n_tasks"], clean["n_clauses"], clean["names_in_clauses"], clean["names_outside_clauses"]) == \
        (1, 1, 2, 0)
    assert (clean["targets_read"], clean["targets_mapped"], clean["targets_rejected"]) == (1, 1, 0)
    assert not clean["doubtful"] and clean["doubts"] == ""
    assert (doubtful["n_tasks"], doubtful["n_clauses"]) == (2, 0)
    assert (doubtful["targets_read"], doubtful["targets_mapped"], doubtful["targets_rejected"]) == (2, 1, 1)
    assert doubtful["comparators_unread"] == 1
    assert doubtful["doubtful"]
    assert doubtful["doubts"] == "comparators that gave no target"  # the rejected target is counted, not doubted
    assert doubtful["anomalies_by_kind"] == "comparator_unread 1, unit_mismatch 1"
    assert q["chars_in_outline"].le(q["n_chars"]).all()


def test_the_shipped_plans_numbers_match_the_tables():
    corpus = cp.load()
    q = quality_table(corpus).set_index("city")
    assert q["targets_read"].to_dict() == corpus.targets.groupby("city", observed=False).size().to_dict()
    assert q["n_anomalies"].to_dict() == corpus.anomalies.groupby("city", observed=False).size().to_dict()
    assert list(q.index) == corpus.cities
