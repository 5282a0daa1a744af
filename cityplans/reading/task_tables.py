"""Task-division tables flattened into text: 序号 重点任务 牵头单位 配合单位 完成时限.

County and annual plans often assign their tasks in a table. Saved as text
(or extracted from Word or PDF) the table becomes lines whose cells are
separated by tabs, by ``|`` or by runs of spaces, and a long cell wraps onto
the next line. This module finds such a table by its header line (column
names from ``data/task_table_columns.tsv``, each with its role: the row
number, the task, the lead, responsible and supporting departments, the
deadline) and reads each row: the outline makes every row a task item
(style ``row``), and :mod:`cityplans.extract.attributions` reads the departments
from the lead and supporting columns.

A wrapped cell is put back in its column: by the tab count for tabs and
bars, by its position under the header for spaces (a Chinese character is
two columns wide, as a fixed-width font draws it).

Examples
--------
>>> lines = ["序号\\t重点任务\\t牵头单位\\t配合单位\\t完成时限", "1\\t建设健身步道\\t县体育局\\t县住建局、\\t2021年底",
...          "\\t10公里\\t\\t各乡镇\\t"]
>>> rows = table_rows(lines, set())
>>> _pieces("\\t\\t县住建局\\t", "tab")
[(0, 0), (0, 0), (2, 6), (7, 7)]
>>> [(i, r.number, [(c.role, lines[j][c.start:c.end]) for j, c in r.cells]) for i, r in rows.items()]
[(1, '1', [('number', '1'), ('task', '建设健身步道'), ('lead', '县体育局'), ('co', '县住建局、'), \
('deadline', '2021年底'), ('task', '10公里'), ('co', '各乡镇')])]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from cityplans.datafiles import read_rows

__all__ = ["Cell", "TableRow", "cell_spans", "column_roles", "table_rows", "unread_headers"]

#: A paragraph of running text this long ends a table.
_MAX_CONTINUATION = 40
_SEPARATORS = {"tab": re.compile(r"\t+"), "bar": re.compile(r"\s*\|\s*"), "spaces": re.compile(r" {2,}|\t+")}
_ROW_START = re.compile(r"[ |]*(?P<number>\d{1,3})[.、]?(?=\t| {2,}| *\||$)")


@dataclass(frozen=True)
class Cell:
    role: str  # number, task, lead, responsible, co, deadline, note
    header: str  # the column's name as the header writes it
    start: int  # in the line (the normalized line, without its line break)
    end: int


@dataclass
class TableRow:
    """One row: its number and its cells, as (line index, cell), a wrapped cell in several pieces."""

    number: str
    cells: list[tuple[int, Cell]] = field(default_factory=list)


@cache
def column_roles() -> dict[str, str]:
    """Column name → role, from ``data/task_table_columns.tsv``."""
    return {r["header"]: r["role"] for r in read_rows("task_table_columns.tsv")}


def _pieces(line: str, kind: str) -> list[tuple[int, int]]:
    """Cell spans of a line; with tabs, empty cells (two tabs in a row, a leading tab) are kept as empty spans."""
    if kind == "bar":
        return _bar_pieces(line)
    out = []
    pos = 0 if kind == "tab" else len(line) - len(line.lstrip(" "))
    for m in _SEPARATORS[kind].finditer(line, pos):
        out.append((pos, m.start()))
        if kind == "tab":
            out += [(m.start(), m.start())] * (len(m.group()) - 1)
        pos = m.end()
    out.append((pos, len(line.rstrip(" |\t"))))
    return [(a, max(a, b)) for a, b in out]


def cell_spans(line: str) -> list[tuple[int, int]]:
    """The non-empty cells of a table line: between bars, else tabs, else runs of spaces (empty tab cells kept).

    Examples
    --------
    >>> line = "| 1 | 婴儿死亡率 | ‰ |"
    >>> [line[a:b] for a, b in cell_spans(line)]
    ['1', '婴儿死亡率', '‰']
    """
    kind = "bar" if "|" in line else "tab" if "\t" in line else "spaces"
    spans = _pieces(line, kind)
    return spans if kind == "tab" else [(a, b) for a, b in spans if b > a]


def _bar_pieces(line: str) -> list[tuple[int, int]]:
    """Cells between bars (``| 1 | 建设步道 |``), empty ones kept; the outer bars are the table's edge."""
    bars = [m.start() for m in re.finditer(r"\|", line)]
    edges = [-1, *bars, len(line)]
    if bars and not line[: bars[0]].strip():
        edges = edges[1:]  # a leading bar opens the row
    if bars and not line[bars[-1] + 1:].strip():
        edges = edges[:-1]  # a trailing bar closes it
    out = []
    for a, b in pairwise(edges):
        text = line[a + 1:b]
        lead = len(text) - len(text.lstrip())
        out.append((a + 1 + lead, a + 1 + len(text.rstrip())))
    return [(x, max(x, y)) for x, y in out]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class _Header:
    kind: str
    roles: tuple[str, ...]
    names: tuple[str, ...]
    columns: tuple[int, ...]  # display column where each header cell starts (spaces)


