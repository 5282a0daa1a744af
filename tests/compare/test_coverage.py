import pandas as pd
import pytest

from cityplans import coverage as cv

# Two plans: a covers L1 (2 items) and L4; b covers L1 and D1 (with L4 as a secondary).
T = pd.DataFrame({
    "city": pd.Categorical(["a", "a", "a", "b", "b"], categories=["a", "b"], ordered=True),
    "task_id": ["a1", "a2", "a3", "b1", "b2"], "is_task": True,
    "text": ["aaaa", "bb", "cc", "dddd", "eeee"],
    "primary_category": ["L1", "L1", "L4", "L1", "D1"], "secondary_categories": ["", "", "", "", "L4"],
})


def test_category_coverage_counts_and_shares():
    c = cv.category_coverage(T).set_index(["city", "code"])
    assert c.loc[("a", "L1"), "n_tasks"] == 2 and c.loc[("a", "L1"), "share_tasks"] == pytest.approx(2 / 3)
    assert c.loc[("a", "L1"), "share_text"] == pytest.approx(6 / 8)
    assert not c.loc[("b", "L4"), "present"]
    assert len(c) == 2 * 51
    assert cv.category_coverage(T, include_secondary=True).set_index(["city", "code"]).loc[("b", "L4"), "present"]


def test_domain_hca_nhc():
    d = cv.domain_coverage(T).set_index(["city", "code"])["n_tasks"]
    assert d[("a", "L")] == 3 and d[("b", "D")] == 1 and d[("b", "L")] == 1
    h = cv.hca_coverage(T).set_index(["city", "code"])["n_tasks"]
    assert h[("a", "1")] == 2 and h[("a", "4")] == 1 and h[("b", "11")] == 1
    n = cv.nhc_coverage(T).set_index(["city", "code"])["n_tasks"]
    assert n[("a", "CUL")] == 3 and n[("b", "SRV")] == 1


def test_similarity_by_hand():
    s = cv.plan_similarity(T).set_index(["city_a", "city_b"])
    # present: a {L1, L4}, b {L1, D1}: Jaccard 1/3
    assert s.loc[("a", "b"), "jaccard"] == pytest.approx(1 / 3)
    # shares: a L1 2/3, L4 1/3; b L1 1/2, D1 1/2 -> cos = (2/3·1/2)/(√(5/9)·√(1/2))
    assert s.loc[("a", "b"), "cosine"] == pytest.approx((1 / 3) / ((5 / 9) ** 0.5 * 0.5 ** 0.5))
    assert s.loc[("a", "a"), "jaccard"] == 1.0


def test_unique_and_missing():
    u = cv.unique_and_missing(T)
    got = set(map(tuple, u[["city", "code", "status"]].astype(str).values))
    assert got == {("a", "L4", "only_here"), ("b", "D1", "only_here"), ("a", "D1", "missing_here"),
                   ("b", "L4", "missing_here")}
