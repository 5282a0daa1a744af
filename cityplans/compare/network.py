"""Department collaboration networks: who leads, who supports, who works with whom.

Graphs are built from the ``assignments`` table on canonical department ids,
so that the same function is one node in every city and networks compare.
Only attribution clauses count as ties (forms ``labelled`` and ``verb``);
in-text assignments and mentions stay in the table and out of the graphs.

- :func:`collaboration_graph`: undirected; two departments are tied when they
  are assigned to the same task, weighted by the number of shared tasks.
- :func:`lead_graph`: directed lead → co within a clause, weighted by tasks.
- :func:`two_mode_graph`: task × department (the form most policy-network
  papers analyse).

Give ``city=None`` for the pooled network of all cities. Results come back as
tables: :func:`centrality_table`, :func:`network_summary`,
:func:`lead_concentration`, :func:`community_table`. Collective groups
(lower-level governments, 成员单位, 有关部门) are nodes of the graphs but are
kept out of rankings unless ``include_collective=True``.

A plan without attribution clauses gives empty graphs, and
:func:`network_summary` says so in its ``note`` column.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from cityplans.errors import takes_tables
from cityplans.extract.attributions import CLAUSE_FORMS
from cityplans.registry.departments import COLLECTIVE_TYPES, departments_table

__all__ = [
    "CLAUSE_FORMS",
    "centrality_table",
    "collaboration_graph",
    "community_table",
    "lead_concentration",
    "lead_graph",
    "network_summary",
    "two_mode_graph",
]

#: Two-mode tie weights by role (any other role weighs 1).
TWO_MODE_WEIGHTS = {"lead": 2, "co": 1}
#: The sector that counts as "health" for the share of tasks led outside it.
HEALTH_SECTOR = "health"


def _clauses(assignments: pd.DataFrame, city: str | None) -> pd.DataFrame:
    a = assignments[assignments["form"].isin(CLAUSE_FORMS) & assignments["department_id"].notna()]
    if city is not None:
        a = a[a["city"] == city]
    return a


def _node_attributes(departments: pd.DataFrame | None) -> dict[str, dict[str, str]]:
    deps = departments if departments is not None else departments_table()
    return {r.department_id: {"name_zh": r.name_zh, "name_en": r.name_en, "actor_type": r.actor_type,
                              "sectors": r.sectors} for r in deps.itertuples()}


def _records(a: pd.DataFrame, by: list[str], *columns: str) -> list[tuple]:
    """Rows as plain tuples, sorted by the ``by`` columns (city in category order).

    Graphs are built in plain Python: row-wise pandas indexing made building
    the 18 exported graphs take half a second.
    """
    if a.empty:
        return []
    order = a.sort_values(by, kind="stable")
    return list(zip(*(order[c].tolist() for c in columns), strict=True))


def _add_nodes(G: nx.Graph, a: pd.DataFrame, departments: pd.DataFrame | None) -> None:
    attrs = _node_attributes(departments)
    n_lead: dict[str, int] = defaultdict(int)
    n_co: dict[str, int] = defaultdict(int)
    names: dict[str, set[str]] = defaultdict(set)
    for dep, role, name in zip(a["department_id"].tolist(), a["role"].tolist(), a["department_name"].tolist(),
                               strict=True):
        if role == "lead":
            n_lead[dep] += 1
        elif role == "co":
            n_co[dep] += 1
        names[dep].add(name)
    for dep in sorted(names):
        G.add_node(dep, **attrs.get(dep, {}), n_lead=n_lead[dep], n_co=n_co[dep], names="、".join(sorted(names[dep])))


def _add_weighted_edges(G: nx.Graph, pairs: Iterable[tuple[str, str]]) -> None:
    # A dict keeps first-seen order, so edges are added in the order the text gives them.
    weights: dict[tuple[str, str], int] = {}
    for u, v in pairs:
        key = (u, v) if G.is_directed() or u <= v else (v, u)
        weights[key] = weights.get(key, 0) + 1
    for (u, v), w in weights.items():
        G.add_edge(u, v, weight=w)


#: The columns of corpus.assignments every graph is built from.
_NEEDS = ["city", "task_id", "form", "department_name", "department_id", "role"]


@takes_tables(assignments=_NEEDS)
def collaboration_graph(assignments: pd.DataFrame, city: str | None = None, *,
                        departments: pd.DataFrame | None = None) -> nx.Graph:
    """Undirected co-assignment graph: an edge for each pair sharing a task.

    Parameters
    ----------
    assignments : DataFrame
        The assignments table.
    city : str, optional
        One city; ``None`` pools all cities (weights add up).
    departments : DataFrame, optional
        Registry for node attributes (default: the shipped registry).

    Returns
    -------
    networkx.Graph
        Nodes are department ids with ``name_zh, name_en, actor_type,
        sectors, n_lead, n_co, names``; edges carry ``weight`` (shared tasks).

    Examples
    --------
    >>> a = pd.DataFrame({"city": "x", "task_id": ["t1", "t1", "t1", "t2", "t2"],
    ...     "form": "labelled", "department_id": ["health", "education", "sports", "health", "sports"],
    ...     "department_name": "", "role": ["lead", "co", "co", "lead", "co"]})
    >>> G = collaboration_graph(a)
    >>> sorted((u, v, d["weight"]) for u, v, d in G.edges(data=True))
    [('education', 'health', 1), ('education', 'sports', 1), ('health', 'sports', 2)]
    """
    a = _clauses(assignments, city)
    G = nx.Graph(city=city or "pooled")
    _add_nodes(G, a, departments)
    tasks: dict[tuple, set[str]] = {}
    for c, task, dep in _records(a, ["city", "task_id"], "city", "task_id", "department_id"):
        tasks.setdefault((c, task), set()).add(dep)
    _add_weighted_edges(G, (pair for deps in tasks.values() for pair in itertools.combinations(sorted(deps), 2)))
    return G


@takes_tables(assignments=[*_NEEDS, "clause_start"])
def lead_graph(assignments: pd.DataFrame, city: str | None = None, *,
               departments: pd.DataFrame | None = None) -> nx.DiGraph:
    """Directed lead → co graph within each clause, weighted by tasks.

    Examples
    --------
    >>> a = pd.DataFrame({"city": "x", "task_id": ["t1", "t1", "t1"], "clause_start": 0,
    ...     "form": "labelled", "department_id": ["health", "education", "sports"],
    ...     "department_name": "", "role": ["lead", "co", "co"]})
    >>> sorted(lead_graph(a).edges())
    [('health', 'education'), ('health', 'sports')]
    """
    a = _clauses(assignments, city)
    G = nx.DiGraph(city=city or "pooled")
    _add_nodes(G, a, departments)
    clauses: dict[tuple, tuple[set[str], set[str]]] = {}
    by = ["city", "task_id", "clause_start"]
    for c, task, start, dep, role in _records(a, by, *by, "department_id", "role"):
        leads, cos = clauses.setdefault((c, task, start), (set(), set()))
        if role in ("lead", "co"):
            (leads if role == "lead" else cos).add(dep)
    _add_weighted_edges(G, ((u, v) for leads, cos in clauses.values()
                            for u, v in itertools.product(sorted(leads), sorted(cos)) if u != v))
    return G


@takes_tables(assignments=_NEEDS)
def two_mode_graph(assignments: pd.DataFrame, city: str | None = None, *,
                   departments: pd.DataFrame | None = None) -> nx.Graph:
    """Bipartite task × department graph (``bipartite`` = 0 for tasks, 1 for departments).

    Task nodes come in document order (cities in their order, then clause
    position). Edges carry the ``role`` (lead wins over co when a department
    is both) and a ``weight`` that keeps it: 2 for lead, 1 otherwise.

    Examples
    --------
    >>> a = pd.DataFrame({"city": "x", "task_id": ["t2", "t2", "t1"], "clause_start": [5, 5, 40],
    ...     "form": "labelled", "department_id": ["health", "sports", "health"],
    ...     "department_name": "", "role": ["lead", "co", "co"]})
    >>> G = two_mode_graph(a)
    >>> [n for n, d in G.nodes(data=True) if d["bipartite"] == 0]
    ['t2', 't1']
    >>> G.edges["t2", "health"]["weight"], G.edges["t1", "health"]["role"]
    (2, 'co')
    """
    a = _clauses(assignments, city)
    G = nx.Graph(city=city or "pooled")
    _add_nodes(G, a, departments)
    for dep in list(G.nodes):
        G.nodes[dep]["bipartite"] = 1
    by = ["city", "clause_start"] if "clause_start" in a else ["city"]
    for task, dep, c, role in _records(a, by, "task_id", "department_id", "city", "role"):
        if task not in G:
            G.add_node(task, bipartite=0, city=str(c))
        if G.has_edge(task, dep) and G.edges[task, dep]["role"] == "lead":
            role = "lead"
        G.add_edge(task, dep, role=role, weight=TWO_MODE_WEIGHTS.get(role, 1))
    return G


def _ranked_nodes(G: nx.Graph, include_collective: bool) -> list[str]:
    return [n for n, d in G.nodes(data=True)
            if include_collective or d.get("actor_type") not in COLLECTIVE_TYPES]


CENTRALITY_COLUMNS = [
    "city", "department_id", "name_zh", "name_en", "actor_type", "sectors", "n_lead", "n_co",
    "degree", "weighted_degree", "degree_centrality", "betweenness", "eigenvector",
]


def centrality_table(G: nx.Graph, *, include_collective: bool = False) -> pd.DataFrame:
    """Degree, weighted degree, betweenness and eigenvector centrality per department.

    Centralities are computed on the graph without collective groups unless
    ``include_collective``; values are plain floats. Sorted by weighted degree.

    Examples
    --------
    >>> G = nx.Graph(city="x"); G.add_edge("a", "b", weight=2); G.add_edge("b", "c", weight=1)
    >>> table = centrality_table(G)
    >>> table[["department_id", "degree", "weighted_degree"]].to_dict("list")
    {'department_id': ['b', 'a', 'c'], 'degree': [2, 1, 1], 'weighted_degree': [3, 2, 1]}
    >>> table["betweenness"].tolist()
    [1.0, 0.0, 0.0]
    """
    H = G.subgraph(_ranked_nodes(G, include_collective)).copy()
    if H.number_of_nodes() == 0:
        return pd.DataFrame(columns=CENTRALITY_COLUMNS)
    betweenness = nx.betweenness_centrality(H)
    degree_c = nx.degree_centrality(H) if H.number_of_nodes() > 1 else {n: 0.0 for n in H}
    try:
        eigen = nx.eigenvector_centrality(H, weight="weight", max_iter=2000) if H.number_of_edges() else {}
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - reported as NaN
        eigen = {}
    rows = []
    for n, d in H.nodes(data=True):
        rows.append({
            "city": G.graph.get("city", ""), "department_id": n, "name_zh": d.get("name_zh", ""),
            "name_en": d.get("name_en", ""), "actor_type": d.get("actor_type", ""), "sectors": d.get("sectors", ""),
            "n_lead": int(d.get("n_lead", 0)), "n_co": int(d.get("n_co", 0)),
            "degree": int(H.degree(n)), "weighted_degree": int(H.degree(n, weight="weight")),
            "degree_centrality": float(degree_c[n]), "betweenness": float(betweenness[n]),
            "eigenvector": float(eigen.get(n, math.nan)),
        })
    out = pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)
    return out.sort_values(["weighted_degree", "department_id"], ascending=[False, True], ignore_index=True)


@takes_tables(assignments=["city", "form", "department_id", "actor_type", "role"])
def lead_concentration(assignments: pd.DataFrame, *, include_collective: bool = False) -> pd.DataFrame:
    """Each department's share of the lead assignments of its city.

    Columns: ``city, department_id, n_lead, share``; one row per city and
    leading department, largest share first.
    """
    a = _clauses(assignments, None)
    a = a[a["role"] == "lead"]
    if not include_collective:
        a = a[~a["actor_type"].isin(COLLECTIVE_TYPES)]
    counts = a.groupby(["city", "department_id"], observed=True).size().rename("n_lead").reset_index()
    counts["share"] = counts["n_lead"] / counts.groupby("city", observed=True)["n_lead"].transform("sum")
    return counts.sort_values(["city", "n_lead", "department_id"], ascending=[True, False, True],
                              ignore_index=True)


SUMMARY_COLUMNS = [
    "city", "n_clauses", "n_tasks_attributed", "n_departments", "n_edges", "density",
    "departments_per_task", "top_lead", "top_lead_share", "lead_hhi", "share_led_outside_health",
    "n_communities", "n_in_text", "n_mentions", "note",
]


@takes_tables(assignments=[*_NEEDS, "clause_start", "actor_type"])
def network_summary(assignments: pd.DataFrame, cities: Iterable[str] | None = None, *,
                    include_collective: bool = False) -> pd.DataFrame:
    """One row per city: size, density, lead concentration, health's share, communities.

    ``share_led_outside_health`` is the share of attributed tasks none of
    whose leads has the health sector. ``lead_hhi`` is the Herfindahl index of
    lead shares (1 = one department leads everything). ``note`` says when a
    plan has no attribution clauses.
    """
    if cities is None:
        col = assignments["city"]
        cities = list(col.cat.categories) if isinstance(col.dtype, pd.CategoricalDtype) else sorted(set(col))
    attrs = _node_attributes(None)
    conc = lead_concentration(assignments, include_collective=include_collective)
    rows = []
    for city in cities:
        a = _clauses(assignments, city)
        other = assignments[assignments["city"] == city]
        n_in_text = int((other["form"] == "in_text").sum())
        n_mentions = int((other["form"] == "mention").sum())
        if a.empty:
            rows.append({"city": city, "n_clauses": 0, "n_tasks_attributed": 0, "n_departments": 0, "n_edges": 0,
                         "density": math.nan, "departments_per_task": math.nan, "top_lead": "",
                         "top_lead_share": math.nan, "lead_hhi": math.nan, "share_led_outside_health": math.nan,
                         "n_communities": 0, "n_in_text": n_in_text, "n_mentions": n_mentions,
                         "note": f"no attribution clauses: the network is empty ({n_in_text} in-text "
                                 f"assignments and {n_mentions} mentions are in the assignments table)"})
            continue
        G = collaboration_graph(assignments, city)
        H = G.subgraph(_ranked_nodes(G, include_collective))
        c = conc[conc["city"] == city]
        leads = a[a["role"] == "lead"].groupby("task_id")["department_id"].apply(set)
        outside = [not any(HEALTH_SECTOR in attrs.get(d, {}).get("sectors", "").split() for d in deps)
                   for deps in leads]
        per_task = a.groupby("task_id")["department_id"].nunique()
        rows.append({
            "city": city,
            "n_clauses": int(a.groupby(["task_id", "clause_start"]).ngroups),
            "n_tasks_attributed": int(a["task_id"].nunique()),
            "n_departments": H.number_of_nodes(),
            "n_edges": H.number_of_edges(),
            "density": float(nx.density(H)) if H.number_of_nodes() > 1 else math.nan,
            "departments_per_task": float(per_task.mean()),
            "top_lead": c["department_id"].iloc[0] if len(c) else "",
            "top_lead_share": float(c["share"].iloc[0]) if len(c) else math.nan,
            "lead_hhi": float((c["share"] ** 2).sum()) if len(c) else math.nan,
            "share_led_outside_health": float(sum(outside) / len(outside)) if outside else math.nan,
            "n_communities": int(community_table(H)["community"].nunique()) if H.number_of_edges() else 0,
            "n_in_text": n_in_text, "n_mentions": n_mentions, "note": "",
        })
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    out["city"] = pd.Categorical(out["city"], categories=list(cities), ordered=True)
    return out


def community_table(G: nx.Graph) -> pd.DataFrame:
    """Communities by greedy modularity (deterministic), numbered largest first.

    Columns: ``city, department_id, community``.
    """
    if G.number_of_edges() == 0:
        return pd.DataFrame(columns=["city", "department_id", "community"])
    found = nx.community.greedy_modularity_communities(G, weight="weight")
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    rows = [{"city": G.graph.get("city", ""), "department_id": n, "community": i}
            for i, members in enumerate(ordered) for n in members]
    return pd.DataFrame(rows, columns=["city", "department_id", "community"])
