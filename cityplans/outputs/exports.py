"""Network files for the researchers' own tools: Gephi, UCINET, R and igraph, Cytoscape.

:func:`export_networks` writes, for every city and for ``pooled``, the
collaboration, lead and two-mode networks in two node sets:

``networks/<city>_<kind>.*``
    **departments**: collective groups (lower-level governments, 有关部门,
    成员单位; :data:`~cityplans.registry.departments.COLLECTIVE_TYPES`) left out. This
    is the node set of ``centrality.csv``, ``network_summary.csv`` and the
    ``top_departments`` figure, so degrees recomputed from these files agree
    with the tables.
``networks/with_groups/<city>_<kind>.*``
    **all actors**, collective groups included (``collective`` = true on
    their nodes). The ``networks`` figure draws this node set.

Each network comes as

- ``.gexf``: GEXF 1.3 (valid against the official schema), labels in the
  chosen language, both names, actor type, sectors, lead and co counts as
  node attributes, weights (and roles) on edges, city and kind in ``<meta>``;
- ``.graphml``: the same attributes, written by networkx's plain-XML writer
  (the output does not depend on whether lxml is installed);
- ``.dl``: UCINET DL ``edgelist1`` with a ``LABELS:`` list and the weight as
  third column, read alike by UCINET, Gephi, python-igraph and R igraph;
- ``_nodes.csv`` / ``_edges.csv``: Gephi's spreadsheet import (``Id, Label``
  and ``Source, Target, Weight, Type``), headers even when empty.

Two-mode networks have one more file, ``_two_mode_matrix.dl``, the UCINET
two-mode form (``NR`` tasks × ``NC`` departments, row and column labels,
tasks in document order). Its cells and the two-mode weights keep the role:
**2 = lead, 1 = co** (or any other role). igraph's DL reader has no two-mode
grammar, so igraph users read ``_two_mode.dl`` (the same ties as a one-mode
edge list over tasks and departments) or the GraphML.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import pandas as pd

from cityplans.compare.network import collaboration_graph, lead_graph, two_mode_graph
from cityplans.errors import takes_tables
from cityplans.registry.departments import COLLECTIVE_TYPES

__all__ = [
    "NETWORK_KINDS",
    "NODE_SETS",
    "departments_only",
    "export_networks",
    "node_label",
    "write_dl",
    "write_gephi_csv",
    "write_gexf",
    "write_graphml",
    "write_two_mode_matrix",
]

#: Network kinds and the function building each.
NETWORK_KINDS = {"collaboration": collaboration_graph, "lead": lead_graph, "two_mode": two_mode_graph}
#: Node sets and the sub-folder of ``networks/`` each is written to.
NODE_SETS = {"departments": "", "with_groups": "with_groups"}
#: Node attributes written to every format, with their GEXF types.
NODE_ATTRIBUTES = {"name_zh": "string", "name_en": "string", "actor_type": "string", "collective": "boolean",
                   "sectors": "string", "n_lead": "integer", "n_co": "integer", "names": "string",
                   "bipartite": "integer", "city": "string"}
_DL_UNSAFE = re.compile(r"[\s,\"']+")


def departments_only(assignments: pd.DataFrame) -> pd.DataFrame:
    """The assignments of departments, collective groups left out.

    Graphs built from it are the subgraphs of the full graphs on the
    non-collective nodes (ties between departments do not depend on who else
    shares the task), which is the node set of the ranking tables.

    Examples
    --------
    >>> a = pd.DataFrame({"actor_type": ["government", "lower_government", "party"]})
    >>> departments_only(a).index.tolist()
    [0, 2]
    """
    return assignments[~assignments["actor_type"].isin(COLLECTIVE_TYPES)]


def node_label(G: nx.Graph, node: str, language: str = "zh") -> str:
    """A node's label: the department's name in ``language``, a task's id.

    Examples
    --------
    >>> G = nx.Graph(); G.add_node("health", name_zh="卫生健康委员会", name_en="Health Commission")
    >>> node_label(G, "health", "en"), node_label(G, "health")
    ('Health Commission', '卫生健康委员会')
    """
    d = G.nodes[node]
    return str(d.get(f"name_{language}") or d.get("name_zh") or node)


def _ordered_nodes(G: nx.Graph) -> tuple[list[str], list[str]]:
    """(tasks in document order, other nodes by id); tasks only in two-mode graphs."""
    tasks = [n for n, d in G.nodes(data=True) if d.get("bipartite") == 0]
    task_set = set(tasks)
    return tasks, sorted(n for n in G if n not in task_set)


def _node_rows(G: nx.Graph, language: str) -> list[dict[str, object]]:
    tasks, others = _ordered_nodes(G)
    rows = []
    for n in tasks + others:
        d = G.nodes[n]
        row: dict[str, object] = {"Id": n, "Label": node_label(G, n, language)}
        for key in NODE_ATTRIBUTES:
            if key == "collective":
                row[key] = d.get("actor_type") in COLLECTIVE_TYPES if "actor_type" in d else False
            elif key in d:
                row[key] = d[key]
        rows.append(row)
    return rows


def _edge_rows(G: nx.Graph) -> list[tuple[str, str, dict[str, object]]]:
    tasks, others = _ordered_nodes(G)
    rank = {n: i for i, n in enumerate(tasks + others)}
    return sorted(G.edges(data=True), key=lambda e: (rank[e[0]], rank[e[1]]))


def _dl_label(label: str) -> str:
    # Labels in a DL list are separated by commas or blanks, and R igraph keeps
    # quotes as part of a label: replace what would split one instead of quoting.
    return _DL_UNSAFE.sub("_", label.strip()) or "_"


def _dl_labels(G: nx.Graph, nodes: list[str], language: str) -> list[str]:
    labels = [_dl_label(node_label(G, n, language)) for n in nodes]
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):  # two nodes with one name would merge in UCINET: keep them apart
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{label}_{seen[label]}"
    return labels


def write_dl(G: nx.Graph, path: str | Path, language: str = "zh") -> Path:
    """Write a graph as UCINET DL ``edgelist1``: ``from to weight``, 1-based.

    The header keywords stand on their own lines, as in Gephi's description
    of the format; labels are names (blanks and commas replaced by ``_``).
    An undirected tie is written once (in UCINET, symmetrize after import).

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2)
    >>> print(write_dl(G, "/tmp/_doctest.dl").read_text(), end="")
    DL N=2
    FORMAT = EDGELIST1
    LABELS:
    a,b
    DATA:
    1 2 2
    """
    tasks, others = _ordered_nodes(G)
    nodes = tasks + others
    index = {n: i + 1 for i, n in enumerate(nodes)}
    labels = ["LABELS:", ",".join(_dl_labels(G, nodes, language))] if nodes else []  # igraph fails on an empty list
    lines = [f"DL N={len(nodes)}", "FORMAT = EDGELIST1", *labels, "DATA:"]
    lines += [f"{index[u]} {index[v]} {_weight(d)}" for u, v, d in _edge_rows(G)]
    path = Path(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_two_mode_matrix(G: nx.Graph, path: str | Path, language: str = "zh") -> Path:
    """Write a two-mode graph as UCINET's ``NR × NC`` matrix (tasks × departments).

    Tasks are rows in document order, departments columns by id; a cell is
    the tie's weight (2 = lead, 1 = co), 0 where there is none.
    """
    tasks, deps = _ordered_nodes(G)
    lines = [f"DL NR={len(tasks)}, NC={len(deps)}", "FORMAT = FULLMATRIX", "ROW LABELS:",
             ",".join(_dl_labels(G, tasks, language)), "COLUMN LABELS:", ",".join(_dl_labels(G, deps, language)),
             "DATA:"]
    lines += [" ".join(_weight(G.edges[t, d]) if G.has_edge(t, d) else "0" for d in deps) for t in tasks]
    path = Path(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _weight(d: dict[str, object]) -> str:
    w = d.get("weight", 1)
    return str(int(w)) if float(w).is_integer() else repr(float(w))


def _edge_type(G: nx.Graph) -> str:
    return "Directed" if G.is_directed() else "Undirected"


def write_gephi_csv(G: nx.Graph, directory: str | Path, stem: str, language: str = "zh") -> tuple[Path, Path]:
    """Write ``<stem>_nodes.csv`` and ``<stem>_edges.csv`` for Gephi's spreadsheet import.

    Nodes: ``Id, Label`` and the node attributes; edges: ``Source, Target,
    Weight, Type`` (``Undirected`` or ``Directed``, so Gephi does not guess)
    and ``role`` where the edges have one. Headers are written when empty.
    """
    directory = Path(directory)
    node_cols = ["Id", "Label", *[k for k in NODE_ATTRIBUTES if k not in ("bipartite", "city")]]
    if any(d.get("bipartite") == 0 for _, d in G.nodes(data=True)):
        node_cols += ["bipartite", "city"]
    edges = _edge_rows(G)
    edge_cols = ["Source", "Target", "Weight", "Type"] + (["role"] if any("role" in d for *_, d in edges) else [])
    node_path, edge_path = directory / f"{stem}_nodes.csv", directory / f"{stem}_edges.csv"
    _write_csv(node_path, node_cols, ([r.get(c, "") for c in node_cols] for r in _node_rows(G, language)))
    _write_csv(edge_path, edge_cols, ([u, v, _weight(d), _edge_type(G), *([d.get("role", "")] if "role" in edge_cols
                                                                          else [])] for u, v, d in edges))
    return node_path, edge_path


def _write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([_csv_value(v) for v in row] for row in rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _csv_value(v: object) -> object:
    return str(v).lower() if isinstance(v, bool) else v


def _gexf_attributes(klass: str, spec: dict[str, str]) -> list[str]:
    lines = [f'    <attributes class="{klass}" mode="static">']
    lines += [f'      <attribute id="{k}" title="{k}" type="{t}"/>' for k, t in spec.items()]
    return lines + ["    </attributes>"]


def _attvalues(values: dict[str, object], indent: str) -> list[str]:
    if not values:
        return []
    inner = [f'{indent}  <attvalue for="{k}" value={quoteattr(_gexf_value(v))}/>' for k, v in values.items()]
    return [f"{indent}<attvalues>", *inner, f"{indent}</attvalues>"]


def _gexf_value(v: object) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def write_gexf(G: nx.Graph, path: str | Path, language: str = "zh", description: str = "") -> Path:
    """Write GEXF 1.3: named nodes with attributes, weighted edges, city and kind in ``<meta>``.

    ``G.graph`` supplies the keywords (``city``, ``kind``, ``node_set``); the
    file has no date, so rebuilds are byte-identical.
    """
    node_rows = _node_rows(G, language)
    node_spec = {k: t for k, t in NODE_ATTRIBUTES.items() if any(k in r for r in node_rows)}
    edges = _edge_rows(G)
    edge_spec = {"role": "string"} if any("role" in d for *_, d in edges) else {}
    keywords = ", ".join(str(G.graph[k]) for k in ("city", "kind", "node_set") if G.graph.get(k))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
             "  <meta>", "    <creator>cityplans</creator>",
             f"    <keywords>{escape(keywords)}</keywords>", f"    <description>{escape(description)}</description>",
             "  </meta>",
             f'  <graph defaultedgetype="{_edge_type(G).lower()}" mode="static">',
             *_gexf_attributes("node", node_spec), *(_gexf_attributes("edge", edge_spec) if edge_spec else []),
             f'    <nodes count="{len(node_rows)}">']
    for r in node_rows:
        lines.append(f"      <node id={quoteattr(str(r['Id']))} label={quoteattr(str(r['Label']))}>")
        lines += _attvalues({k: r[k] for k in node_spec if k in r}, "        ") + ["      </node>"]
    lines += ["    </nodes>", f'    <edges count="{len(edges)}">']
    for i, (u, v, d) in enumerate(edges):
        lines.append(f'      <edge id="{i}" source={quoteattr(u)} target={quoteattr(v)} weight="{_weight(d)}">')
        lines += _attvalues({k: d[k] for k in edge_spec if k in d}, "        ") + ["      </edge>"]
    lines += ["    </edges>", "  </graph>", "</gexf>"]
    path = Path(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_graphml(G: nx.Graph, path: str | Path, language: str = "zh") -> Path:
    """Write GraphML with a ``label`` on every node (plain-XML writer: same bytes with or without lxml)."""
    H = G.copy()
    for row in _node_rows(G, language):
        H.nodes[row["Id"]].update({k: v for k, v in row.items() if k not in ("Id", "Label")}, label=row["Label"])
    path = Path(path)
    nx.write_graphml_xml(H, path)
    return path


def _describe(city: str, kind: str, node_set: str, plans: pd.DataFrame | None) -> str:
    place = city
    if plans is not None and "city" in plans and (plans["city"] == city).any():
        row = plans[plans["city"] == city].iloc[0]
        place = f"{row.get('name_en', city)} ({row.get('name_zh', '')})"
    who = "departments only (collective groups left out)" if node_set == "departments" else \
        "all actors, collective groups included"
    roles = "; weight 2 = lead, 1 = co" if kind == "two_mode" else ""
    return f"{place}: {kind.replace('_', '-')} network from the attribution clauses, {who}{roles}"


@takes_tables(assignments=["city", "task_id", "clause_start", "form", "department_name", "department_id", "role",
                           "actor_type"])
def export_networks(assignments: pd.DataFrame, directory: str | Path, cities: Iterable[str] | None = None, *,
                    language: str = "zh", plans: pd.DataFrame | None = None) -> list[Path]:
    """Write every city's networks and the pooled ones, in both node sets (see the module docstring).

    A city without attribution clauses gets files with headers and no ties,
    not missing files. ``plans`` (the plans table) names the place in each
    GEXF description. Returns the paths written.
    """
    directory = Path(directory)
    if cities is None:
        col = assignments["city"]
        cities = list(col.cat.categories) if isinstance(col.dtype, pd.CategoricalDtype) else sorted(set(col))
    written: list[Path] = []
    for node_set, sub in NODE_SETS.items():
        folder = directory / sub
        folder.mkdir(parents=True, exist_ok=True)
        a = departments_only(assignments) if node_set == "departments" else assignments
        for city in [*cities, None]:
            stem = city or "pooled"
            for kind, build in NETWORK_KINDS.items():
                G = build(a, city)
                G.graph.update(kind=kind, node_set=node_set)
                base = folder / f"{stem}_{kind}"
                text = _describe(stem, kind, node_set, plans)
                written += [write_gexf(G, base.with_suffix(".gexf"), language, text),
                            write_graphml(G, base.with_suffix(".graphml"), language),
                            write_dl(G, base.with_suffix(".dl"), language),
                            *write_gephi_csv(G, folder, base.name, language)]
                if kind == "two_mode":
                    written.append(write_two_mode_matrix(G, folder / f"{stem}_two_mode_matrix.dl", language))
    return written
