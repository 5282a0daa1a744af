"""Checks over a parsed outline: unbalanced brackets, and a document that ends mid-sentence.

Both run on the segments :func:`cityplans.outline.parse_outline` tiles the
text into (debris excluded) and report :class:`~cityplans.outline.Anomaly`
rows; nothing is changed.
"""

from __future__ import annotations

import re

from .document import MAX_TITLE, Anomaly, Node, Segment, strip_span
from .normalize import NormalizedText

__all__ = ["bracket_anomalies", "ending_anomalies"]

#: Characters a complete document may end with.
_TERMINAL = set("。！？!?；;…”’」』)】》.")
#: Closing bracket → its opening bracket.
_BRACKETS = {")": "(", "]": "[", "》": "《", "”": "“", "’": "‘", "】": "【",
             "〕": "〔", "」": "「", "』": "『", "}": "{", "〉": "〈"}
_BRACKET_RE = re.compile("[" + re.escape("".join(_BRACKETS) + "".join(_BRACKETS.values())) + "]")
_MAX_BRACKET_REPORTS = 20


def bracket_anomalies(plan: NormalizedText, city: str, seg: Segment) -> list[Anomaly]:
    """Unbalanced brackets in one segment, found in one linear pass (``plan``: the plan's normalized view)."""
    found: list[tuple[int, str]] = []  # (position, message)
    stack: list[tuple[str, int]] = []
    open_count: dict[str, int] = {}
    # Brackets are matched on the normalized view so （ and ( pair up.
    nt = plan.slice(seg.start, seg.end)
    norm = nt.norm
    for m in _BRACKET_RE.finditer(norm):
        ch = m.group()
        pos = m.start()
        if ch in _BRACKETS:  # a closer
            opener = _BRACKETS[ch]
            if open_count.get(opener):
                while stack:
                    top, top_pos = stack.pop()
                    open_count[top] -= 1
                    if top == opener:
                        break
                    found.append((top_pos, f"{top!r} is never closed"))
            else:
                found.append((pos, f"{ch!r} closes nothing"))
        else:
            stack.append((ch, pos))
            open_count[ch] = open_count.get(ch, 0) + 1
    found.extend((pos, f"{ch!r} is never closed") for ch, pos in stack)
    if not found:
        return []
    found.sort()
    out = []
    for pos, message in found[:_MAX_BRACKET_REPORTS]:
        a, b = nt.span(pos, pos + 1)
        out.append(Anomaly(city, "bracket_unbalanced", seg.start + a, seg.start + b, message, seg.task_id))
    if len(found) > _MAX_BRACKET_REPORTS:
        rest = found[_MAX_BRACKET_REPORTS:]
        a = nt.span(rest[0][0], rest[0][0] + 1)[0] if nt else rest[0][0]
        out.append(Anomaly(city, "bracket_unbalanced", seg.start + a, seg.end,
                           f"{len(rest)} more unbalanced brackets in this segment", seg.task_id))
    return out


def ending_anomalies(plan: NormalizedText, city: str, segments: list[Segment],
                     by_id: dict[str, Node]) -> list[Anomaly]:
    """A document that stops mid-sentence is probably truncated."""
    raw = plan.raw
    out = []
    if raw.endswith("\ufffd"):
        out.append(Anomaly(city, "truncated", len(raw) - 1, len(raw),
                           "the file ends inside a character: it was cut off"))
    content = [s for s in segments if s.kind != "debris"]
    if not content:
        out.append(Anomaly(city, "no_content", 0, len(raw), "the file holds only web-page debris"))
        return out
    last = content[-1]
    start, end = strip_span(raw, last.start, last.end)
    if end <= start:
        return out
    if last.kind == "node" and last.task_id and by_id[last.task_id].style == "annex":
        return out  # an attachment line needs no closing punctuation
    tail = raw[end - 1]
    if tail not in _TERMINAL and plan.slice(end - 1, end).norm not in _TERMINAL:
        line_start = raw.rfind("\n", start, end) + 1 or start
        if end - max(line_start, start) > MAX_TITLE or last.kind == "node":
            out.append(Anomaly(city, "truncated", max(line_start, start), end,
                               "the document ends mid-sentence: it may be truncated", last.task_id))
    return out
