"""cityplans: compare Chinese local "Healthy X" (健康XX) plans.

The public API, by the question it answers:

- What do the plans say, and where? :func:`load` gives the :class:`Corpus`
  (tables ``plans``, ``tasks``, ``segments``, ``anomalies``);
  :meth:`Corpus.source` traces any record back to its characters.
- Who does what? ``corpus.assignments`` (attribution clauses, roles,
  canonical department ids from :func:`departments_table`); graphs and
  tables in :mod:`cityplans.compare.network` (:func:`collaboration_graph`,
  :func:`lead_graph`, :func:`two_mode_graph`, :func:`centrality_table`,
  :func:`network_summary`, :func:`lead_concentration`); files for Gephi,
  UCINET, R and igraph from :func:`export_networks` (:mod:`cityplans.outputs.exports`).
- What do they promise? ``corpus.targets`` (values, comparators, years,
  baselines, canonical indicators from :func:`indicators_table`);
  :func:`national_targets` and :func:`compare_targets` put them next to the
  national benchmarks; :func:`quantified_indicators` shows what each plan
  quantifies.
- How well was each plan read? :func:`quality_table` (``quality.csv``): what
  was read, what was seen but not read, and which plans are doubtful.
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

__version__ = "0.1.0"

# Every public name loads its module on first use (PEP 562): ``import cityplans``
# costs nothing, and the command line can install its signal handlers before
# pandas, networkx or matplotlib are imported.
_LAZY = {
    **{name: "extract.attributions" for name in ("ASSIGNMENT_COLUMNS", "find_assignments")},
    **{name: "corpus" for name in ("ANOMALY_COLUMNS", "PLAN_COLUMNS", "SEGMENT_COLUMNS", "TASK_COLUMNS", "Corpus",
                                   "ParsedPlan", "city_order", "load", "parse_files", "parse_plan", "read_manifest")},
    **{name: "registry.departments" for name in ("departments_table", "resolve")},
    **{name: "registry.indicators" for name in ("indicators_table", "quantified_indicators")},
    **{name: "reading.normalize" for name in ("NormalizedText", "normalize")},
    **{name: "reading.outline" for name in ("Anomaly", "Node", "Outline", "Segment", "chinese_numeral",
                                            "parse_outline")},
    **{name: "reading.source" for name in ("Source", "source_of")},
    **{name: "reading.textio" for name in ("PlanText", "decode_plan")},
    "PlanInputError": "errors",
    "read_plan": "reading.formats",
    **{name: "extract.targets" for name in ("TARGET_COLUMNS", "find_targets", "split_cells")},
    **{name: "compare.national" for name in ("compare_targets", "national_targets")},
    **{name: "compare.network" for name in ("centrality_table", "collaboration_graph", "community_table",
                                            "lead_concentration", "lead_graph", "network_summary", "two_mode_graph")},
    "export_networks": "outputs.exports",
    "quality_table": "compare.quality",
}
#: Modules reachable as attributes (``cp.coverage.category_coverage``, ``from cityplans import plot``), loaded on
#: first use too: the stage subpackages, and the modules researchers reach for most by their short names.
_MODULES = {
    **{name: name for name in ("reading", "registry", "extract", "compare", "outputs", "plots", "corpus", "paths",
                               "datafiles", "errors")},
    **{name: f"reading.{name}" for name in ("formats", "normalize", "outline", "source", "textio")},
    **{name: f"registry.{name}" for name in ("departments", "indicators")},
    **{name: f"extract.{name}" for name in ("attributions", "quantities", "targets", "taxonomy", "instruments", "pmc",
                                            "flattened_tables")},
    **{name: f"compare.{name}" for name in ("coverage", "national", "network", "tables")},
    **{name: f"outputs.{name}" for name in ("dictionary", "exports", "workbook")},
    "figures": "plots.figures",
    "plot": "plots",
}


def __getattr__(name: str) -> object:
    if name in _MODULES and name not in _LAZY:
        value = importlib.import_module(f".{_MODULES[name]}", __name__)
    elif name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_MODULES))

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
    "quality_table",
    "quantified_indicators",
    "read_manifest",
    "read_plan",
    "resolve",
    "source_of",
    "split_cells",
    "two_mode_graph",
]
