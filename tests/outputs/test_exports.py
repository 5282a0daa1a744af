"""The network files, read by the tools researchers use, not by our own reader.

python-igraph reads every DL and GraphML file, lxml validates every GEXF
against the official 1.3 schema, R igraph (where installed) reads the DL
files, and all of them are checked against ties recomputed here from
``assignments.csv`` with plain pandas.
"""

from __future__ import annotations

import itertools
import json
import math
import shutil
import subprocess
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from cityplans import departments_table, exports, paths

igraph = pytest.importorskip("igraph")
etree = pytest.importorskip("lxml.etree")

NETWORKS = paths.PROCESSED_DIR / "networks"
SCHEMA = paths.PROJ_ROOT.parent / "shared" / "reference" / "gexf-schema" / "1.3" / "gexf.xsd"
COLLECTIVE = {"lower_government", "collective"}
CITIES = ["huanren", "haining", "dalian", "xiangfu", "lhasa", "pooled"]
KINDS = ["collaboration", "lead", "two_mode"]


def read_dl(path: Path, directed: bool = False):
    with warnings.catch_warnings():
        # igraph warns "More vertices than specified" on a network with no nodes (N=0) and reads it right.
        warnings.filterwarnings("ignore", "More vertices than specified", RuntimeWarning)
        return igraph.Graph.Read_DL(str(path), directed=directed)


def _files(pattern: str) -> list[Path]:
    found = sorted(NETWORKS.rglob(pattern))
    assert found, f"no {pattern} in {NETWORKS}"
    return found


@pytest.fixture(scope="module")
def clauses() -> pd.DataFrame:
    a = pd.read_csv(paths.PROCESSED_DIR / "assignments.csv", dtype=str, keep_default_na=False)
    return a[a["form"].isin(["labelled", "verb"])]


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    d = pd.read_csv(paths.PROCESSED_DIR / "departments.csv", dtype=str, keep_default_na=False)
    return dict(zip(d["name_zh"], d["department_id"], strict=True))


def expected_ties(clauses: pd.DataFrame, city: str, kind: str, node_set: str) -> Counter:
    """Ties and weights worked out from the assignments table, independently of the package."""
    a = clauses if city == "pooled" else clauses[clauses["city"] == city]
    if node_set == "departments":
        a = a[~a["actor_type"].isin(COLLECTIVE)]
    ties: Counter = Counter()
    if kind == "collaboration":
        for _, g in a.groupby(["city", "task_id"]):
            for u, v in itertools.combinations(sorted(set(g["department_id"])), 2):
                ties[(u, v)] += 1
    elif kind == "lead":
        for _, g in a.groupby(["city", "task_id", "clause_start"]):
            leads, cos = set(g[g["role"] == "lead"]["department_id"]), set(g[g["role"] == "co"]["department_id"])
            for u, v in itertools.product(leads, cos):
                if u != v:
                    ties[(u, v)] += 1
    else:
        for (task, dep), g in a.groupby(["task_id", "department_id"]):
            ties[(task, dep)] = 2 if (g["role"] == "lead").any() else 1
    return ties


def read_ties(g, names: dict[str, str], key: str = "name") -> Counter:
    ids = [names.get(v, v) for v in g.vs[key]] if g.vcount() else []
    ties: Counter = Counter()
    for e in g.es:
        u, v = ids[e.source], ids[e.target]
        if not g.is_directed():
            u, v = sorted((u, v), key=lambda n: (":" not in n, n))  # task first, then by id
        ties[(u, v)] += e["weight"] if "weight" in g.es.attributes() else 1
    return ties


def _normalise(ties: Counter, directed: bool) -> Counter:
    if directed:
        return ties
    return Counter({tuple(sorted(k, key=lambda n: (":" not in n, n))): w for k, w in ties.items()})


# A plan small enough to work out by hand. Task t1: health leads, education,
# sports and the lower-level governments support; t2: sports leads, health
# supports; t3: education alone. A mention on t3 is not a tie.
HAND = pd.DataFrame(
    [("x", "t1", 0, "labelled", "health", "government", "lead"),
     ("x", "t1", 0, "labelled", "education", "government", "co"),
     ("x", "t1", 0, "labelled", "sports", "government", "co"),
     ("x", "t1", 0, "labelled", "lower_governments", "lower_government", "co"),
     ("x", "t2", 9, "verb", "sports", "government", "lead"),
     ("x", "t2", 9, "verb", "health", "government", "co"),
     ("x", "t3", 20, "verb", "education", "government", "lead"),
     ("x", "t3", 50, "mention", "finance", "government", "mentioned")],
    columns=["city", "task_id", "clause_start", "form", "department_id", "actor_type", "role"],
).assign(department_name="")