@cache
def _lead_words() -> re.Pattern[str]:
    """Any name of a lead or responsible column: a line without one is no header (checked first, it is cheap)."""
    return re.compile("|".join(re.escape(h) for h, role in column_roles().items() if role in ("lead", "responsible")))


def _header(line: str) -> _Header | None:
    if not _lead_words().search(line):
        return None
    kind = "tab" if "\t" in line else "bar" if "|" in line else "spaces"
    spans = [(a, b) for a, b in _pieces(line, kind) if b > a]
    names = [line[a:b].strip() for a, b in spans]
    roles = column_roles()
    found = [roles.get(re.sub(r"\s+", "", n)) for n in names]
    if len(names) < 3 or None in found or "task" not in found or not {"lead", "responsible"} & set(found):
        return None
    columns = tuple(_width(line[:a]) for a, _ in spans)
    return _Header(kind, tuple(r for r in found if r), tuple(names), columns)


def _assign(line: str, header: _Header) -> list[Cell]:
    pieces = _pieces(line, header.kind)
    if header.kind == "spaces":
        pieces = [(a, b) for a, b in pieces if b > a]
        index = [_nearest(header.columns, _width(line[:a])) for a, _ in pieces]
    else:
        index = list(range(len(pieces)))
    cells = []
    for (a, b), k in zip(pieces, index, strict=True):
        k = min(k, len(header.roles) - 1)  # cells past the last column belong to it
        if b > a:
            cells.append(Cell(header.roles[k], header.names[k], a, b))
    return cells


def _nearest(columns: tuple[int, ...], col: int) -> int:
    return min(range(len(columns)), key=lambda k: (abs(columns[k] - col), k))


def _group_row(line: str, header: _Header) -> bool:
    """A heading that spans the table: one cell with text (the rest empty), as tables group their rows."""
    return sum(1 for a, b in _pieces(line, header.kind) if b > a) == 1


def unread_headers(lines: list[str], rows: dict[int, TableRow]) -> list[int]:
    """The lines of task-table headers under which no row was read (before the next header or the end)."""
    heads = [i for i, line in enumerate(lines) if _header(line) is not None]
    ends = [*heads[1:], len(lines)] if heads else []
    return [h for h, end in zip(heads, ends, strict=True) if not any(h < r < end for r in rows)]


def table_rows(lines: list[str], headings: set[int]) -> dict[int, TableRow]:
    """The rows of every task table in a plan, by the index of the line each row starts on.

    Parameters
    ----------
    lines : list of str
        The normalized lines, without their line breaks (not stripped: a
        leading tab is an empty cell).
    headings : set of int
        Lines that are outline headings: a table ends at one.
    """
    rows: dict[int, TableRow] = {}
    header: _Header | None = None
    current: TableRow | None = None
    for i, line in enumerate(lines):
        if i in headings and not (header and _ROW_START.match(line)):  # 1、 in a table's row is the row's number
            if not (header and _group_row(line, header)):
                header = None
            current = None  # a group row (（一）健康环境促进) heads the rows below it; the table goes on
            continue
        found = _header(line)
        if found is not None:
            header, current = found, None
            continue
        if header is None or not line.strip():
            continue
        start = _ROW_START.match(line)
        if start and header.roles[0] == "number":
            current = rows[i] = TableRow(start.group("number"))
            current.cells += [(i, c) for c in _assign(line, header)]
        elif current is not None and ("\t" in line or "|" in line or "  " in line.strip()
                                      or len(line.strip()) <= _MAX_CONTINUATION):
            current.cells += [(i, c) for c in _assign(line, header)]
        else:
            header = current = None  # running text again: the table has ended
    return rows
