"""The data dictionary describes every column of every table, and the README is generated from it."""

from __future__ import annotations

import pandas as pd
import pytest

from cityplans import dictionary, paths
from cityplans.outputs.dictionary import DictionaryError, check_columns, columns_table


def test_every_written_table_is_described():
    tables = {p.stem: pd.read_csv(p, nrows=0) for p in paths.PROCESSED_DIR.glob("*.csv")}
    tables.pop("columns")
    check_columns(tables)
    assert set(tables) | {"network_nodes", "network_edges"} == set(columns_table()["table"])


def test_network_files_are_described():
    nodes = set().union(*(pd.read_csv(p, nrows=0).columns for p in paths.PROCESSED_DIR.rglob("*_nodes.csv")))
    edges = set().union(*(pd.read_csv(p, nrows=0).columns for p in paths.PROCESSED_DIR.rglob("*_edges.csv")))
    d = columns_table()
    assert nodes == set(d.loc[d["table"] == "network_nodes", "column"])
    assert edges == set(d.loc[d["table"] == "network_edges", "column"])


def test_written_dictionary_is_the_file():
    written = pd.read_csv(paths.PROCESSED_DIR / "columns.csv", dtype=str, keep_default_na=False)
    assert written.equals(dictionary.dictionary_table().fillna(""))


def test_readme_table_is_generated(tmp_path):
    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{dictionary.BEGIN}\n{dictionary.readme_table()}\n{dictionary.END}" in readme, \
        "README's table of tables is stale: run `python -m cityplans.outputs.dictionary --readme README.md`"


def test_undescribed_column_is_refused():
    with pytest.raises(DictionaryError, match=r"tasks: not described in columns\.tsv: colour"):
        check_columns({"tasks": [*columns_table().query("table == 'tasks'")["column"], "colour"]})


def test_malformed_dictionary_names_the_line(tmp_path, monkeypatch):
    bad = tmp_path / "columns.tsv"
    bad.write_text("table\tcolumn\ttype\tunit\tdescription\nx\ty\tweird\t\tsomething\n", encoding="utf-8")
    monkeypatch.setattr(dictionary, "data_path", lambda name: bad)
    monkeypatch.setattr(dictionary, "read_rows", lambda name: ({"table": "x", "column": "y", "type": "weird",
                                                                "unit": "", "description": "something"},))
    with pytest.raises(DictionaryError, match=r"line 2: type 'weird' is not one of"):
        dictionary.columns_table()
