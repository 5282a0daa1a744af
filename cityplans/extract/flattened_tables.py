"""The flattened-table parser: indicator tables that lost their column separators.

Plans often carry an indicator table (``领域 指标 2015年 2020年`` …) that,
copied from a web page, arrives as lines whose cells run together:
``人均预期寿命(岁)80.7681``. :func:`table_lines` finds such a table in a
node (a header naming two years, the rows below it), and each row is split
into baseline and target by :func:`split_cells`, using the unit's plausible
range (``cityplans/data/units.tsv``). Every inferred split carries a
confidence and a ``table_split_inferred`` anomaly; a row that cannot be read
(a cell such as ``暂无`` or ``13,70``) is a ``table_row_unread`` anomaly. The
words involved (the header, a change against a base year, ``左右``, the
placeholders of an empty cell) are cues in ``target_cues.tsv``.
"""

from __future__ import annotations

import math
import re

from cityplans.extract.quantities import NUM, canonical_unit, comparator_symbol, cue, symbol_class, unit_range
from cityplans.reading.outline import Anomaly, Node, strip_span
from cityplans.registry.indicators import indicator_for

__all__ = ["split_cells", "table_lines", "table_targets"]


def _ends_without_value(line: str) -> bool:
    return bool(re.search(rf"(?:{cue('no_value').pattern})$", line))


#: A row's unit: the last bracketed group of the line.
_ROW_UNIT = re.compile(r"\(([^()]*)\)(?=[^()]*$)")


def table_lines(masked: str) -> list[tuple[int, int]]:
    """Spans of the rows of a flattened table: from its header to the next blank or heading line."""
    m = cue("table_header").search(masked)
    if not m:
        return []
    rows = []
    pos = masked.find("\n", m.end())
    while pos != -1:
        nxt = masked.find("\n", pos + 1)
        line_end = len(masked) if nxt == -1 else nxt
        line = masked[pos + 1:line_end]
        # A row has a number, or ends in a cell with none (-, —, 暂无): that row is reported, not the table cut.
        if not line.strip() or not (re.search(r"\d", line) or _ends_without_value(line.rstrip())):
            break
        rows.append((pos + 1, line_end))
        pos = nxt
    head_start = masked.rfind("\n", 0, m.start()) + 1
    return [(head_start, masked.find("\n", m.end()) if masked.find("\n", m.end()) != -1 else len(masked)), *rows]


def _valid_number(s: str) -> bool:
    return bool(re.fullmatch(r"(0|[1-9]\d*)(\.\d+)?", s))


def split_cells(cells: str, unit: str) -> tuple[list[tuple[str, str]], float]:
    """Split the value cells of a table row that lost its separators.

    Parameters
    ----------
    cells : str
        What follows the indicator, e.g. ``"80.7681"``, ``"≤4.5≤4.3"``,
        ``"-92"``, ``"13.70比2015年降低10%"``.
    unit : str
        The row's unit, for plausibility (a % lies in 0–100).

    Returns
    -------
    (list of (comparator symbol, number text), confidence)
        Two cells (baseline, target); ``("", "-")`` for an empty baseline.
        Confidence is 1.0 where symbols or a dash separate the cells, lower
        where only digits had to be split, by the margin of the best split.

    Examples
    --------
    >>> split_cells("80.7681", "岁")[0], split_cells("8590", "%")[0]
    ([('', '80.76'), ('', '81')], [('', '85'), ('', '90')])
    >>> split_cells("≤4.5≤4.3", "‰")
    ([('≤', '4.5'), ('≤', '4.3')], 1.0)
    >>> split_cells("-92", "%")
    ([('', '-'), ('', '92')], 1.0)
    """
    cells = cells.replace(" ", "")
    placeholder = cue("no_value").match(cells)
    symbols = symbol_class()
    if placeholder:  # no baseline: "-92"; a target that is not a number is not read
        target = re.fullmatch(rf"({symbols}?)({NUM})", cells[placeholder.end():])
        return ([("", "-"), (target.group(1), target.group(2))], 1.0) if target else ([], 0.0)
    parts = re.findall(rf"({symbols})({NUM})", cells)
    if len(parts) == 2 and "".join(a + b for a, b in parts) == cells:
        return [parts[0], parts[1]], 1.0
    m = re.fullmatch(rf"({NUM})({symbols})({NUM})", cells)
    if m:
        return [("", m.group(1)), (m.group(2), m.group(3))], 1.0
    if not re.fullmatch(r"[\d.]+", cells):
        return [], 0.0
    lo, hi = unit_range(unit)
    scored = []
    for k in range(1, len(cells)):
        left, right = cells[:k], cells[k:]
        if not (_valid_number(left) and _valid_number(right)):
            continue
        a, b = float(left), float(right)
        if not (lo <= a <= hi and lo <= b <= hi) or a == 0 or b == 0:
            continue
        ratio = abs(math.log(b / a))  # a target lies near its baseline
        decimals = max(len(left.partition(".")[2]), len(right.partition(".")[2]))
        scored.append((ratio + 0.5 * max(0, decimals - 2), left, right))
    if not scored:
        return [], 0.0
    scored.sort()
    best = scored[0]
    margin = (scored[1][0] - best[0]) if len(scored) > 1 else 2.0
    confidence = round(min(0.95, 0.5 + margin / 2), 2)
    return [("", best[1]), ("", best[2])], confidence


