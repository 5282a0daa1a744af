"""One Excel workbook of every table, with the data dictionary.

The CSV files are UTF-8 without a byte-order mark, which R, pandas, igraph
and Gephi read as they are, but which Excel and LibreOffice open as mojibake
by default and whose ``1.`` and dates they reinterpret. The workbook is the
file for spreadsheets: ``data/processed/cityplans.xlsx``, one sheet per
table (in the order of :func:`cityplans.compare.tables.all_tables`) and a
``columns`` sheet with the dictionary. Each cell is written by its column's
type in the dictionary: identifiers and numbering as text (``1.`` stays
``1.``), numbers as numbers, booleans as booleans, full dates as dates
(a year alone stays text). The
header row is frozen and filtered.

Rebuilds are byte-identical: XlsxWriter dates the parts of the file
1980-01-01, and the document's creation date is fixed (:data:`CREATED`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from cityplans.outputs.dictionary import check_columns, columns_table, dictionary_table

__all__ = ["CREATED", "EXCEL_CELL_LIMIT", "write_workbook"]

#: The workbook's creation date in its properties (fixed, so rebuilds are identical).
CREATED = dt.datetime(2000, 1, 1)
#: Excel keeps at most this many characters in a cell; longer text is cut and marked.
EXCEL_CELL_LIMIT = 32767
_DICTIONARY_SHEET = "columns"
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _cell_writer(kind: str, formats: dict[str, object]):
    def text(ws, r, c, v):
        s = str(v)
        if len(s) > EXCEL_CELL_LIMIT:
            s = s[: EXCEL_CELL_LIMIT - 1] + "…"
        ws.write_string(r, c, s)

    def number(ws, r, c, v):
        ws.write_number(r, c, float(v))

    def integer(ws, r, c, v):
        ws.write_number(r, c, int(float(v)))

    def boolean(ws, r, c, v):
        ws.write_boolean(r, c, v if isinstance(v, bool) else str(v).lower() == "true")

    def date(ws, r, c, v):
        # A partial date ("2020": only the year is known) stays text rather than becoming 1 January.
        if _FULL_DATE.fullmatch(str(v)):
            ws.write_datetime(r, c, dt.datetime.strptime(str(v), "%Y-%m-%d"), formats["date"])
        else:
            text(ws, r, c, v)

    return {"text": text, "number": number, "integer": integer, "year": integer, "boolean": boolean,
            "date": date}[kind]


def _blank(v: object) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)) or v == ""


def _write_sheet(wb, name: str, df: pd.DataFrame, types: Mapping[str, str], formats: dict[str, object]) -> None:
    ws = wb.add_worksheet(name)
    writers = [_cell_writer(types.get(col, "text"), formats) for col in df.columns]
    widths = [len(str(col)) for col in df.columns]
    for c, col in enumerate(df.columns):
        ws.write_string(0, c, str(col), formats["header"])
    for r, row in enumerate(df.itertuples(index=False, name=None), start=1):
        for c, (value, write) in enumerate(zip(row, writers, strict=True)):
            if not _blank(value):
                write(ws, r, c, value)
                widths[c] = max(widths[c], min(len(str(value)), 60))
    for c, width in enumerate(widths):
        ws.set_column(c, c, width + 2)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(df), 1), max(len(df.columns) - 1, 0))


def write_workbook(tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write every table to its own sheet, and the dictionary, into one ``.xlsx`` file.

    Every column must be in the dictionary (:func:`~cityplans.outputs.dictionary.check_columns`).

    Examples
    --------
    >>> t = {"plan_similarity": pd.DataFrame({"city_a": ["x"], "city_b": ["x"], "jaccard": [1.0],
    ...                                       "cosine": [1.0]})}
    >>> write_workbook(t, "/tmp/_doctest.xlsx").name
    '_doctest.xlsx'
    """
    import xlsxwriter  # noqa: PLC0415 - only the build writes workbooks

    check_columns(tables)
    dictionary = columns_table()
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": "cityplans: tables of the Healthy X plans", "created": CREATED})
    formats = {"header": wb.add_format({"bold": True}), "date": wb.add_format({"num_format": "yyyy-mm-dd"})}
    for name, df in tables.items():
        types = dictionary.loc[dictionary["table"] == name].set_index("column")["type"].to_dict()
        _write_sheet(wb, name[:31], df, types, formats)
    _write_sheet(wb, _DICTIONARY_SHEET, dictionary_table(), {}, formats)
    wb.close()
    return path
