"""A researcher's folder of plans, named as people name files, with or without plans.csv (issue 29)."""

import csv
import subprocess
import sys

import pytest

import cityplans as cp
from cityplans import paths

RAW = paths.RAW_DIR
NAMES = {  # as people save them: Chinese, spaces, upper case, an encoding before the suffix
    "dalian": "健康大连建设行动计划(2017-2020年).txt",
    "haining": "Haining 2021 Work Plan.TXT",
    "lhasa": "Lhasa Plan 2018.txt",
    "xiangfu": "xiangfu.gbk.txt",
}


@pytest.fixture()
def folder(tmp_path):
    plans = tmp_path / "my plans"
    plans.mkdir()
    for city, name in NAMES.items():
        text = (RAW / f"{city}.txt").read_text(encoding="utf-8")
        (plans / name).write_bytes(text.encode("gb18030" if "gbk" in name else "utf-8"))
    # the same plan again, in another encoding: read once
    (plans / "dalian copy.txt").write_bytes((RAW / "dalian.txt").read_text(encoding="utf-8").encode("gb18030"))
    return plans


def test_a_folder_without_a_manifest_is_named_from_its_documents(folder):
    corpus = cp.load(folder)
    plans = corpus.plans.set_index("city")
    # ids: the place in pinyin (大连市 → dalian, 拉萨市 → lasa), else the file's name without its encoding
    assert sorted(corpus.cities) == ["dalian", "haining", "lasa", "xiangfu"]
    assert plans.loc["dalian", ["name_zh", "name_en", "label_en", "label_zh"]].tolist() == \
        ["大连市", "Dalian", "Dalian", "大连"]
    assert plans.loc["lasa", "issuing_body"] == "拉萨市人民政府办公室"
    assert plans.loc["xiangfu", "label_en"] == "Xiangfu"  # no place in the document: the file's name
    assert (plans["label_en"] != "").all()
    copies = corpus.anomalies[corpus.anomalies["kind"] == "duplicate_file"]
    assert copies["city"].tolist() == ["dalian"] and "same text" in copies["message"].iloc[0]
    # every record still points into its text
    t = corpus.tasks.iloc[0]
    assert corpus.raw[t["city"]][t["start"]:t["end"]] == t["text"]


def test_the_written_plans_csv_is_a_manifest_for_the_next_run(folder, tmp_path):
    first = cp.load(folder)
    first.plans.to_csv(folder / "plans.csv", index=False)
    again = cp.load(folder)
    assert again.cities == first.cities
    assert again.targets.equals(first.targets)


def test_a_researchers_manifest_may_leave_sha256_empty_and_a_changed_file_is_reported(folder):
    with (folder / "plans.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["city", "file", "sha256", "name_en"])
        w.writerow(["haining", NAMES["haining"], "", "Haining"])
        w.writerow(["lhasa", NAMES["lhasa"], "0" * 64, "Lhasa"])
    corpus = cp.load(folder)
    assert corpus.cities == ["haining", "lhasa"]
    assert len(corpus.plans.set_index("city").loc["haining", "sha256"]) == 64  # recorded
    changed = corpus.anomalies[corpus.anomalies["kind"] == "file_changed"]
    assert changed["city"].tolist() == ["lhasa"]


def test_an_empty_folder_is_one_clear_error(tmp_path):
    with pytest.raises(cp.PlanInputError, match=r"no plans\.csv and no plan files"):
        cp.load(tmp_path)


@pytest.mark.slow
def test_build_from_a_folder_writes_everything_and_its_manifest(folder, tmp_path):
    out, figs = tmp_path / "out", tmp_path / "figs"
    result = subprocess.run([sys.executable, "-m", "cityplans", "build", "--raw", str(folder), "--out", str(out),
                             "--figures", str(figs)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for name in ("plans.csv", "targets.csv", "target_comparison.csv", "network_summary.csv", "quality.csv",
                 "plan_similarity.csv", "instruments.csv", "pmc_index.csv", "cityplans.xlsx"):
        assert (out / name).is_file(), name
    assert (out / "networks").is_dir() and any(figs.glob("*.png"))
    with (out / "plans.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["city"] for r in rows} == {"dalian", "haining", "lasa", "xiangfu"}
    assert all(r["file"] in NAMES.values() or r["file"] == "dalian copy.txt" for r in rows)
