"""The PMC index: a value for every variable of every plan, evidence for every 1, the arithmetic by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import cityplans as cp
from cityplans.extract.instruments import instruments_table
from cityplans.extract.pmc import grade, pmc_index, pmc_table


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
    index = pmc_index(table).query("variable == 'PMC'").set_index("city")
    readme = " ".join((cp.paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert index.loc["huanren", "grade"] == "perfect"
    assert f"By the rules Huanren now grades perfect ({index.loc['huanren', 'score']:.2f})" in readme
    assert set(index.drop("huanren")["grade"]) == {"excellent"} and "The others grade excellent by both" in readme


INDEPENDENT = cp.paths.PROJ_ROOT / "data" / "manual" / "pmc_independent.csv"


def test_an_independent_scoring_agrees_within_half_a_point(pmc):
    """Regression: a scoring by hand from the texts, committed before the rules' values were read."""
    _, table = pmc
    hand = pd.read_csv(INDEPENDENT, keep_default_na=False)
    both = table.astype({"city": str}).merge(hand, on=["city", "variable"], suffixes=("_rules", "_hand"))
    assert len(both) == len(table) == len(hand)  # the hand scored every variable of every plan
    agree = int((both["value_rules"] == both["value_hand"]).sum())
    by_hand = pmc_index(hand.assign(first=hand["variable"].str.split(".").str[0],
                                    city=pd.Categorical(hand["city"], categories=table["city"].cat.categories)))
    rules = pmc_index(table).query("variable == 'PMC'").set_index("city")["score"]
    hand_index = by_hand.query("variable == 'PMC'").set_index("city")["score"]
    gap = (rules - hand_index).abs()
    assert gap.max() <= 0.5, gap
    readme = " ".join((cp.paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"the rules agree on {agree} of {len(both)} values, and every plan's index is within {gap.max():.2f}" \
        in readme
    assert f"The {len(both) - agree} that differ are judgements" in readme
    assert f"by the hand it grades excellent ({hand_index['huanren']:.2f})" in readme
