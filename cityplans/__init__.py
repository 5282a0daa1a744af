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

__version__ = "0.1.0"

# Every public name loads its module on first use (PEP 562): ``import cityplans``
# costs nothing, and the command line can install its signal handlers before
# pandas, networkx or matplotlib are imported.
_LAZY = {
    **{name: "attributions" for name in ("ASSIGNMENT_COLUMNS", "find_assignments")},
    **{name: "corpus" for name in ("ANOMALY_COLUMNS", "PLAN_COLUMNS", "SEGMENT_COLUMNS", "TASK_COLUMNS", "Corpus",
                                   "ParsedPlan", "city_order", "load", "parse_files", "parse_plan", "read_manifest")},
    **{name: "departments" for name in ("departments_table", "resolve")},
    "national_targets": "national",
    **{name: "normalize" for name in ("NormalizedText", "normalize")},
    **{name: "outline" for name in ("Anomaly", "Node", "Outline", "Segment", "chinese_numeral", "parse_outline")},
    **{name: "source" for name in ("Source", "source_of")},
    **{name: "targets" for name in ("TARGET_COLUMNS", "find_targets", "split_cells")},
    **{name: "indicators" for name in ("indicators_table", "quantified_indicators")},
    "compare_targets": "national",
    **{name: "textio" for name in ("PlanInputError", "PlanText", "decode_plan")},
    "read_plan": "formats",
    **{name: "network" for name in ("centrality_table", "collaboration_graph", "community_table", "lead_concentration",
                                    "lead_graph", "network_summary", "two_mode_graph")},
    "export_networks": "exports",
    **{name: name for name in ("network", "exports", "plot")},
}
#: Modules reachable as attributes (``cp.coverage.category_coverage``), loaded on first use too.
_MODULES = ("attributions", "corpus", "coverage", "departments", "dictionary", "exports", "figures",
            "flattened_tables", "indicators", "national", "network", "normalize", "outline", "plot", "quantities",
            "source", "tables", "targets", "taxonomy", "textio", "workbook", "formats")


def __getattr__(name: str) -> object:
    if name in _MODULES and name not in _LAZY:
        value = importlib.import_module(f".{name}", __name__)
        globals()[name] = value
        return value
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{_LAZY[name]}", __name__)
    value = module if name == _LAZY[name] else getattr(module, name)
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
    "quantified_indicators",
    "read_manifest",
    "read_plan",
    "resolve",
    "source_of",
    "split_cells",
    "two_mode_graph",
]