def test_hand_worked_files(tmp_path):
    zh = departments_table().set_index("department_id")["name_zh"]
    exports.export_networks(HAND, tmp_path, ["x"])
    edu, health, sports = zh["education"], zh["health"], zh["sports"]
    assert (tmp_path / "x_collaboration.dl").read_text(encoding="utf-8").splitlines() == [
        "DL N=3", "FORMAT = EDGELIST1", "LABELS:", f"{edu},{health},{sports}", "DATA:",
        "1 2 1", "1 3 1", "2 3 2"]  # education-health (t1), education-sports (t1), health-sports (t1, t2)
    groups = (tmp_path / "with_groups" / "x_collaboration.dl").read_text(encoding="utf-8").splitlines()
    assert groups[0] == "DL N=4" and len(groups) == 5 + 6
    assert (tmp_path / "x_two_mode_matrix.dl").read_text(encoding="utf-8").splitlines() == [
        "DL NR=3, NC=3", "FORMAT = FULLMATRIX", "ROW LABELS:", "t1,t2,t3", "COLUMN LABELS:",
        f"{edu},{health},{sports}", "DATA:", "1 2 1", "0 1 2", "2 0 0"]
    assert (tmp_path / "x_lead_edges.csv").read_text(encoding="utf-8").splitlines() == [
        "Source,Target,Weight,Type", "health,education,1,Directed", "health,sports,1,Directed",
        "sports,health,1,Directed"]
    assert (tmp_path / "x_collaboration_nodes.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "Id,Label,name_zh,name_en,actor_type,collective,sectors,n_lead,n_co,names"


def test_empty_network_files_have_headers(tmp_path):
    exports.export_networks(HAND.iloc[:0], tmp_path, ["x"])
    assert (tmp_path / "x_collaboration_edges.csv").read_text(encoding="utf-8") == "Source,Target,Weight,Type\n"
    assert (tmp_path / "x_collaboration_nodes.csv").read_text(encoding="utf-8").startswith("Id,Label,")
    assert read_dl(tmp_path / "x_collaboration.dl").vcount() == 0


def test_language_chooses_the_labels(tmp_path):
    exports.export_networks(HAND, tmp_path, ["x"], language="en")
    nodes = pd.read_csv(tmp_path / "x_collaboration_nodes.csv").set_index("Id")
    assert nodes.loc["health", "Label"] == departments_table().set_index("department_id").loc["health", "name_en"]
    dl = (tmp_path / "x_collaboration.dl").read_text(encoding="utf-8").splitlines()[3]
    assert " " not in dl and "Education_Bureau" in dl.split(",")


@pytest.mark.parametrize("node_set", ["departments", "with_groups"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("city", CITIES)
def test_igraph_reads_dl_and_graphml_with_every_tie(clauses, names, city, kind, node_set):
    folder = NETWORKS / exports.NODE_SETS[node_set]
    directed = kind == "lead"
    want = _normalise(expected_ties(clauses, city, kind, node_set), directed)
    dl = read_dl(folder / f"{city}_{kind}.dl", directed)
    assert _normalise(read_ties(dl, names), directed) == want
    gml = igraph.Graph.Read_GraphML(str(folder / f"{city}_{kind}.graphml"))
    assert _normalise(read_ties(gml, names, key="id"), directed) == want
    assert dl.vcount() == gml.vcount()
    assert all("\"" not in n for n in (dl.vs["name"] if dl.vcount() else []))  # names, no quotes left in labels


@pytest.mark.parametrize("path", _files("*_two_mode_matrix.dl"), ids=lambda p: str(p.relative_to(NETWORKS)))
def test_two_mode_matrix_agrees_with_what_igraph_reads(path):
    """igraph's DL grammar has no two-mode form; the matrix must hold the ties igraph reads from ``_two_mode.dl``."""
    with pytest.raises(igraph.InternalError, match="n=vertexcount"):
        igraph.Graph.Read_DL(str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1:3] == ["FORMAT = FULLMATRIX", "ROW LABELS:"] and lines[4] == "COLUMN LABELS:"
    rows, cols = (lines[i].split(",") if lines[i] else [] for i in (3, 5))
    matrix = Counter({(r, c): int(w) for r, line in zip(rows, lines[7:], strict=True)
                      for c, w in zip(cols, line.split(), strict=True) if w != "0"})
    g = read_dl(path.with_name(path.name.replace("_matrix", "")))
    assert read_ties(g, {}) == matrix
    assert set(matrix.values()) <= {1, 2}


def test_two_mode_tasks_in_document_order(clauses):
    lines = (NETWORKS / "huanren_two_mode_matrix.dl").read_text(encoding="utf-8").splitlines()
    first_seen = clauses[clauses["city"] == "huanren"].assign(start=lambda d: d["clause_start"].astype(int))
    first_seen = first_seen[~first_seen["actor_type"].isin(COLLECTIVE)].sort_values("start", kind="stable")
    assert lines[3].split(",") == list(dict.fromkeys(first_seen["task_id"]))


@pytest.fixture(scope="module")
def schema():
    if not SCHEMA.exists():
        pytest.skip(f"the GEXF schema is not at {SCHEMA}")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.mark.parametrize("path", _files("*.gexf"), ids=lambda p: str(p.relative_to(NETWORKS)))
def test_gexf_is_valid_and_names_its_nodes(schema, path):
    doc = etree.parse(str(path))
    schema.assertValid(doc)
    ns = {"g": "http://gexf.net/1.3"}
    city, kind = path.stem.split("_", 1)
    assert doc.findtext("g:meta/g:keywords", namespaces=ns).startswith(f"{city}, {kind}")
    nodes = doc.findall(".//g:node", ns)
    departments = [n for n in nodes if ":" not in n.get("id")]
    assert all(n.get("label") != n.get("id") for n in departments)  # a name, not the id


def test_gexf_ties_match_graphml():
    ns = {"g": "http://gexf.net/1.3"}
    for path in _files("*.gexf"):
        directed = "_lead" in path.name
        doc = etree.parse(str(path))
        gexf = Counter({(e.get("source"), e.get("target")): float(e.get("weight"))
                        for e in doc.findall(".//g:edge", ns)})
        gml = igraph.Graph.Read_GraphML(str(path.with_suffix(".graphml")))
        ids = gml.vs["id"]
        graphml = Counter({(ids[e.source], ids[e.target]): e["weight"] for e in gml.es})
        assert _normalise(gexf, directed) == _normalise(graphml, directed), path


@pytest.mark.parametrize("path", _files("*_edges.csv"), ids=lambda p: str(p.relative_to(NETWORKS)))
def test_gephi_csv_typed_with_headers(path):
    edges = pd.read_csv(path)
    nodes = pd.read_csv(path.with_name(path.name.replace("_edges", "_nodes")))
    assert list(edges.columns[:4]) == ["Source", "Target", "Weight", "Type"]
    assert list(nodes.columns[:2]) == ["Id", "Label"]
    assert set(edges["Type"]) <= {"Directed" if "_lead" in path.name else "Undirected"}
    assert set(edges["Source"]) | set(edges["Target"]) <= set(nodes["Id"])


def test_every_network_has_its_files():
    for folder in (NETWORKS, NETWORKS / "with_groups"):
        for city, kind in itertools.product(CITIES, KINDS):
            for suffix in (".gexf", ".graphml", ".dl", "_nodes.csv", "_edges.csv"):
                assert (folder / f"{city}_{kind}{suffix}").is_file(), (folder, city, kind, suffix)


def test_with_groups_marks_collective_nodes():
    nodes = pd.read_csv(NETWORKS / "with_groups" / "lhasa_collaboration_nodes.csv")
    assert nodes["collective"].any() and not nodes.loc[~nodes["collective"], "actor_type"].isin(COLLECTIVE).any()
    departments = pd.read_csv(NETWORKS / "lhasa_collaboration_nodes.csv")
    assert not departments["collective"].any()


@pytest.mark.parametrize("city", ["huanren", "haining", "xiangfu", "lhasa", "pooled"])
def test_centrality_recomputed_from_the_exported_file(city):
    """``centrality.csv`` is what igraph computes from the departments' GraphML file."""
    g = igraph.Graph.Read_GraphML(str(NETWORKS / f"{city}_collaboration.graphml"))
    table = pd.read_csv(paths.PROCESSED_DIR / "centrality.csv")
    table = table[table["city"] == city].set_index("department_id")
    assert sorted(table.index) == sorted(g.vs["id"])
    n = g.vcount()
    betweenness = g.betweenness()
    with warnings.catch_warnings():  # Huanren's network is not connected; networkx computes it all the same
        warnings.filterwarnings("ignore", "Some eigenvector centralities are nearly zero", RuntimeWarning)
        eigen = g.eigenvector_centrality(weights="weight", scale=False)
    norm = math.sqrt(sum(x * x for x in eigen))
    for v, dep in enumerate(g.vs["id"]):
        row = table.loc[dep]
        assert row["degree"] == g.degree(v)
        assert row["weighted_degree"] == g.strength(v, weights="weight")
        assert row["betweenness"] == pytest.approx(betweenness[v] / ((n - 1) * (n - 2) / 2), abs=1e-6)
        assert row["eigenvector"] == pytest.approx(eigen[v] / norm, abs=1e-4)


def test_summary_counts_the_exported_node_set():
    summary = pd.read_csv(paths.PROCESSED_DIR / "network_summary.csv").set_index("city")
    for city in CITIES[:-1]:
        g = igraph.Graph.Read_GraphML(str(NETWORKS / f"{city}_collaboration.graphml"))
        assert (summary.loc[city, "n_departments"], summary.loc[city, "n_edges"]) == (g.vcount(), g.ecount())


R_SCRIPT = """
suppressMessages(library(igraph))
args <- commandArgs(trailingOnly = TRUE)
for (f in args) {
  g <- read_graph(f, format = "dl", directed = grepl("_lead", f))
  w <- if (is.null(E(g)$weight)) rep(1, ecount(g)) else E(g)$weight
  cat(basename(dirname(f)), basename(f), vcount(g), ecount(g), sum(w), any(grepl('"', V(g)$name)), "\\n")
}
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("Rscript") is None, reason="Rscript is not installed")
def test_r_igraph_reads_every_dl_file(tmp_path, clauses):
    check = subprocess.run(["Rscript", "-e", "library(igraph)"], capture_output=True, text=True)
    if check.returncode != 0:
        pytest.skip("R has no igraph package")
    script = tmp_path / "read.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    files = [p for p in _files("*.dl") if not p.name.endswith("_matrix.dl")]
    out = subprocess.run(["Rscript", str(script), *map(str, files)], capture_output=True, text=True, check=True)
    seen = {}
    for line in out.stdout.splitlines():
        folder, name, n, m, total, quoted = line.split()
        seen[(folder, name)] = (int(n), int(m), float(total), quoted)
    assert len(seen) == len(files)
    for path in files:
        folder = path.parent.name
        node_set = "with_groups" if folder == "with_groups" else "departments"
        city, kind = path.stem.split("_", 1)
        want = expected_ties(clauses, city, kind, node_set)
        py = read_dl(path, kind == "lead")
        assert seen[(folder, path.name)] == (py.vcount(), len(want), float(sum(want.values())), "FALSE"), path


JS = Path(__file__).parents[1] / "js"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("node") is None or not (JS / "node_modules" / "graphology-gexf").is_dir(),
                    reason="node or graphology-gexf is not installed (npm ci --prefix tests/js)")
def test_gephi_lite_parser_reads_every_gexf():
    """graphology-gexf, the parser of Gephi Lite, reads each file with the GraphML's nodes, ties and weights."""
    files = _files("*.gexf")
    out = subprocess.run(["node", str(JS / "read_gexf.js"), *map(str, files)], capture_output=True, text=True,
                         check=True, timeout=120)
    read = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(read) == len(files)
    for r in read:
        path = Path(r["file"])
        gml = igraph.Graph.Read_GraphML(str(path.with_suffix(".graphml")))
        assert (r["nodes"], r["edges"]) == (gml.vcount(), gml.ecount()), path
        assert r["weight"] == pytest.approx(sum(gml.es["weight"]) if gml.ecount() else 0), path
        if gml.ecount():
            assert r["type"] == ("directed" if "_lead" in path.name else "undirected"), path
        labels = dict(zip(gml.vs["id"], gml.vs["label"], strict=True)) if gml.vcount() else {}
        assert r["labels"] == labels, path
