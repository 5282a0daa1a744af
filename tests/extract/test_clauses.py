"""The clauses of each task (the unit of instrument coding), and the hand-coded sample drawn from them."""

from __future__ import annotations

import pandas as pd

import cityplans as cp
from cityplans import paths
from cityplans.extract.clauses import task_clauses

SAMPLE = paths.PROJ_ROOT / "data" / "manual" / "instrument_sample.csv"
CODES = {"S-TAL", "S-FUN", "S-INF", "S-TEC", "S-INFO", "S-SRV", "E-GOA", "E-REG", "E-ORG", "E-PUB", "E-EVA",
         "E-FIS", "E-REF", "D-PRO", "D-PIL", "D-SOC", "D-MKT"}


def test_clauses_leave_out_the_heading_and_the_attribution(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("一、重点任务\n1.全民健身。新建健身步道10公里；开展全民健身活动。（牵头单位：县体育局；配合单位：县教育局）\n"
                    "2.控烟。加强宣传\n", encoding="utf-8")
    corpus = cp.parse_files([path])
    clauses = task_clauses(corpus.tasks, corpus.assignments, corpus.raw)
    assert list(zip(clauses["task_id"], clauses["text"], strict=True)) == [
        ("x:一/1", "新建健身步道10公里；"), ("x:一/1", "开展全民健身活动。"), ("x:一/2", "加强宣传")]
    assert all(corpus.raw["x"][r.start:r.end] == r.text for r in clauses.itertuples())


def test_the_hand_coded_sample_points_at_clauses_of_the_five_plans():
    # Coded by hand from the codebook (../shared/reference/instruments.md) before any coding rule existed.
    sample = pd.read_csv(SAMPLE, keep_default_na=False)
    corpus = cp.load()
    assert len(sample) >= 100 and sample["item"].is_unique
    assert sample.groupby("city").size().min() >= 20
    for r in sample.itertuples():
        assert corpus.raw[r.city][r.start:r.end] == r.text
        assert set(r.codes.split()) <= CODES, r.item
    clauses = task_clauses(corpus.tasks, corpus.assignments, corpus.raw)
    drawn = set(zip(sample["city"], sample["start"], strict=True))
    assert drawn <= set(zip(clauses["city"].astype(str), clauses["start"], strict=True))
