"""The PMC index: a value for every variable of every plan, evidence for every 1, the arithmetic by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import cityplans as cp
from cityplans.instruments import instruments_table
from cityplans.pmc import grade, pmc_index, pmc_table


@pytest.fixture(scope="module")
def pmc():
    corpus = cp.load()
    return corpus, pmc_table(corpus, instruments_table(corpus))


def test_every_variable_of_every_plan_has_a_value_and_every_1_its_evidence(pmc):
    corpus, table = pmc
    variables = pd.read_csv(cp.paths.PROJ_ROOT / "cityplans" / "data" / "pmc_variables.tsv", sep="\t")
    assert len(table) == len(corpus.cities) * len(variables)
    assert set(table["value"]) <= {0, 1}
    for r in table.itertuples():
        if r.value:
            assert r.evidence, r.variable
            if pd.notna(r.start):  # a span: it gives back its text
                assert corpus.raw[r.city][r.start:r.end] == r.evidence, (r.city, r.variable)
        else:
            assert r.why, (r.city, r.variable)


def test_facts_the_tables_fix(pmc):
    _, table = pmc
    value = table.set_index(["city", "variable"])["value"]
    assert value[("dalian", "X3.2")] == 0  # Dalian names no department in an attribution clause
    assert value[("haining", "X2.3")] == 1 and value[("haining", "X2.2")] == 0  # an annual plan
    assert value[("haining", "X3.1")] == 0  # issued by a leading group's office, not the government
    assert value[("huanren", "X9.2")] == 1  # 桓政办发〔2018〕4号


def test_index_arithmetic_by_hand():
    table = pd.DataFrame({"city": pd.Categorical(["a"] * 4, categories=["a"]),
                          "first": ["X1", "X1", "X2", "X2"], "value": [1, 0, 1, 1]})
    index = pmc_index(table).set_index("variable")
    assert index.loc["X1", "score"] == 0.5 and index.loc["X2", "score"] == 1.0
    assert index.loc["PMC", "score"] == 1.5 and index.loc["PMC", "grade"] == "poor"
    assert [grade(x) for x in (9, 8, 7.99, 6, 5.99, 4, 3.99)] == ["perfect", "perfect", "excellent", "excellent",
                                                                    "acceptable", "acceptable", "poor"]


def test_the_readme_states_the_index_as_the_table_has_it(pmc):
    _, table = pmc
    index = pmc_index(table)
    pmc_rows = index[index["variable"] == "PMC"]
    readme = (cp.paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    grades = set(pmc_rows["grade"])
    assert grades == {"excellent"} and "All five plans grade excellent" in readme
    assert f"({pmc_rows['score'].min():.2f}–{pmc_rows['score'].max():.2f})" in readme
