"""What a plan says about itself: title, issuing body, document number, date, period and level.

The curated manifest (``data/raw/plans.csv``) describes the five project
plans. A plan a researcher brings has no row there, so its ``plans.csv`` row
is read from the document's own lines with the cues in
``data/metadata_cues.tsv``: the first title line (a line ending on 方案,
规划, 要点 …), the document number, the signing date on a line of its own and
the issuing body above it. A period written in the title (``2018—2020年``)
gives ``period_start``/``period_end``; an annual work plan's year
(``2021年…工作要点``) gives both, and its targets take that year (marked
``year_inferred``). Each value is the first match in the document, so a
researcher checks them against the text; ``metadata_source`` says
``document`` for values read this way and ``manifest`` otherwise.
"""

from __future__ import annotations

import re
from functools import cache

from cityplans.datafiles import read_rows
from cityplans.reading.document import Outline

__all__ = ["document_metadata", "metadata_cues", "programme_name"]

#: How far into a plan its front matter may reach (characters of the normalized text).
_FRONT = 4000


@cache
def metadata_cues() -> dict[str, re.Pattern[str]]:
    return {r["field"]: re.compile(r["pattern"]) for r in read_rows("metadata_cues.tsv")}


def document_metadata(outline: Outline) -> dict[str, str]:
    """The ``plans.csv`` fields a plan states about itself (empty where it states nothing).

    Examples
    --------
    >>> from cityplans.reading.outline import parse_outline
    >>> plan = "桓仁满族自治县人民政府办公室\\n2018年2月5日\\n健康桓仁建设2018—2020年实施方案\\n一、总体目标\\n"
    >>> meta = document_metadata(parse_outline(plan, "x"))
    >>> meta["title"], meta["period_start"], meta["period_end"], meta["issue_date"], meta["admin_level"]
    ('健康桓仁建设2018—2020年实施方案', '2018', '2020', '2018-02-05', 'county')
    """
    cues = metadata_cues()
    lines = [line.strip() for line in outline.nt.norm[:_FRONT].splitlines()]
    first_heading = outline.nodes[0].start if outline.nodes else len(outline.raw)
    front = [line for line in lines if line][: max(1, _line_count(outline, first_heading))]
    meta = dict.fromkeys(("title", "issuing_body", "doc_number", "issue_date", "period_start", "period_end",
                          "target_years", "admin_level", "plan_type"), "")
    for line in front:
        _title(meta, line, cues)
        _first(meta, "doc_number", cues["doc_number"].search(line))
        if not meta["issue_date"] and (m := cues["issue_date"].match(line)):
            meta["issue_date"] = f"{int(m['year']):04d}-{int(m['month']):02d}-{int(m['day']):02d}"
        _first(meta, "issuing_body", cues["issuing_body"].match(line))
    for level in ("county", "district", "city"):
        if not meta["admin_level"] and cues[f"level_{level}"].match(meta["issuing_body"] or meta["title"]):
            meta["admin_level"] = level
    return meta


def programme_name(title: str) -> str:
    """The programme's own name in a plan's title (cue ``programme``), or ``""``.

    A plan called 拉萨市健康城市建设工作实施方案 runs a programme called 健康城市;
    its tasks say 健康城市 to name the programme, which is not what they do.

    Examples
    --------
    >>> programme_name("拉萨市健康城市建设工作实施方案"), programme_name("2021年健康海宁建设工作要点")
    ('健康城市', '健康海宁')
    >>> programme_name("")
    ''
    """
    m = metadata_cues()["programme"].search(title or "")
    return m["value"] if m else ""


def _line_count(outline: Outline, end: int) -> int:
    return len([line for line in outline.nt.norm[: outline.nt.to_norm(end)].splitlines() if line.strip()])


def _first(meta: dict[str, str], field: str, m: re.Match[str] | None) -> None:
    if m and not meta[field]:
        meta[field] = m["value"]


def _title(meta: dict[str, str], line: str, cues: dict[str, re.Pattern[str]]) -> None:
    if meta["title"] or not (m := cues["title"].match(line)) or "健康" not in line:
        return
    meta["title"] = m["value"]
    if annual := cues["annual"].search(line):
        meta.update(period_start=annual["year"], period_end=annual["year"], target_years=annual["year"],
                    plan_type="annual work plan")
    elif period := cues["period"].search(line):
        meta.update(period_start=period["start"], period_end=period["end"], target_years=period["end"])
