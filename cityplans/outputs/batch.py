"""Parse thousands of plans: all cores, bounded memory, one bad file never stops the batch.

:func:`parse_batch` hands files to a pool of worker processes; each worker
reads and parses one plan and returns plain rows (:func:`cityplans.corpus.
plan_rows`, the same code path as :func:`cityplans.load`). The main process
streams the rows to the CSV tables as results arrive, in input order, so
memory does not grow with the number of plans. A file that cannot be read
(empty, binary, undecodable …) or that breaks the parser becomes a ``failed``
row in ``summary.csv`` with its reason; the batch goes on.

The output folder holds the same tables as ``cityplans build`` (``plans``,
``tasks``, ``segments``, ``anomalies``, ``assignments``, ``targets``,
``categories``) plus ``summary.csv``: ``file, city, status, n_chars,
n_nodes, n_tasks, n_anomalies, error`` with status ``parsed``,
``parsed_with_anomalies``, ``no_outline`` (parsed, but no numbered heading
was found, so no task), ``duplicate`` (the same text as an earlier file, in any encoding or format),
``failed`` (a file, a folder that could not be listed, or a folder without
plan files) or ``skipped`` (a linked folder already searched, a file that is
not a plan). ``texts/<city>.txt`` holds each plan's text as parsed (for a web
page, Word file or PDF, the extracted text): every span points into it.
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cityplans import paths
from cityplans._parallel import default_jobs, worker_pool
from cityplans.corpus import TABLE_COLUMNS, parse_plan, plan_rows
from cityplans.datafiles import check_data_files
from cityplans.reading.formats import CONVERT_FIRST, PLAN_SUFFIXES
from cityplans.reading.textio import PlanInputError, printable
from cityplans.staging import check_apart, staged_folder

__all__ = ["SUMMARY_COLUMNS", "BatchSummary", "expand_inputs", "find_plans", "parse_batch"]

SUMMARY_COLUMNS = ["file", "city", "status", "n_chars", "n_nodes", "n_tasks", "n_anomalies", "error"]


@dataclass
class BatchSummary:
    """What a batch did."""

    n_files: int = 0
    n_parsed: int = 0
    n_with_anomalies: int = 0
    n_with_outline: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def __str__(self) -> str:
        lines = [f"{self.n_files} files in {self.seconds:.1f} s: {self.n_parsed} parsed "
                 f"({self.n_with_anomalies} with anomalies), {len(self.failed)} failed"]
        lines += [f"  failed: {why}" for _, why in self.failed[:20]]  # the reason names the file
        lines += [f"  {why}" for _, why in self.notes[:20]]
        lines += [f"  {why}" for _, why in self.skipped[:20]]
        if len(self.failed) > 20:
            lines.append(f"  … and {len(self.failed) - 20} more (see summary.csv)")
        return "\n".join(lines)


def find_plans(inputs: Iterable[str | Path], pattern: str | None = None) -> tuple[list[tuple[Path, str]],
                                                                                    list[tuple[str, str, str]]]:
    """Files to parse with their city ids, and what was not parsed: ``(path, status, why)``.

    A file stands for itself (city id: its name without suffix); a folder for
    every plan file below it (any suffix of
    :data:`cityplans.reading.formats.PLAN_SUFFIXES` or :data:`~cityplans.reading.formats.CONVERT_FIRST`
    in any case, or names matching ``pattern`` if given), sorted, with the
    path relative to the folder as city id (``liaoning/huanren``), so that
    two counties of the same name in different provinces stay apart. Every
    other file in a folder is listed as ``skipped`` with the reason, and a
    folder without any plan file as ``failed``. Linked folders are followed,
    each real folder once (a link back up the tree has status ``skipped``);
    a folder that cannot be listed has status ``failed``, with its reason. A
    path that does not exist is kept: it fails in the batch with a clear reason.
    """
    found: list[tuple[Path, str]] = []
    problems: list[tuple[str, str, str]] = []
    for item in inputs:
        path = Path(item)
        try:
            is_dir = path.is_dir()
        except OSError as exc:  # e.g. a file inside a folder we may not enter
            problems.append((printable(path), "failed", f"{printable(path)}: cannot read ({exc.strerror})"))
            continue
        if not is_dir:
            found.append((path, printable(path.stem)))
            continue
        files, skipped = _walk(path, pattern)
        if not files:
            where = printable(path)
            kinds = ", ".join(sorted(set(PLAN_SUFFIXES)))
            problems.append((where, "failed", f"{where}: no plan files in this folder (looked for {kinds})"))
        found += [(f, printable(f.relative_to(path).with_suffix("").as_posix())) for f in files]
        problems += skipped
    seen: dict[str, int] = {}
    unique = []
    for f, city in found:
        seen[city] = seen.get(city, 0) + 1
        unique.append((f, city if seen[city] == 1 else f"{city}#{seen[city]}"))
    return unique, problems


def _is_plan_name(name: str, pattern: str | None) -> bool:
    if pattern is not None:
        return fnmatch.fnmatchcase(name, pattern)
    suffix = Path(name).suffix.lower()
    return suffix in PLAN_SUFFIXES or suffix in CONVERT_FIRST


def _walk(top: Path, pattern: str | None) -> tuple[list[Path], list[tuple[str, str, str]]]:
    problems: list[tuple[str, str, str]] = []
    visited: set[tuple[int, int]] = set()
    files: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = printable(exc.filename or top)
        why = f"{where}: cannot list the folder ({exc.strerror}); its plans were not parsed"
        problems.append((where, "failed", why))

    for folder, dirs, names in os.walk(top, onerror=unreadable, followlinks=True):
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in visited:  # a link to a folder already searched: a loop, or twice
            where = printable(folder)
            problems.append((where, "skipped", f"{where}: skipped, a link to a folder already searched"))
            dirs[:] = []
            continue
        visited.add((info.st_dev, info.st_ino))
        dirs.sort()
        for name in names:
            f = Path(folder) / name
            # A broken link is kept, to fail with its reason.
            if _is_plan_name(name, pattern) and (f.is_file() or (f.is_symlink() and not f.exists())):
                files.append(f)
            elif not name.startswith("."):  # hidden files (.DS_Store) are the system's, not the researcher's
                where = printable(f)
                why = f"{where}: skipped, not a plan file ({Path(name).suffix or 'no suffix'})"
                problems.append((where, "skipped", why))
    return sorted(files), problems


def expand_inputs(inputs: Iterable[str | Path], pattern: str | None = None) -> list[tuple[Path, str]]:
    """The files of :func:`find_plans` (without what could not be searched)."""
    return find_plans(inputs, pattern)[0]


@dataclass
class _Parsed:
    """One plan's part of the batch: its ``plans`` row, its rows of each table as CSV text, its text."""

    plan: dict
    csv: dict[str, str]
    raw: str
    text_key: str = ""  # the digest of its normalized text without white space: the same plan in any encoding


