"""Networks small enough to work out by hand."""

import math

import networkx as nx
import pandas as pd
import pytest

from cityplans import network as nw


def table(rows):
    cols = ["city", "task_id", "clause_start", "form", "department_id", "department_name", "actor_type", "role"]
    df = pd.DataFrame(rows, columns=cols)
    df["city"] = pd.Categorical(df["city"], categories=["x", "y", "empty"], ordered=True)
    return df


# City x: t1 = health leads, education + sports support; t2 = sports leads,
# health supports; t3 = education alone (sole 负责 -> lead), plus a collective
# group on t1. City y: t9 = finance leads, health supports.
A = table([
    ("x", "t1", 0, "labelled", "health", "", "government", "lead"),
    ("x", "t1", 0, "labelled", "education", "", "government", "co"),
    ("x", "t1", 0, "labelled", "sports", "", "government", "co"),
    ("x", "t1", 0, "labelled", "lower_governments", "", "lower_government", "co"),
    ("x", "t2", 0, "verb", "sports", "", "government", "lead"),
    ("x", "t2", 0, "verb", "health", "", "government", "co"),
    ("x", "t3", 0, "verb", "education", "", "government", "lead"),
    ("x", "t3", 50, "mention", "finance", "", "government", "mentioned"),
    ("y", "t9", 0, "verb", "finance", "", "government", "lead"),
    ("y", "t9", 0, "verb", "health", "", "government", "co"),
])


def test_collaboration_graph_weights():
    G = nx.Graph(nw.collaboration_graph(A, "x"))
    assert sorted(G.nodes) == ["education", "health", "lower_governments", "sports"]  # the mention is no tie
    assert G.edges["health", "sports"]["weight"] == 2  # t1 and t2
    assert G.edges["health", "education"]["weight"] == 1
    assert G.nodes["health"]["n_lead"] == 1 and G.nodes["health"]["n_co"] == 1
    pooled = nw.collaboration_graph(A)
    assert pooled.edges["finance", "health"]["weight"] == 1 and pooled.number_of_edges() == 7


def test_lead_graph_and_two_mode():
    D = nw.lead_graph(A, "x")
    assert sorted(D.edges) == [("health", "education"), ("health", "lower_governments"), ("health", "sports"),
                               ("sports", "health")]
    B = nw.two_mode_graph(A, "x")
    tasks = {n for n, d in B.nodes(data=True) if d["bipartite"] == 0}
    assert tasks == {"t1", "t2", "t3"}
    assert B.edges["t3", "education"]["role"] == "lead"
    assert B.degree("t1") == 4


def test_centrality_by_hand_and_collectives_kept_out():
    table_ = nw.centrality_table(nw.collaboration_graph(A, "x"))
    assert list(table_["department_id"]) == ["health", "sports", "education"]
    row = table_.set_index("department_id")
    # triangle health–sports–education without the collective: everyone has degree 2
    assert row.at["health", "degree"] == 2 and row.at["health", "weighted_degree"] == 3
    assert row.at["sports", "betweenness"] == 0.0
    assert isinstance(row.at["health", "eigenvector"], float)
    full = nw.centrality_table(nw.collaboration_graph(A, "x"), include_collective=True)
    assert "lower_governments" in set(full["department_id"])


def test_summary_concentration_and_honest_absence():
    s = nw.network_summary(A).set_index("city")
    assert s.at["x", "n_clauses"] == 3 and s.at["x", "n_tasks_attributed"] == 3
    # leads in x: health 1, sports 1, education 1 -> shares 1/3 each, HHI 1/3
    assert s.at["x", "lead_hhi"] == pytest.approx(1 / 3)
    # tasks whose leads include no health-sector department: t2 (sports), t3 (education)
    assert s.at["x", "share_led_outside_health"] == pytest.approx(2 / 3)
    assert s.at["x", "density"] == pytest.approx(1.0)  # triangle, collective left out
    assert s.at["x", "departments_per_task"] == pytest.approx((4 + 2 + 1) / 3)
    assert s.at["x", "n_mentions"] == 1
    assert s.at["empty", "n_clauses"] == 0 and math.isnan(s.at["empty", "density"])
    assert "no attribution clauses" in s.at["empty", "note"]
    assert nw.collaboration_graph(A, "empty").number_of_nodes() == 0
    assert nw.centrality_table(nw.collaboration_graph(A, "empty")).empty


def test_lead_concentration():
    c = nw.lead_concentration(A)
    assert c[c["city"] == "y"][["department_id", "n_lead", "share"]].values.tolist() == [["finance", 1, 1.0]]


def test_communities_are_deterministic():
    G = nx.Graph(city="z")
    G.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")], weight=1)
    t = nw.community_table(G)
    assert t.groupby("community")["department_id"].apply(list).tolist() == [["a", "b", "c"], ["d", "e", "f"]]
