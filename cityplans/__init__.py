"""cityplans: compare Chinese local "Healthy X" (健康XX) plans.

The public API, by the question it answers:

- What do the plans say, and where? :func:`load` gives the :class:`Corpus`
  (tables ``plans``, ``tasks``, ``segments``, ``anomalies``);
  :meth:`Corpus.source` traces any record back to its characters.
- Who does what? ``corpus.assignments`` (attribution clauses, roles,
  canonical department ids from :func:`departments_table`); graphs and
  tables in :mod:`cityplans.network` (:func:`collaboration_graph`,
  :func:`lead_graph`, :func:`two_mode_graph`, :func:`centrality_table`,
  :func:`network_summary`, :func:`lead_concentration`); files for Gephi,
  UCINET, R and igraph from :func:`export_networks` (:mod:`cityplans.exports`).
- What do they promise? ``corpus.targets`` (values, comparators, years,
  baselines, canonical indicators from :func:`indicators_table`);
  :func:`national_targets` and :func:`compare_targets` put them next to the
  national benchmarks; :func:`quantified_indicators` shows what each plan
  quantifies.
- A plan outside the corpus? :func:`parse_files`, :func:`parse_plan`.
- Reading and parsing pieces: :func:`read_plan`, :func:`parse_outline`,
  :func:`normalize`.

Example
-------
>>> import cityplans as cp
>>> corpus = cp.load()
>>> corpus.cities
['huanren', 'haining', 'dalian', 'xiangfu', 'lhasa']
"""

import importlib

from .attributions import ASSIGNMENT_COLUMNS, find_assignments
from .corpus import (
    ANOMALY_COLUMNS,
    PLAN_COLUMNS,
    SEGMENT_COLUMNS,
    TASK_COLUMNS,
    Corpus,
    ParsedPlan,
    city_order,
    load,
    parse_files,
    parse_plan,
    read_manifest,
)
from .departments import departments_table, resolve
from .national import national_targets
from .normalize import NormalizedText, normalize
from .outline import Anomaly, Node, Outline, Segment, chinese_numeral, parse_outline
from .source import Source, source_of
from .targets import (
    TARGET_COLUMNS,
    compare_targets,
    find_targets,
    indicators_table,
    quantified_indicators,
    split_cells,
)
from .textio import PlanInputError, PlanText, decode_plan, read_plan

__version__ = "0.1.0"

# networkx and matplotlib take 0.6 s to import; reading and parsing plans needs
# neither, so the graph functions and the plot module load on first use (PEP 562).
_LAZY = {
    "network": "network",
    "exports": "exports",
    "plot": "plot",
    "export_networks": "exports",
    **{name: "network" for name in (
        "centrality_table", "collaboration_graph", "community_table", "lead_concentration",
        "lead_graph", "network_summary", "two_mode_graph",
    )},
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{_LAZY[name]}", __name__)
    value = module if name == _LAZY[name] else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

__all__ = [
    "ANOMALY_COLUMNS",
    "ASSIGNMENT_COLUMNS",
    "PLAN_COLUMNS",
    "SEGMENT_COLUMNS",
    "TARGET_COLUMNS",
    "TASK_COLUMNS",
    "Anomaly",
    "Corpus",
    "Node",
    "NormalizedText",
    "Outline",
    "ParsedPlan",
    "PlanInputError",
    "PlanText",
    "Segment",
    "Source",
    "centrality_table",
    "chinese_numeral",
    "city_order",
    "collaboration_graph",
    "community_table",
    "compare_targets",
    "decode_plan",
    "departments_table",
    "export_networks",
    "exports",
    "find_assignments",
    "find_targets",
    "indicators_table",
    "lead_concentration",
    "lead_graph",
    "load",
    "national_targets",
    "network",
    "network_summary",
    "normalize",
    "parse_files",
    "parse_outline",
    "parse_plan",
    "plot",
    "quantified_indicators",
    "read_manifest",
    "read_plan",
    "resolve",
    "source_of",
    "split_cells",
    "two_mode_graph",
]
