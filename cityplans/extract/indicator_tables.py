"""Indicator tables with named columns: one target per row, its unit, baseline and attribute from their columns.

Annual plans and five-year plans state their indicators as a table whose
header names the columns::

    | 序号 | 指标名称 | 单位 | 上年完成值 | 年度目标值 | 指标属性 |
    | 1 | 居民健康素养水平 | % | 20.5 | ≥23 | 预期性 |

Cells are separated by ``|``, tabs or runs of spaces (a Word or web table
arrives flattened to one of these). A header is a line whose cells name an
indicator column and a target column (the words are
``cityplans/data/indicator_table_columns.tsv``; a year before a cell,
``2025年目标值``, is the column's year, and of bare year columns the first is
the baseline and the last the target). Each row below it gives a target: the
indicator cell is its phrase, the unit comes from the unit column, else the
phrase's brackets, else the value; the baseline from the baseline column
(``上年`` is the year before the target's); the attribute column reads as
``binding`` (约束性) or ``expected`` (预期性). A row whose target cell holds
no number is a ``table_row_unread`` anomaly; a header with no row read is a
``table_not_read`` anomaly. Rows keep their spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cityplans.datafiles import read_rows
from cityplans.extract.quantities import canonical_unit, comparator_after, comparator_symbol, cue, symbol_class
from cityplans.reading.outline import Anomaly, Node
from cityplans.reading.task_tables import cell_spans
from cityplans.registry.indicators import indicator_for

__all__ = ["ColumnTable", "column_roles", "column_table_targets", "column_tables"]

_RULE = re.compile(r"^[\s|:\-—=+]*$")  # a markdown or ASCII rule between header and rows
_BRACKETED_UNIT = re.compile(r"\(([^()]{1,8})\)\s*$")


@lru_cache(maxsize=1)
def column_roles() -> dict[str, str]:
    """Header words and the role of their column (``indicator_table_columns.tsv``), longest first."""
    rows = sorted(read_rows("indicator_table_columns.tsv"), key=lambda r: -len(r["header"]))
    return {r["header"]: r["role"] for r in rows}


def _cells(line: str) -> list[tuple[int, int]]:
    """Spans of the cells of a table line (:func:`~cityplans.reading.task_tables.cell_spans`); [] for one cell."""
    spans = cell_spans(line)
    return spans if len(spans) >= 2 else []


@dataclass(frozen=True)
class _Column:
    role: str
    year: int | None
    word: str


def _column(cell: str) -> _Column:
    year = cue("column_year").match(cell)
    rest = cell[year.end():].strip() if year else cell.strip()
    rest = re.sub(r"[()\s]", "", rest)  # the NFKC view: full-width brackets are ASCII here
    role = next((r for word, r in column_roles().items() if rest == word), None)
    role = role or next((r for word, r in column_roles().items() if rest.endswith(word)), None)
    return _Column(role or ("year" if year and not rest else ""), int(year.group(1)) if year else None, rest)


def _header(line: str) -> list[_Column] | None:
    columns = [_column(line[a:b]) for a, b in _cells(line)]
    roles = [c.role for c in columns]
    years = [i for i, r in enumerate(roles) if r == "year"]
    if len(years) >= 2 and "target" not in roles:  # bare years: the first is the baseline, the last the target
        columns[years[0]] = _Column("baseline", columns[years[0]].year, "")
        columns[years[-1]] = _Column("target", columns[years[-1]].year, "")
        roles = [c.role for c in columns]
    return columns if "indicator" in roles and "target" in roles else None


@dataclass(frozen=True)
class ColumnTable:
    """A table found in a node's text: its header's span and columns, and the spans of its rows."""

    header: tuple[int, int]
    columns: list[_Column]
    rows: list[tuple[int, int]]

    @property
    def span(self) -> tuple[int, int]:
        return self.header[0], (self.rows[-1][1] if self.rows else self.header[1])


def column_tables(masked: str) -> list[ColumnTable]:
    """The indicator tables of a node's text (the NFKC view, quotes blanked), each with its rows."""
    tables: list[ColumnTable] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", masked)]
    i = 0
    while i < len(lines):
        columns = _header(masked[lines[i][0]:lines[i][1]])
        if columns is None:
            i += 1
            continue
        header, rows = lines[i], []
        i += 1
        while i < len(lines) and (_RULE.match(masked[lines[i][0]:lines[i][1]]) or _cells(masked[slice(*lines[i])])):
            if not _RULE.match(masked[lines[i][0]:lines[i][1]]):
                rows.append(lines[i])
            i += 1
        tables.append(ColumnTable(header, columns, rows))
    return tables


