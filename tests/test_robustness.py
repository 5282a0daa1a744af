"""Robustness: no input raises, hangs or loses characters.

Property-based tests drive the whole pipeline (outline, clauses, targets,
taxonomy) with arbitrary text; files in every encoding and state go through
the batch parser; pathological inputs must finish (timings are in
benchmarks/, not here).
"""

import codecs
import csv
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import PIECES, assert_tiles

from cityplans.corpus import TABLE_COLUMNS, ParsedPlan, plan_rows
from cityplans.outputs.batch import parse_batch
from cityplans.reading.formats import read_plan
from cityplans.reading.outline import parse_outline
from cityplans.reading.textio import PlanInputError, decode_plan
from cityplans.synthetic import synthetic_plan


def full_pipeline(text: str) -> dict:
    plan = decode_plan(text.encode("utf-8"), "t.txt") if text.strip() else None
    if plan is None:
        return {}
    parsed = ParsedPlan("t", plan, parse_outline(plan.raw, "t"))
    rows = plan_rows(parsed)
    assert_tiles(parsed.outline)
    for row in rows["tasks"]:
        assert plan.raw[row[9]:row[10]] == row[8]
    for table, width in ((name, len(cols)) for name, cols in TABLE_COLUMNS.items()):
        assert all(len(r) == width for r in rows[table])
    for a in rows["assignments"]:
        assert plan.raw[a[13]:a[14]] == a[7]
    return rows


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES | st.sampled_from(["（牵头单位：县卫计局，责任单位：县教育局、", "市卫健委牵头,", "配合)", "达到",
                                          "不低于", "分别", "和", "%", "‰", "/10万", "以上", "及以下", "到2022年",
                                          "比2015年降低", "从87元提高到", "3-5家", "领域指标2015年2020年\n",
                                          "(%)80.7681\n", "-92\n"]), max_size=80).map("".join))
def test_the_whole_pipeline_never_raises_and_keeps_every_character(text):
    full_pipeline(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_the_whole_pipeline_on_arbitrary_unicode(text):
    try:
        full_pipeline(text)
    except Exception as exc:  # only the reader's clear refusal is allowed
        from cityplans.reading.textio import PlanInputError

        assert isinstance(exc, PlanInputError)


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def test_a_batch_of_every_kind_of_file(tmp_path):
    text = next(t for t, _ in map(synthetic_plan, range(100)) if _encodes(t, "gbk"))
    circled, _ = next((t, e) for t, e in map(synthetic_plan, range(100)) if not _encodes(t, "gbk"))
    good = {
        "gb18030.txt": circled.encode("gb18030"),  # ⑪ and beyond are not in GBK
        "utf8.txt": text.encode("utf-8"),
        "bom.txt": codecs.BOM_UTF8 + text.encode("utf-8"),
        "gbk.txt": text.encode("gbk"),
        "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
        "widths.txt": text.replace("(", "（").replace(")", "）").replace("1", "１").encode("utf-8"),
        "cut_mid_clause.txt": text.encode("utf-8")[: len(text.encode("utf-8")) // 2],
        "cut_mid_character.txt": text.encode("utf-8")[:-1] if text.encode("utf-8")[-1:] != b"\n" else
        (text + "健").encode("utf-8")[:-1],
    }
    bad = {"empty.txt": b"", "blank.txt": b"\n \n", "binary.txt": bytes(range(256)) * 4,
           "undecodable.txt": b"\x80\xff" * 8}
    for name, data in {**good, **bad}.items():
        (tmp_path / "in" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_bytes(data)
    summary = parse_batch([tmp_path / "in"], tmp_path / "out", workers=2, progress=False)
    assert summary.n_files == len(good) + len(bad)
    assert summary.n_parsed == len(good)
    assert sorted(f.rsplit("/", 1)[-1] for f, _ in summary.failed) == sorted(bad)
    rows = _rows(tmp_path / "out" / "summary.csv")
    assert {r["file"].rsplit("/", 1)[-1]: r["status"] for r in rows if r["status"] == "failed"}.keys() == bad.keys()
    # every good file tiles and gives its text back
    for name in good:
        plan = read_plan(tmp_path / "in" / name)
        assert_tiles(parse_outline(plan.raw, name))
    tasks = _rows(tmp_path / "out" / "tasks.csv")
    raw = {name.removesuffix(".txt"): read_plan(tmp_path / "in" / name).raw for name in good}
    for r in tasks:
        assert raw[r["city"]][int(r["start"]):int(r["end"])] == r["text"]
    anomalies = _rows(tmp_path / "out" / "anomalies.csv")
    kinds = {(r["city"], r["kind"]) for r in anomalies}
    assert ("cut_mid_character", "truncated") in kinds or ("cut_mid_character", "truncated_bytes") in kinds
    assert any(c == "cut_mid_clause" and k in ("truncated", "clause_unclosed", "bracket_unbalanced") for c, k in kinds)


def test_a_batch_with_odd_file_system_entries(tmp_path):
    # A file name that is not UTF-8, a broken link and a folder named like a plan:
    # the batch must neither crash on writing the name nor drop anything silently.
    text, _ = synthetic_plan(1)
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsdecode(b"\xb9\xfe-plan.txt")  # GBK bytes, as an unzipped Windows archive leaves them
    (folder / odd).write_text(text, encoding="utf-8")
    (folder / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "folder.txt").mkdir()
    summary = parse_batch([folder], tmp_path / "out", workers=1, progress=False)
    assert (summary.n_files, summary.n_parsed, len(summary.failed)) == (2, 1, 1)
    assert "broken.txt" in summary.failed[0][1] and "no such file" in summary.failed[0][1]
    rows = _rows(tmp_path / "out" / "summary.csv")
    status = {r["file"].rsplit("/", 1)[-1]: r["status"] for r in rows}
    assert status.keys() == {"broken.txt", "\\xb9\\xfe-plan.txt"}
    assert status["broken.txt"] == "failed" and status["\\xb9\\xfe-plan.txt"].startswith("parsed")
    assert {r["city"] for r in _rows(tmp_path / "out" / "plans.csv")} == {"\\xb9\\xfe-plan"}
    str(summary).encode("utf-8")  # printable


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "(" * 100_000, ")" * 100_000, "(" * 50_000 + ")" * 50_000, "（牵头单位:" * 20_000, "健康" * 5_000_000,
    "1." * 50_000, "一、" + "达到95%以上," * 100_000, "\r" * 200_000 + "一、任务",
], ids=["open", "close", "nested", "clauses", "10M-line", "numbers", "targets", "cr"])
def test_pathological_inputs_finish_whole_pipeline(text):
    rows = full_pipeline(text)
    assert rows["plans"][0][0] == "t"


@pytest.mark.slow
def test_a_100_mb_file(tmp_path):
    """A 100 MB text decodes, parses and tiles (time: see benchmarks/bench_parse.py); as a plan file it is refused.

    No plan is that long: reading one takes minutes, so :func:`read_plan` refuses text over
    ``MAX_CHARS`` at once (issue 28). The outline parser itself still tiles it.
    """
    unit = "\n".join(synthetic_plan(i)[0] for i in range(50)).encode("utf-8")
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        for _ in range(100 * 2**20 // len(unit) + 1):
            fh.write(unit)
    assert path.stat().st_size >= 100 * 2**20
    with pytest.raises(PlanInputError, match="characters of text, more than a plan's"):
        read_plan(path)
    plan = decode_plan(path.read_bytes(), str(path))
    outline = parse_outline(plan.raw, "huge")
    assert_tiles(outline)
    assert len(outline.nodes) > 100_000