def _work(job: tuple[str, str]) -> tuple[str, str, _Parsed | None, str]:
    path, city = job
    try:
        parsed = parse_plan(path, city)
        rows = plan_rows(parsed)
        plan = dict(zip(TABLE_COLUMNS["plans"], rows["plans"][0], strict=True))
        key = hashlib.sha256("".join(parsed.outline.view(0, len(parsed.raw)).norm.split()).encode()).hexdigest()
        return path, city, _Parsed(plan, _as_csv(rows), parsed.raw, key), ""
    except PlanInputError as exc:
        return path, city, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        return path, city, None, printable(f"{path}: parser error ({type(exc).__name__}: {exc})")


def _as_csv(rows: dict[str, list[tuple]]) -> dict[str, str]:
    # The worker writes the CSV lines: sending one string per table costs the main process
    # (which also writes every file) a fraction of unpickling thousands of tuples.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    texts = {}
    for name, part in rows.items():
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(part)  # the csv module writes None as an empty field
        texts[name] = buffer.getvalue()
    return texts


def _status(plan: dict, key: str, city: str, digests: dict[str, str]) -> tuple[str, str]:
    """Status and note of a parsed file: no outline, a copy of an earlier file (its text, in any encoding or
    format), or parsed."""
    first = digests.setdefault(key or plan["sha256"], city)
    if first != city:
        return "duplicate", f"the same text as {first} (a copy, or another encoding or format); count it once"
    if not plan["n_nodes"]:
        return "no_outline", "no numbered heading found, so no task was read (see anomalies.csv)"
    return ("parsed_with_anomalies" if plan["n_anomalies"] else "parsed"), ""


