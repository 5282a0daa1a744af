"""Access to the data files shipped inside the package (``cityplans/data``).

Researchers edit these files; the code only reads them. Each loader returns
plain Python rows so that importing :mod:`cityplans` stays light.
"""

from __future__ import annotations

import csv
import os
from functools import cache
from pathlib import Path

from .datafiles import DataFileError, check_rows

__all__ = ["data_path", "read_rows"]


def data_path(name: str) -> Path:
    """Path of a data file shipped in ``cityplans/data``."""
    # Path(__file__) rather than importlib.resources: the latter fails under
    # setuptools' editable-install finder when run from a console script.
    folder = os.environ.get("CITYPLANS_DATA_DIR")
    return (Path(folder) if folder else Path(__file__).resolve().parent / "data") / name


@cache
def read_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a shipped CSV or TSV file as dictionaries (cached, read-only).

    Rule files holding regular expressions are tab-separated (``.tsv``) so
    that commas and quotes in patterns need no escaping. Each file is checked
    against its schema (:mod:`cityplans.datafiles`) as it is read.
    """
    delimiter = "\t" if name.endswith(".tsv") else ","
    path = data_path(name)
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = tuple(dict(row) for row in csv.DictReader(fh, delimiter=delimiter, quoting=quoting))
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror}); the rule files belong in {path.parent}") from None
    check_rows(name, rows, str(path))
    return rows