def _number(cell: str) -> tuple[str, float, str] | None:
    """(comparator, value, unit) of a value cell such as ``≥23``, ``23%以上``, ``3``; None when it holds none."""
    after = "|".join(sorted(map(re.escape, comparator_after()), key=len, reverse=True))
    m = re.fullmatch(rf"\s*(?P<sym>{symbol_class()})?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|‰)?\s*"
                     rf"(?P<suffix>{after})?\s*", cell)
    if not m:
        return None
    comparator = (comparator_symbol().get(m.group("sym") or "") or comparator_after().get(m.group("suffix") or "")
                  or "=")
    return comparator, float(m.group("num")), m.group("unit") or ""


def _attribute(cell: str) -> str:
    return "binding" if cue("binding").search(cell) else "expected" if cue("expected").search(cell) else ""


def _row_target(city: str, node: Node, nt, table: ColumnTable, row: tuple[int, int], plain: str,
                fallback_year: int | None) -> tuple[tuple | None, Anomaly | None]:
    line = plain[row[0]:row[1]]
    cells = {c.role: (line[a:b], c) for (a, b), c in zip(_cells(line), table.columns, strict=False) if c.role}
    a, b = nt.span(*row)
    span = (node.start + a, node.start + b)
    phrase = cells.get("indicator", ("", None))[0]
    value = _number(cells.get("target", ("", None))[0])
    if not phrase or value is None:
        return None, Anomaly(city, "table_row_unread", *span, f"an indicator-table row whose target cell holds no "
                             f"number ({line.strip()[:60]}); read it by hand", node.task_id)
    comparator, number, value_unit = value
    unit_cell = cells.get("unit", ("", None))[0]
    bracket = _BRACKETED_UNIT.search(phrase)
    unit = canonical_unit(unit_cell or (bracket.group(1) if bracket else "") or value_unit, phrase)
    target_col = cells["target"][1]
    year = target_col.year or fallback_year
    base_cell, base_col = cells.get("baseline", ("", None))
    base = _number(base_cell)
    base_year = base_col.year if base_col and base_col.year else (year - 1 if year and base_col
                                                                  and cue("last_year").search(base_col.word) else None)
    return (city, node.task_id, *span, phrase, indicator_for(phrase, unit), number, None, comparator, unit, year,
            base[1] if base else None, base_year if base else None, target_col.year is None and year is not None,
            1.0, "table", _attribute(cells.get("attribute", ("", None))[0])), None


def column_table_targets(city: str, node: Node, nt, masked: str, tables: list[ColumnTable],
                         fallback_year: int | None) -> tuple[list[tuple], list[Anomaly]]:
    """The targets of the tables found by :func:`column_tables`, as tuples in
    :class:`cityplans.extract.targets.Target`'s field order, and the anomalies of what could not be read."""
    targets, anomalies = [], []
    for table in tables:
        for row in table.rows:
            target, anomaly = _row_target(city, node, nt, table, row, nt.norm, fallback_year)
            targets += [target] if target else []
            anomalies += [anomaly] if anomaly else []
        if not table.rows:
            a, b = nt.span(*table.header)
            anomalies.append(Anomaly(city, "table_not_read", node.start + a, node.start + b,
                                     "an indicator-table header with no row read below it; check the rows' "
                                     "separators (|, tabs or two spaces between cells)", node.task_id))
    return targets, anomalies
