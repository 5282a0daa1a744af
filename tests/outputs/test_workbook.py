"""The workbook, read back with openpyxl (not with the library that wrote it)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pandas as pd
import pytest

from cityplans import paths
from cityplans.outputs.dictionary import columns_table
from cityplans.outputs.workbook import write_workbook

openpyxl = pytest.importorskip("openpyxl")
WORKBOOK = paths.PROCESSED_DIR / "cityplans.xlsx"


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(WORKBOOK, read_only=False)


def _sheet(book, name):
    rows = list(book[name].iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def test_every_table_has_its_sheet_and_the_dictionary(book):
    csvs = sorted(p.stem for p in paths.PROCESSED_DIR.glob("*.csv") if p.stem != "columns")
    assert sorted(book.sheetnames) == sorted([*csvs, "columns"])
    for name in csvs:
        header, rows = _sheet(book, name)
        table = pd.read_csv(paths.PROCESSED_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
        assert header == list(table.columns), name
        assert len(rows) == len(table), name
        assert book[name].freeze_panes == "A2", name


def test_chinese_identifiers_and_numbering_stay_text(book):
    header, rows = _sheet(book, "tasks")
    tasks = pd.read_csv(paths.PROCESSED_DIR / "tasks.csv", dtype=str, keep_default_na=False)
    number = [r[header.index("number")] for r in rows]
    assert number == tasks["number"].tolist()  # "1." stays "1.", "（一）" stays as written
    assert "1." in number or "1、" in number
    title = [r[header.index("title")] or "" for r in rows]
    assert title == tasks["title"].tolist()  # Chinese intact, cell for cell


def test_numbers_dates_and_booleans_are_typed(book):
    header, rows = _sheet(book, "plans")
    plans = pd.read_csv(paths.PROCESSED_DIR / "plans.csv", dtype=str)
    for cell, written in zip((r[header.index("issue_date")] for r in rows), plans["issue_date"], strict=True):
        if len(written) == 10:
            assert cell == dt.datetime.strptime(written, "%Y-%m-%d")
        else:  # a year alone stays as written, not 1 January
            assert cell == written
    assert all(isinstance(r[header.index("n_chars")], int) for r in rows)
    assert all(isinstance(r[header.index("doc_number")], str | type(None)) for r in rows)
    header, rows = _sheet(book, "tasks")
    assert {type(r[header.index("is_task")]) for r in rows} == {bool}
    header, rows = _sheet(book, "target_comparison")
    assert any(isinstance(r[header.index("gap")], float | int) for r in rows)


def test_dictionary_sheet_matches_the_file(book):
    header, rows = _sheet(book, "columns")
    assert header == ["table", "column", "type", "unit", "description"]
    described = {(r[0], r[1]) for r in rows if r[1]}
    assert described == set(zip(columns_table()["table"], columns_table()["column"], strict=True))


def test_a_formula_like_text_stays_text(tmp_path):
    t = {"unique_and_missing": pd.DataFrame({"city": ["x"], "code": ["=1+1"], "name_en": ["@SUM(A1)"],
                                             "status": ["only_here"]})}
    path = write_workbook(t, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)["unique_and_missing"]
    assert (ws["B2"].value, ws["B2"].data_type, ws["C2"].value) == ("=1+1", "s", "@SUM(A1)")


def test_rebuilds_are_byte_identical(tmp_path):
    t = {"plan_similarity": pd.read_csv(paths.PROCESSED_DIR / "plan_similarity.csv")}
    a, b = write_workbook(t, tmp_path / "a.xlsx"), write_workbook(t, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_every_sheet_as_the_csv_files(tmp_path):
    """LibreOffice, converting the workbook to CSV, gives back every text cell, date and number of our CSVs.

    The derived CSVs round to 6 significant digits; the workbook keeps full precision.
    """
    env = {**os.environ, "HOME": str(tmp_path)}
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", options, "--outdir", str(tmp_path), str(WORKBOOK)],
                   check=True, capture_output=True, timeout=300, env=env)
    types = columns_table()
    for ours in sorted(paths.PROCESSED_DIR.glob("*.csv")):
        if ours.stem == "columns":
            continue
        theirs = pd.read_csv(tmp_path / f"cityplans-{ours.stem}.csv", dtype=str, keep_default_na=False)
        table = pd.read_csv(ours, dtype=str, keep_default_na=False)
        assert list(theirs.columns) == list(table.columns), ours.name
        for col in table.columns:
            kind = types.loc[(types["table"] == ours.stem) & (types["column"] == col), "type"].item()
            if kind in ("number", "integer", "year"):
                a, b = pd.to_numeric(theirs[col].replace("", None)), pd.to_numeric(table[col].replace("", None))
                assert ((a - b).abs() <= 1e-5 * b.abs().clip(lower=1)).where(b.notna(), a.isna()).all(), (ours, col)
            elif kind == "boolean":
                assert theirs[col].str.lower().tolist() == table[col].str.lower().tolist(), (ours.name, col)
            else:
                assert theirs[col].tolist() == table[col].tolist(), (ours.name, col)


def test_pandas_to_excel_works_out_of_the_box(tmp_path):
    import cityplans as cp

    tasks = cp.load().tasks
    tasks.to_excel(tmp_path / "tasks.xlsx", index=False)  # failed with "No module named 'openpyxl'" before
    back = openpyxl.load_workbook(tmp_path / "tasks.xlsx").active
    assert back.max_row == len(tasks) + 1
