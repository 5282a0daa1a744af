"""The corpus: plans read, parsed into outlines, and laid out as tables.

Every table is a contract with fixed, documented columns (the ``*_COLUMNS``
constants below) and ``city`` as an ordered categorical, so that every table
and figure lists the places in one order: the order of the manifest
``data/raw/plans.csv``.

``tasks`` (one row per outline node)
    ``city, task_id, parent_id, level, number, path, kind, title, text, start,
    end, is_task, style, value, n_children``. ``text == raw[start:end]``;
    ``number`` is the numbering as written (``（一）``, ``1.``), ``value`` its
    integer value, ``path`` the normalized numbers from the root
    (``二/(一)/1``), ``kind`` the section kind (``front``-matter aside:
    ``guiding, goals, tasks, safeguards, steps, annex``), ``is_task`` marks
    the lowest numbered items that carry content; ``primary_category`` and
    ``secondary_categories`` (space-separated) code the node into the shared
    taxonomy (see :mod:`cityplans.extract.taxonomy`).
``categories`` (long form of the coding)
    ``city, task_id, category, is_primary, score, evidence``.
``segments`` (the document tiled)
    ``city, segment, kind, task_id, rule, start, end``: every character
    belongs to exactly one segment (``debris``, ``front``, ``node``, ``back``).
``anomalies``
    ``city, kind, start, end, message, task_id``: what could not be read
    cleanly, never dropped.
``assignments`` (one row per department named in a clause or in the text)
    ``city, task_id, clause_start, clause_end, measure_start, measure_end,
    form, department_raw, department_name, department_id, actor_type,
    role_marker, role, name_start, name_end, resolution`` — see
    :mod:`cityplans.extract.attributions`.
``targets`` (one row per target value and year)
    ``city, task_id, start, end, indicator_raw, indicator_id, value,
    value_high, comparator, unit, target_year, baseline_value, baseline_year,
    year_inferred, confidence, source`` — see :mod:`cityplans.extract.targets`.
``departments``
    the registry: ``department_id, name_zh, name_en, actor_type, sectors,
    predecessors, aliases`` — see :mod:`cityplans.registry.departments`.
``plans``
    the manifest plus ``encoding, n_chars, n_nodes, n_tasks, n_anomalies``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cityplans import paths
from cityplans.extract.attributions import ASSIGNMENT_COLUMNS, clause_spans, find_assignments
from cityplans.extract.targets import TARGET_COLUMNS, find_targets
from cityplans.extract.taxonomy import CATEGORY_COLUMNS, classify_nodes, codebook
from cityplans.extract.unread import seen_not_read
from cityplans.reading import manifest
from cityplans.reading.folder import check_digest, folder_plans, named_plans
from cityplans.reading.formats import read_plan
from cityplans.reading.metadata import document_metadata, programme_name
from cityplans.reading.normalize import normalize
from cityplans.reading.outline import Anomaly, Node, Outline, parse_outline
from cityplans.reading.source import Source, source_of
from cityplans.reading.textio import PlanInputError, PlanText, printable
from cityplans.registry.departments import departments_table
from cityplans.staging import staged_folder

__all__ = [
    "ANOMALY_COLUMNS",
    "ASSIGNMENT_COLUMNS",
    "CATEGORY_COLUMNS",
    "PLAN_COLUMNS",
    "SEGMENT_COLUMNS",
    "TARGET_COLUMNS",
    "TASK_COLUMNS",
    "Corpus",
    "ParsedPlan",
    "city_order",
    "load",
    "parse_files",
    "parse_plan",
    "plan_rows",
    "read_manifest",
]

TASK_COLUMNS = [
    "city", "task_id", "parent_id", "level", "number", "path", "kind", "title",
    "text", "start", "end", "is_task", "style", "value", "n_children",
    "primary_category", "secondary_categories",
]
SEGMENT_COLUMNS = ["city", "segment", "kind", "task_id", "rule", "start", "end"]
ANOMALY_COLUMNS = ["city", "kind", "start", "end", "message", "task_id"]
MANIFEST_COLUMNS = [
    "city", "name_zh", "name_en", "label_en", "label_zh", "province_zh", "province_en", "admin_level", "issuing_body",
    "doc_number", "issue_date", "period_start", "period_end", "target_years", "plan_type",
    "framework", "file", "sha256", "note",
]
PLAN_COLUMNS = MANIFEST_COLUMNS + ["title", "encoding", "n_chars", "n_nodes", "n_tasks", "n_anomalies"]


@dataclass
class ParsedPlan:
    """One plan: its decoded text and its outline."""

    city: str
    text: PlanText
    outline: Outline

    @property
    def raw(self) -> str:
        return self.text.raw


def parse_plan(path: str | Path, city: str | None = None) -> ParsedPlan:
    """Read and parse one plan file.

    Parameters
    ----------
    path : str or Path
    city : str, optional
        Identifier for the records; defaults to the file name without suffix.

    Raises
    ------
    PlanInputError
        If the file cannot be read as text (missing, empty, binary, undecodable).
    """
    path = Path(path)
    return _parsed(read_plan(path), city or _city_id(path))


def _parsed(text: PlanText, city: str) -> ParsedPlan:
    outline = parse_outline(text.raw, city)
    if not outline.nodes:
        outline.anomalies.append(Anomaly(city, "no_outline", 0, len(text.raw),
                                         "no numbered heading (一、 (一) 1. …) was found, so no task was read; "
                                         "is this the plan's text?"))
    if text.truncated_bytes:
        # Already visible as a U+FFFD at the end; say how many bytes were cut.
        outline.anomalies.append(Anomaly(city, "truncated_bytes", len(text.raw) - 1, len(text.raw),
                                          f"{text.truncated_bytes} bytes of an incomplete UTF-8 character at the end"))
    return ParsedPlan(city, text, outline)


def _from_document(outline: Outline) -> dict[str, str]:
    """A plans.csv row for a plan without a manifest row: what the plan says about itself."""
    meta = document_metadata(outline)
    meta["note"] = "read from the document (no row in the manifest)"
    return meta


def _city_id(path: Path) -> str:
    return re.sub(r"\s+", "_", printable(path.stem).strip()) or "plan"


def read_manifest(path: str | Path | None = None) -> list[dict[str, str]]:
    """Rows of the plan manifest (``data/raw/plans.csv``), in file order, checked.

    See :mod:`cityplans.reading.manifest`.
    """
    return manifest.read_manifest(Path(path) if path else paths.RAW_DIR / "plans.csv")


def city_order(corpus_or_manifest: Any = None) -> list[str]:
    """The cities in manifest order (the order of every table and figure)."""
    if isinstance(corpus_or_manifest, Corpus):
        return list(corpus_or_manifest.cities)
    rows = corpus_or_manifest if corpus_or_manifest is not None else read_manifest()
    return [r["city"] for r in rows]


@dataclass
class Corpus:
    """Parsed plans and their tables.

    Use :func:`load` for the project corpus and :func:`parse_files` for any
    other set of plan files.
    """

    plans: pd.DataFrame
    tasks: pd.DataFrame
    segments: pd.DataFrame
    anomalies: pd.DataFrame
    assignments: pd.DataFrame
    targets: pd.DataFrame
    categories: pd.DataFrame
    departments: pd.DataFrame
    raw: dict[str, str] = field(repr=False)
    cells: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CELL_COLUMNS))

    @property
    def cities(self) -> list[str]:
        return list(self.plans["city"].cat.categories)

    def source(self, record: Any, context: int = 60) -> Source:
        """The source text of any record (a row, a dict or a task id), with context.

        In Jupyter the result renders with the span highlighted.
        """
        return source_of(self.raw, self.tasks, record, context=context)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by file name stem, as written by :meth:`write`."""
        return {"plans": self.plans, "tasks": self.tasks, "segments": self.segments, "anomalies": self.anomalies,
                "assignments": self.assignments, "targets": self.targets, "categories": self.categories,
                "departments": self.departments, "cells": self.cells}

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write every table as UTF-8 CSV into ``out_dir``, whole or not at all; returns the paths.

        The folder is written as the command line writes its own
        (:func:`cityplans.staging.staged_folder`): a folder holding files
        cityplans did not write is refused, not overwritten.
        """
        with staged_folder(out_dir) as staging:
            names = [p.name for p in self._write_csv(staging)]
        return [Path(out_dir) / name for name in names]

    def _write_csv(self, folder: Path) -> list[Path]:
        """Every table into ``folder`` as it is (the build's own staging folder)."""
        written = []
        for name, df in self.tables().items():
            target = folder / f"{name}.csv"
            df.to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
            written.append(target)
        return written


def _categorical(df: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    df = df.copy()
    df["city"] = pd.Categorical(df["city"], categories=list(order), ordered=True)
    return df


def plan_rows(p: ParsedPlan, manifest_row: dict[str, str] | None = None,
              overrides: pd.DataFrame | None = None) -> dict[str, list[tuple]]:
    """Every table's rows for one parsed plan, as plain tuples in the contract's column order.

    The one code path behind :func:`load`, :func:`parse_files` and the batch
    parser (:mod:`cityplans.outputs.batch`), which streams these rows to CSV.
    """
    manifest_row = manifest_row or _from_document(p.outline)
    found, attribution_anomalies = find_assignments(p.outline)
    period_end = manifest_row.get("period_end", "")
    targets_found, target_anomalies = find_targets(p.outline, int(period_end) if period_end.isdigit() else None)
    unread = seen_not_read(p.outline, found, targets_found)
    anomalies = sorted([*p.outline.anomalies, *attribution_anomalies, *target_anomalies, *unread],
                       key=lambda a: (a.start, a.end, a.kind))
    nodes = p.outline.nodes
    if overrides is not None:
        overrides = overrides[overrides["city"] == p.city]
    clauses = clause_spans(found)
    title = manifest_row.get("title") or document_metadata(p.outline)["title"]
    primary, secondary, category_rows = classify_nodes(
        ((p.city, n.task_id, n.parent_id, n.kind, n.title, _body(p.outline, n, clauses.get(n.task_id, ())))
         for n in nodes), overrides, normalized=True, programme=programme_name(normalize(title).norm))
    tasks = [(p.city, n.task_id, n.parent_id, n.level, n.number, n.path, n.kind, n.title, p.raw[n.start:n.end],
              n.start, n.end, (not n.children) and n.has_body and n.style != "annex", n.style, n.value,
              len(n.children), primary[n.task_id], " ".join(secondary[n.task_id])) for n in nodes]
    plan = {c: manifest_row.get(c, "") for c in MANIFEST_COLUMNS}
    plan["title"] = title
    plan.update(city=p.city, file=plan["file"] or printable(Path(p.text.source).name), encoding=p.text.encoding,
                sha256=plan["sha256"] or p.text.sha256,
                n_chars=len(p.raw), n_nodes=len(nodes), n_tasks=sum(1 for t in tasks if t[11]),
                n_anomalies=len(anomalies))
    return {
        "plans": [tuple(plan[c] for c in PLAN_COLUMNS)],
        "tasks": tasks,
        "segments": [(p.city, i, s.kind, s.task_id, s.rule, s.start, s.end) for i, s in enumerate(p.outline.segments)],
        "anomalies": [(a.city, a.kind, a.start, a.end, a.message, a.task_id) for a in anomalies],
        "assignments": [tuple(getattr(a, c) for c in ASSIGNMENT_COLUMNS) for a in found],
        "targets": [tuple(getattr(t, c) for c in TARGET_COLUMNS) for t in targets_found],
        "categories": category_rows,
        "cells": [(p.city, n.task_id, role, header, p.raw[s:e], s, e) for n in nodes for role, header, s, e in n.cells],
    }


def _body(outline: Outline, node: Node, spans: Sequence[tuple[int, int]]) -> str:
    """The normalized text of a node with the given spans (its attribution clauses) cut out."""
    pieces, pos = [], node.start
    for a, b in spans:
        pieces.append(outline.view(pos, max(pos, a)).norm)
        pos = max(pos, b)
    return "".join(pieces) + outline.view(pos, node.end).norm


#: Columns of each per-plan table, in the order of :func:`plan_rows`.
#: The cells of task-table rows (cityplans.reading.task_tables): a wrapped cell in several rows, in reading order.
CELL_COLUMNS = ["city", "task_id", "column", "header", "text", "start", "end"]
TABLE_COLUMNS = {
    "plans": PLAN_COLUMNS, "tasks": TASK_COLUMNS, "segments": SEGMENT_COLUMNS, "anomalies": ANOMALY_COLUMNS,
    "assignments": ASSIGNMENT_COLUMNS, "targets": TARGET_COLUMNS, "categories": CATEGORY_COLUMNS,
    "cells": CELL_COLUMNS,
}


def _tables(parsed: Sequence[ParsedPlan], manifest: Sequence[dict[str, str]],
            overrides: pd.DataFrame | None = None) -> Corpus:
    order = [p.city for p in parsed]
    by_city = {r["city"]: r for r in manifest}
    rows: dict[str, list[tuple]] = {name: [] for name in TABLE_COLUMNS}
    for p in parsed:
        for name, part in plan_rows(p, by_city.get(p.city), overrides).items():
            rows[name] += part
    frames = {name: _categorical(pd.DataFrame(rows[name], columns=cols), order) for name, cols in TABLE_COLUMNS.items()}
    for df in frames.values():
        for col in ("start", "end", "level", "n_children", "segment", "clause_start", "clause_end",
                    "measure_start", "measure_end", "name_start", "name_end", "n_chars", "n_nodes", "n_tasks",
                    "n_anomalies"):
            if col in df:
                df[col] = df[col].astype("int64")
    years = ["target_year", "baseline_year"]
    frames["targets"][years] = frames["targets"][years].astype("Int64")
    frames["tasks"]["value"] = frames["tasks"]["value"].astype("Int64")
    frames["tasks"]["is_task"] = frames["tasks"]["is_task"].astype(bool)
    frames["categories"]["is_primary"] = frames["categories"]["is_primary"].astype(bool)
    return Corpus(frames["plans"], frames["tasks"], frames["segments"], frames["anomalies"], frames["assignments"],
                  frames["targets"], frames["categories"], departments_table(), {p.city: p.raw for p in parsed},
                  frames["cells"])


def parse_files(files: Iterable[str | Path], cities: Sequence[str] | None = None) -> Corpus:
    """Parse plan files that are not (or not yet) in the project corpus.

    Parameters
    ----------
    files : iterable of path
    cities : sequence of str, optional
        City ids, one per file; by default each plan is named as in a folder without a manifest
        (:func:`cityplans.reading.folder.named_plans`: its place in pinyin, else its file's name), and
        the same text twice is read once.

    Raises
    ------
    PlanInputError
        For the first file that cannot be read, or duplicate city ids.
    """
    files = [Path(f) for f in files]
    if cities is None:  # named as a folder's plans are: after their place, else their file's name
        plans = named_plans([(f, read_plan(f)) for f in files])
        return _tables([_noted(_parsed(p.text, p.row["city"]), p.notes) for p in plans], [p.row for p in plans])
    cities = list(cities)
    if len(set(cities)) != len(cities):
        twice = sorted({c for c in cities if cities.count(c) > 1})
        raise PlanInputError("two files give the same city id: " + ", ".join(twice))
    parsed = [parse_plan(f, c) for f, c in zip(files, cities, strict=True)]
    return _tables(parsed, [])


def load(raw_dir: str | Path | None = None, *, verify: bool = True) -> Corpus:
    """Load the project corpus from ``data/raw``, or a researcher's folder of plans (parsed afresh).

    Parameters
    ----------
    raw_dir : path, optional
        A folder of plan files, with or without a ``plans.csv``; default ``data/raw``. Without a
        manifest every plan file in it is read and named after its place
        (:mod:`cityplans.reading.folder`); in a folder other than ``data/raw`` the
        manifest's ``sha256`` may be empty, and a changed file is reported, not refused.
    verify : bool
        Check each file's SHA-256 against the manifest, so an edited plan is
        caught before it is analysed.

    Returns
    -------
    Corpus

    Raises
    ------
    PlanInputError
        A missing or altered plan file.
    """
    raw_dir = Path(raw_dir) if raw_dir else paths.RAW_DIR
    shipped = raw_dir.resolve() == paths.RAW_DIR.resolve()
    if not shipped and not (raw_dir / "plans.csv").exists():
        plans = folder_plans(raw_dir)
        return _tables([_noted(_parsed(p.text, p.row["city"]), p.notes) for p in plans], [p.row for p in plans])
    rows = manifest.read_manifest(raw_dir / "plans.csv", digests=shipped)
    parsed = []
    for row in rows:
        path = raw_dir / row["file"]
        plan = read_plan(path)  # a regular file, read once: the digest is of the bytes parsed
        if shipped and verify and plan.sha256 != row["sha256"]:
            raise PlanInputError(f"{printable(path)}: SHA-256 differs from plans.csv: the raw plans must stay as "
                                 "published (restore the file, or update its sha256 if it is a new version)")
        notes = check_digest(plan, row, path) if not shipped else []
        parsed.append(_noted(_parsed(plan, row["city"]), notes if verify else []))
    return _tables(parsed, rows, _overrides(raw_dir.parent / "manual" / "category_overrides.csv", parsed))


def _noted(plan: ParsedPlan, notes: Sequence[tuple[str, str]]) -> ParsedPlan:
    """The plan with what was noticed reading its folder (a copy left out, a changed file) as anomalies."""
    plan.outline.anomalies += [Anomaly(plan.city, kind, 0, 0, message) for kind, message in notes]
    return plan


def _overrides(path: Path, parsed: Sequence[ParsedPlan]) -> pd.DataFrame:
    """The researcher's recodings, checked against the parsed plans (empty if there is no file)."""
    columns = ["city", "task_id", "primary", "secondary", "reason"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    rows = manifest.read_table(path, columns)
    tasks = {p.city: {n.task_id for n in p.outline.nodes} for p in parsed}
    manifest.check_overrides(rows, path, tasks, codebook()["code"])
    return pd.DataFrame([row for _, row in rows], columns=columns)
