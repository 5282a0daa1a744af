"""The data dictionary: what every column of every table means.

One file holds it, ``cityplans/data/columns.tsv`` (``table, column, type,
unit, description``); a row with an empty ``column`` describes the table
itself (what one row is). The build writes it to
``data/processed/columns.csv``, the workbook's ``columns`` sheet is made
from it, and the README's table of tables is generated from it
(``python -m cityplans.outputs.dictionary --readme README.md``).

``type`` is one of :data:`TYPES`; it decides how the workbook writes a cell
(identifiers such as ``1.`` stay text, dates are dates).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from cityplans.datafiles import data_path, read_rows
from cityplans.errors import OneLineParser

__all__ = ["TYPES", "DictionaryError", "check_columns", "columns_table", "dictionary_table", "readme_table",
           "update_readme"]

#: Column types: how a value is written to the workbook.
TYPES = ("text", "integer", "year", "number", "boolean", "date")
FILE = "columns.tsv"
#: Dictionary entries for the node and edge files of every network (not tables of their own).
NETWORK_TABLES = ("network_nodes", "network_edges")
BEGIN, END = "<!-- tables: generated from cityplans/data/columns.tsv -->", "<!-- end of tables -->"


class DictionaryError(ValueError):
    """The dictionary file is malformed, or disagrees with the tables."""


def columns_table() -> pd.DataFrame:
    """The dictionary as a table, one row per table column (table rows left out).

    Examples
    --------
    >>> d = columns_table()
    >>> d.loc[(d["table"] == "tasks") & (d["column"] == "number"), "type"].item()
    'text'
    """
    rows = _rows()
    return pd.DataFrame([r for r in rows if r["column"]], columns=["table", "column", "type", "unit", "description"])


def dictionary_table() -> pd.DataFrame:
    """The whole file as a table: each table's own row (empty ``column``) before its columns.

    This is what the build writes to ``columns.csv`` and the workbook's ``columns`` sheet.
    """
    return pd.DataFrame(list(_rows()), columns=["table", "column", "type", "unit", "description"])


def table_descriptions() -> dict[str, str]:
    """Each table's one-line description (what one row is), in the file's order."""
    return {r["table"]: r["description"] for r in _rows() if not r["column"]}


def _rows() -> tuple[dict[str, str], ...]:
    rows = read_rows(FILE)
    seen: set[tuple[str, str]] = set()
    for line, r in enumerate(rows, start=2):
        if None in r or any(v is None for v in r.values()):
            raise DictionaryError(f"{data_path(FILE)}, line {line}: expected 5 tab-separated fields")
        key = (r["table"], r["column"])
        if key in seen:
            raise DictionaryError(f"{data_path(FILE)}, line {line}: {r['table']}.{r['column']} is described twice")
        seen.add(key)
        if r["column"] and r["type"] not in TYPES:
            raise DictionaryError(f"{data_path(FILE)}, line {line}: type {r['type']!r} is not one of "
                                  f"{', '.join(TYPES)}")
    return rows


def check_columns(tables: Mapping[str, pd.DataFrame | Sequence[str]]) -> None:
    """Raise :class:`DictionaryError` unless every column of every table is described, and no more.

    ``tables`` maps a table name to the table or to its column names.

    Examples
    --------
    >>> check_columns({"plan_similarity": ["city_a", "city_b", "jaccard"]})
    Traceback (most recent call last):
    ...
    cityplans.outputs.dictionary.DictionaryError: plan_similarity: described but not in the table: cosine
    """
    d = columns_table()
    problems = []
    for name, table in tables.items():
        have = list(table.columns) if isinstance(table, pd.DataFrame) else list(table)
        described = d.loc[d["table"] == name, "column"].tolist()
        if missing := [c for c in have if c not in described]:
            problems.append(f"{name}: not described in {FILE}: {', '.join(missing)}")
        if extra := [c for c in described if c not in have]:
            problems.append(f"{name}: described but not in the table: {', '.join(extra)}")
    if problems:
        raise DictionaryError("; ".join(problems))


def readme_table() -> str:
    """The README's table of tables: file, what one row is, columns."""
    d = columns_table()
    lines = ["| table | one row per | columns |", "|---|---|---|"]
    for name, what in table_descriptions().items():
        cols = ", ".join(d.loc[d["table"] == name, "column"])
        where = f"`networks/*_{name.removeprefix('network_')}.csv`" if name in NETWORK_TABLES else f"`{name}.csv`"
        lines.append(f"| {where} | {what.removeprefix('one row per ')} | `{cols}` |")
    return "\n".join(lines)


def update_readme(path: str | Path) -> bool:
    """Replace the generated block of the README with :func:`readme_table`; True if it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise DictionaryError(f"{path}: no block between {BEGIN!r} and {END!r}")
    new = pattern.sub(lambda _: f"{BEGIN}\n{readme_table()}\n{END}", text)
    path.write_text(new, encoding="utf-8")
    return new != text


def main(argv: Sequence[str] | None = None) -> int:
    p = OneLineParser(prog="python -m cityplans.outputs.dictionary", description=__doc__.splitlines()[0])
    p.add_argument("--readme", type=Path, help="rewrite the generated table of this README")
    args = p.parse_args(argv)
    try:
        if args.readme:
            print(f"{args.readme}: {'updated' if update_readme(args.readme) else 'already current'}")
        else:
            print(readme_table())
    except (DictionaryError, OSError) as exc:
        print(f"cityplans.outputs.dictionary: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
