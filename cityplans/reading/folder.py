"""A researcher's folder of plans, with or without ``plans.csv``: its plans and their manifest rows.

Without a manifest, every plan file in the folder is read, and its row is
what the document says about itself (:mod:`cityplans.reading.metadata`),
named after its place (:mod:`cityplans.reading.places`). The same plan twice
(another encoding or format) is kept once: the copies are told apart by their
normalized text, not their bytes. With a manifest, its rows are used; in a
researcher's folder ``sha256`` may be left empty (the file's is recorded), and
a file that no longer matches its digest is reported, not refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cityplans.errors import PlanInputError, printable
from cityplans.reading.formats import PLAN_SUFFIXES, plan_files, read_plan
from cityplans.reading.metadata import document_metadata
from cityplans.reading.normalize import normalize
from cityplans.reading.outline import parse_outline
from cityplans.reading.places import english_name, file_stem, place_core, place_of, plan_base, plan_ids
from cityplans.reading.textio import PlanText

__all__ = ["FolderPlan", "check_digest", "folder_plans", "named_plans"]

#: How much of a plan's beginning holds what it says about itself (title, issuing body, date).
_FRONT = 4000


@dataclass
class FolderPlan:
    """A plan of the folder: its text, its manifest row, and what was noticed reading it, as (kind, message)."""

    text: PlanText
    row: dict[str, str]
    notes: list[tuple[str, str]] = field(default_factory=list)


def _row_from_document(text: PlanText, path: Path, folder: Path) -> dict[str, str]:
    meta = document_metadata(parse_outline(text.raw[:_FRONT], "front"))
    place, stem = place_of(meta), file_stem(path)
    base = plan_base(meta, stem)
    # without a place, the file's name is the best name there is (and never a bare id in a figure)
    name_en, label_en = english_name(place) if place else (base.replace("-", " ").title(),) * 2
    label_zh = place_core(place) if place else stem
    return {**meta, "name_zh": place or stem, "name_en": name_en, "label_en": label_en, "label_zh": label_zh,
            "file": path.relative_to(folder).as_posix(), "sha256": text.sha256, "base": base,
            "note": "read from the document (the folder has no plans.csv): check it, correct it, and put this "
                    "plans.csv in the folder for the next run"}


def _without_copies(plans: list[FolderPlan]) -> list[FolderPlan]:
    kept: dict[str, FolderPlan] = {}
    for plan in plans:
        key = "".join(normalize(plan.text.raw).norm.split())
        if key in kept:
            kept[key].notes.append(("duplicate_file", f"{plan.row['file']} holds the same text as "
                                   f"{kept[key].row['file']} (another encoding or format); it was read once"))
        else:
            kept[key] = plan
    return list(kept.values())


def folder_plans(folder: str | Path) -> list[FolderPlan]:
    """Every plan of a folder without a manifest, named after its place, copies left out.

    Raises
    ------
    PlanInputError
        A folder without plan files, or a file that cannot be read (the message names it).
    """
    folder = Path(folder)
    files = plan_files(folder)
    if not files:
        raise PlanInputError(f"{printable(folder)}: no plans.csv and no plan files "
                             f"({', '.join(sorted(PLAN_SUFFIXES))}); give the folder that holds the plans")
    return named_plans([(path, read_plan(path)) for path in files], folder)


def named_plans(texts: list[tuple[Path, PlanText]], folder: Path | None = None) -> list[FolderPlan]:
    """Plans read from files, each with a manifest row from its document and a unique id, copies left out.

    ``file`` is relative to ``folder`` (the file's name without one).
    """
    plans = [FolderPlan(text, _row_from_document(text, path, folder or path.parent)) for path, text in texts]
    plans = _without_copies(plans)
    years = [p.row["period_end"] or p.row["issue_date"][:4] for p in plans]
    for plan, city in zip(plans, plan_ids([p.row.pop("base") for p in plans], years), strict=True):
        plan.row["city"] = city
    return plans


def check_digest(text: PlanText, row: dict[str, str], path: Path) -> list[tuple[str, str]]:
    """A researcher's manifest row: its digest recorded when empty; a note when the file changed since."""
    if not row.get("sha256"):
        row["sha256"] = text.sha256
        return []
    if row["sha256"] != text.sha256:
        return [("file_changed", f"{printable(path)} changed since plans.csv recorded its SHA-256 (the file's is "
                 f"now {text.sha256[:12]}…); if it is a new version, put its digest in plans.csv")]
    return []

