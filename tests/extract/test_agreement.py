import math

import pandas as pd
import pytest

from cityplans.extract.agreement import category_comparison, compare_codings, compare_flags


def test_kappa_worked_by_hand():
    # 10 clauses: hand codes 4, rules code 4, 3 in common. Observed agreement 8/10;
    # expected 0.4*0.4 + 0.6*0.6 = 0.52; kappa = (0.8 - 0.52) / 0.48 = 0.5833.
    hand = [True] * 4 + [False] * 6
    rules = [True, True, True, False, True] + [False] * 5
    n_hand, n_rules, agree, kappa, precision, recall, f1 = compare_flags(hand, rules)
    assert (n_hand, n_rules, agree) == (4, 4, 0.8)
    assert kappa == pytest.approx(0.28 / 0.48) and (precision, recall, f1) == (0.75, 0.75, 0.75)


def test_a_code_neither_coding_uses_has_no_precision_or_recall():
    n_hand, n_rules, agree, kappa, precision, recall, f1 = compare_flags([False] * 3, [False] * 3)
    assert (n_hand, n_rules, agree, kappa) == (0, 0, 1.0, 1.0)
    assert math.isnan(precision) and math.isnan(recall) and math.isnan(f1)


def test_codings_compared_per_label():
    hand = [{"S-TAL"}, {"S-TAL", "E-GOA"}, set()]
    rules = [{"S-TAL"}, {"E-GOA"}, {"E-GOA"}]
    labels = [("S", "group", lambda s: any(c.startswith("S-") for c in s)), ("E-GOA", "code", lambda s: "E-GOA" in s)]
    t = compare_codings(hand, rules, labels).set_index("code")
    assert t.loc["S", ["n_hand", "n_rules", "recall", "precision"]].tolist() == [2, 1, 0.5, 1.0]
    # E-GOA: hand 1 of 3, rules 2 of 3, one in common -> precision 1/2, recall 1, F1 2/3
    assert t.loc["E-GOA", ["precision", "recall"]].tolist() == [0.5, 1.0]
    assert t.loc["E-GOA", "f1"] == pytest.approx(2 / 3)


def test_category_comparison_worked_by_hand():
    tasks = pd.DataFrame({"task_id": list("abcde"), "primary_category": ["L1", "L1", "E2", "O1", "O2"]})
    sample = pd.DataFrame({"task_id": list("abcde"), "primary": ["L1", "L3", "E2", "O1", "O1"]})
    t = category_comparison(tasks, sample).set_index("code")
    assert t.loc["all", "agreement"] == 0.6  # a, c, d
    # domains L, E, O each agree on every task: the two errors stay inside their domain
    assert (t.loc[["L", "E", "O"], "agreement"] == 1.0).all()
    assert t.loc["O1", ["n_hand", "n_rules", "precision", "recall"]].tolist() == [2, 1, 1.0, 0.5]
    assert list(t.index) == ["all", "L", "E", "O", "L1", "L3", "E2", "O1", "O2"]  # the codebook's order


def test_a_sample_naming_unknown_tasks_is_refused():
    tasks = pd.DataFrame({"task_id": ["a"], "primary_category": ["L1"]})
    with pytest.raises(ValueError, match="does not have"):
        category_comparison(tasks, pd.DataFrame({"task_id": ["zz"], "primary": ["L1"]}))
