"""The researcher's input tables, read and checked: the plan manifest and the category overrides.

Both are CSV files a researcher edits, often in Excel, so they are read
whether saved as UTF-8 (with or without a byte-order mark), with CRLF line
ends, or as GBK/GB18030; anything else is refused. Every problem is one
line naming the file, the line and what to do (:class:`InputFileError`),
never a traceback.

The manifest (``data/raw/plans.csv``) needs ``city``, ``file`` and ``sha256``
on every row: ``city`` a plain name (:data:`CITY_ID`, not a reserved one such
as ``pooled``), unique; ``file`` a path that stays inside the raw folder;
``sha256`` the file's digest (case and surrounding spaces do not matter).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from cityplans.reading.textio import PlanInputError, printable

__all__ = ["CITY_ID", "RESERVED_CITIES", "InputFileError", "check_overrides", "read_manifest", "read_table"]

#: What a city id may be: it names files (``networks/<city>_collaboration.gexf``).
CITY_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
#: Ids the package uses itself.
RESERVED_CITIES = frozenset({"pooled"})
_SHA256 = re.compile(r"[0-9a-f]{64}")


class InputFileError(PlanInputError):
    """A malformed input table; the message names the file and line."""


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data:  # UTF-16 (Excel's "Unicode text") or not text at all
        raise InputFileError(f"{printable(path)}: not UTF-8 or GBK text (NUL bytes); save it as CSV UTF-8")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{printable(path)}: neither UTF-8 nor GBK text; save it as CSV UTF-8")


def read_table(path: str | Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV input table with their line numbers; every row as long as the header.

    Examples
    --------
    >>> p = Path("/tmp/_doctest.csv"); _ = p.write_bytes("city,file\\r\\nx,x.txt\\r\\n".encode("gbk"))
    >>> read_table(p, ["city"])
    [(2, {'city': 'x', 'file': 'x.txt'})]
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{printable(path)}: no such file")
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        return _rows(reader, header, required, path)
    except StopIteration:
        raise InputFileError(f"{printable(path)}: empty file; it needs a header row") from None
    except csv.Error as exc:  # a field over csv's limit (128 KiB), a stray NUL: one line, not a traceback
        raise InputFileError(f"{printable(path)}, line {reader.line_num}: not a readable CSV row ({exc}); "
                             "a field this long or a quote left open is a mistake in the file") from None


def _rows(reader, header: list[str], required: Iterable[str], path: Path) -> list[tuple[int, dict[str, str]]]:
    if missing := [c for c in required if c not in header]:
        raise InputFileError(f"{printable(path)}, line 1: no column {', '.join(missing)}; "
                             f"the header needs {', '.join(required)}")
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise InputFileError(f"{printable(path)}, line {reader.line_num}: {len(values)} fields where the "
                                 f"header has {len(header)}; a comma inside a value needs quotes")
        rows.append((reader.line_num, dict(zip(header, values, strict=True))))
    return rows


def _check_row(path: Path, line: int, row: dict[str, str], raw_dir: Path, seen: dict[str, int],
               digests: bool = True) -> None:
    where = f"{printable(path)}, line {line}"
    city = row["city"] = row["city"].strip()
    if not CITY_ID.fullmatch(city):
        raise InputFileError(f"{where}: city id {city!r} must be lower-case letters, digits, _ or - "
                             "(it names output files)")
    if city in RESERVED_CITIES:
        raise InputFileError(f"{where}: city id {city!r} is reserved (the networks of all plans together); "
                             "choose another")
    if city in seen:
        raise InputFileError(f"{where}: city {city!r} is already on line {seen[city]}; each plan needs its own id")
    seen[city] = line
    file = row["file"] = row["file"].strip()
    target = (raw_dir / file).resolve()
    if not file or not target.is_relative_to(raw_dir.resolve()):
        raise InputFileError(f"{where}: file {file!r} is not inside {printable(raw_dir)}; copy the plan there "
                             "and give its name")
    digest = row.get("sha256", "").strip().lower()
    if not _SHA256.fullmatch(digest) and (digests or digest):
        raise InputFileError(f"{where}: sha256 {row['sha256']!r} is not a SHA-256 digest; give the file's "
                             f"(sha256sum {file})")
    row["sha256"] = digest


def read_manifest(path: str | Path, *, digests: bool = True) -> list[dict[str, str]]:
    """Rows of the plan manifest, in file order, each checked (see the module docstring).

    With ``digests=False`` (a researcher's own folder) the ``sha256`` column may be absent or empty.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{printable(path)}: no such manifest; the raw folder needs a plans.csv")
    rows = read_table(path, ["city", "file", "sha256"] if digests else ["city", "file"])
    if not rows:
        raise InputFileError(f"{printable(path)}: no plans; add a row per plan")
    seen: dict[str, int] = {}
    for line, row in rows:
        _check_row(path, line, row, path.parent, seen, digests)
    return [row for _, row in rows]


def check_overrides(rows: list[tuple[int, dict[str, str]]], path: Path, tasks: dict[str, set[str]],
                    codes: Iterable[str]) -> None:
    """Refuse an override of an unknown task or category, of another city's task, or of a task twice.

    ``tasks`` maps each city to its task ids; ``codes`` are the taxonomy's.
    """
    known, seen = set(codes), {}
    for line, row in rows:
        where, task, city = f"{printable(path)}, line {line}", row["task_id"], row["city"]
        if city not in tasks:
            raise InputFileError(f"{where}: no plan {city!r}; the cities are {', '.join(tasks)}")
        if task not in tasks[city]:
            owner = next((c for c, ids in tasks.items() if task in ids), None)
            hint = f"it is a task of {owner!r}, not {city!r}" if owner else f"{city!r} has no such task"
            raise InputFileError(f"{where}: task {task!r}: {hint}; see tasks.csv for the ids")
        if task in seen:
            raise InputFileError(f"{where}: task {task!r} is already recoded on line {seen[task]}; keep one row")
        seen[task] = line
        if unknown := [c for c in [row["primary"], *row["secondary"].split()] if c not in known]:
            raise InputFileError(f"{where}: unknown categories {', '.join(unknown)}; see taxonomy.tsv for the codes")