def table_targets(city: str, node: Node, raw: str, nt, masked: str,
                  lines: list[tuple[int, int]]) -> tuple[list[tuple], list[Anomaly]]:
    """The targets of a table found by :func:`table_lines`, and its anomalies.

    Targets come as tuples in the field order of
    :class:`cityplans.extract.targets.Target` (source ``table``).
    """
    header = masked[lines[0][0]:lines[0][1]]
    hm = cue("table_header").search(header)
    base_year, target_year = int(hm.group(1)), int(hm.group(2))
    targets, anomalies = [], []
    for ls, le in lines[1:]:
        line = masked[ls:le]
        um = _ROW_UNIT.search(line)
        if um:
            unit = canonical_unit(um.group(1).strip(), line[:um.start()])
            indicator_end = um.end()
        else:
            first = re.search(r"[-≥≤<>]|\d", line)
            indicator_end = first.start() if first else len(line)
            days = cue("table_days").search(line[:indicator_end])
            unit = days.group("unit") if days else ""
        cells = line[indicator_end:].strip()
        comparator_text = ""
        change = cue("table_change").search(cells)
        approx = bool(cue("approx_suffix").search(cells))
        if change:
            base_cells = cells[:change.start()].strip()
            # A baseline cell that is no number (a stray year, text) is no baseline: read as "-", reported below.
            split = [("", base_cells if _valid_number(base_cells) else "-"), ("", change.group(3))]
            confidence = 1.0 if _valid_number(base_cells) else 0.0
            comparator_text = "decrease_by" if cue("table_decrease").search(change.group(2)) else "increase_by"
        else:
            split, confidence = split_cells(cue("approx_suffix").sub("", cells), unit.split("/")[0] if unit else "")
        a, b = nt.span(ls, le)
        a, b = strip_span(raw, a + node.start, b + node.start)
        if not split:
            anomalies.append(Anomaly(city, "table_row_unread", a, b,
                                     f"table row with cells {cells!r} could not be split", node.task_id))
            continue
        (bsym, bval), (tsym, tval) = split
        if confidence < 1.0:
            anomalies.append(Anomaly(city, "table_split_inferred", a, b,
                                     f"cells {cells!r} read as baseline {bval} and target {tval} "
                                     f"(confidence {confidence})", node.task_id))
        comparator = comparator_text or ("approx" if approx else comparator_symbol().get(tsym, "="))
        indicator_raw = raw[a:node.start + nt.span(ls, ls + indicator_end)[1]].strip()
        targets.append((
            city, node.task_id, a, b, indicator_raw, indicator_for(indicator_raw), float(tval), None, comparator,
            unit if not comparator_text else "%", target_year, None if bval == "-" else float(bval),
            None if bval == "-" else base_year, False, confidence, "table",
        ))
    return targets, anomalies