def _write_text(out: Path, city: str, raw: str) -> None:
    target = out / "texts" / f"{city}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    # newline="": the line breaks as read, so offsets into the file are offsets into raw.
    with target.open("w", encoding="utf-8", newline="", errors="surrogatepass") as fh:
        fh.write(raw)


def _results(jobs: Sequence[tuple[str, str]], workers: int) -> Iterator[tuple[str, str, _Parsed | None, str]]:
    if workers <= 1 or len(jobs) < 2:
        yield from map(_work, jobs)
        return
    chunksize = max(1, min(32, len(jobs) // (workers * 8)))
    with worker_pool(workers) as pool:  # results come back in input order
        yield from pool.imap(_work, jobs, chunksize=chunksize)


def parse_batch(inputs: Iterable[str | Path], out_dir: str | Path, *, workers: int | None = None,
                progress: bool | None = None) -> BatchSummary:
    """Parse every plan in ``inputs`` (files or folders) and stream the tables to ``out_dir``.

    Parameters
    ----------
    inputs : iterable of path
        Files, or folders searched for plan files (see :func:`find_plans`).
    out_dir : path
        Where the CSV tables and ``summary.csv`` go: a new folder or an earlier
        output, replaced only when the batch is complete
        (:func:`cityplans.staging.staged_folder`).
    workers : int, optional
        Worker processes; default the number of cores.
    progress : bool, optional
        Show a progress bar; default when standard error is a terminal.

    Returns
    -------
    BatchSummary
    """
    t0 = time.perf_counter()
    inputs = [Path(i) for i in inputs]
    check_apart(Path(out_dir), [*inputs, paths.RAW_DIR])
    check_data_files()  # before the workers start: a broken rule file is one error, not one per plan
    files, problems = find_plans(inputs)
    jobs = [(str(f), city) for f, city in files]
    with staged_folder(out_dir) as staging:  # the folder is replaced only once every table is complete
        summary = _stream(jobs, staging, workers or default_jobs(), progress, problems)
    summary.seconds = time.perf_counter() - t0
    return summary


def _stream(jobs: list[tuple[str, str]], out: Path, workers: int, progress: bool | None,
            problems: list[tuple[str, str, str]]) -> BatchSummary:
    from tqdm import tqdm  # noqa: PLC0415 - only the batch needs it

    summary = BatchSummary(n_files=len(jobs))
    handles = {name: (out / f"{name}.csv").open("w", encoding="utf-8", newline="") for name in TABLE_COLUMNS}
    handles["summary"] = (out / "summary.csv").open("w", encoding="utf-8", newline="")
    try:
        writers = {name: csv.writer(fh, lineterminator="\n") for name, fh in handles.items()}
        for name, cols in TABLE_COLUMNS.items():
            writers[name].writerow(cols)
        writers["summary"].writerow(SUMMARY_COLUMNS)
        for path, status, why in problems:  # what was not searched comes first
            (summary.failed if status == "failed" else summary.skipped).append((path, why))
            writers["summary"].writerow([path, "", status, "", "", "", "", why])
        digests: dict[str, str] = {}
        quiet = (not sys.stderr.isatty()) if progress is None else not progress
        bar = tqdm(total=len(jobs), unit="plan", disable=quiet)
        for path, city, parsed, error in _results(jobs, workers):
            bar.update()
            path = printable(path)
            if parsed is None:
                summary.failed.append((path, error))
                writers["summary"].writerow([path, city, "failed", "", "", "", "", error])
                continue
            _write_text(out, city, parsed.raw)  # what every span points into
            for name, text in parsed.csv.items():
                handles[name].write(text)
            plan = parsed.plan
            status, note = _status(plan, parsed.text_key, city, digests)
            summary.n_parsed += 1
            summary.n_with_anomalies += bool(plan["n_anomalies"])
            summary.n_with_outline += bool(plan["n_nodes"])
            if note:
                summary.notes.append((path, f"{path}: {note}"))
            writers["summary"].writerow([path, city, status, plan["n_chars"], plan["n_nodes"], plan["n_tasks"],
                                         plan["n_anomalies"], note])
        bar.close()
    finally:
        for fh in handles.values():
            fh.close()
    return summary
