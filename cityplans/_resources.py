"""Access to the data files shipped inside the package (``cityplans/data``).

Researchers edit these files; the code only reads them. Each loader returns
plain Python rows so that importing :mod:`cityplans` stays light.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

__all__ = ["data_path", "read_rows"]


def data_path(name: str) -> Path:
    """Path of a data file shipped in ``cityplans/data``."""
    # Path(__file__) rather than importlib.resources: the latter fails under
    # setuptools' editable-install finder when run from a console script.
    return Path(__file__).resolve().parent / "data" / name


@lru_cache(maxsize=None)
def read_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a shipped CSV or TSV file as dictionaries (cached, read-only).

    Rule files holding regular expressions are tab-separated (``.tsv``) so
    that commas and quotes in patterns need no escaping.
    """
    delimiter = "\t" if name.endswith(".tsv") else ","
    with data_path(name).open(encoding="utf-8", newline="") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh, delimiter=delimiter, quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL))
