"""cityplans: compare Chinese local "Healthy X" (健康XX) plans.

The public API, by the question it answers:

- What do the plans say, and where? :func:`load` gives the :class:`Corpus`
  (tables ``plans``, ``tasks``, ``segments``, ``anomalies``);
  :meth:`Corpus.source` traces any record back to its characters.
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
from .normalize import NormalizedText, normalize
from .outline import Anomaly, Node, Outline, Segment, chinese_numeral, parse_outline
from .source import Source, source_of
from .textio import PlanInputError, PlanText, decode_plan, read_plan

__version__ = "0.1.0"

__all__ = [
    "ANOMALY_COLUMNS",
    "PLAN_COLUMNS",
    "SEGMENT_COLUMNS",
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
    "chinese_numeral",
    "city_order",
    "decode_plan",
    "load",
    "normalize",
    "parse_files",
    "parse_outline",
    "parse_plan",
    "read_manifest",
    "read_plan",
    "source_of",
]
