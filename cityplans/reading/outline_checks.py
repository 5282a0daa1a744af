"""Checks over a parsed outline: unbalanced brackets, and a document that ends mid-sentence.

Both run on the segments :func:`cityplans.reading.outline.parse_outline` tiles the
text into (debris excluded) and report :class:`~cityplans.reading.outline.Anomaly`
rows; nothing is changed.
"""

from __future__ import annotations

import re

from cityplans.reading.document import MAX_TITLE, Anomaly, Node, Segment, strip_span
from cityplans.reading.metadata import metadata_cues
from cityplans.reading.normalize import NormalizedText

__all__ = ["bracket_anomalies", "ending_anomalies", "repeated_anomalies", "second_document_anomalies"]

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


#: A run of at least this many items repeated word for word is a copy, not a coincidence.
MIN_REPEATED = 3
#: Items shorter than this (a bare heading) may repeat by chance.
_MIN_REPEATED_CHARS = 10


#: Debris that belongs at the top of a web page: found after the outline began, a second page was pasted in.
_PAGE_TOP = frozenset({"nav_position", "nav_menu", "meta_field", "meta_docno"})


def second_document_anomalies(plan: NormalizedText, city: str, segments: list[Segment],
                              nodes: list[Node]) -> list[Anomaly]:
    """Where a second document seems to begin after the outline began (``second_document``, reported once).

    Signs: the top of a web page (breadcrumb, menu, metadata table), or the
    front matter of a notice: a line that is only a document number, or an
    addressee line (``各乡镇人民政府，县直有关部门：``). Cues: ``addressee`` and
    ``doc_number`` in ``data/metadata_cues.tsv``.
    """
    if not nodes:
        return []
    begun = nodes[0].start
    for seg in segments:
        if seg.kind == "debris" and seg.start > begun and _PAGE_TOP & set((seg.rule or "").split()):
            return [_second(city, seg.start, seg.end, "the top of a web page")]
    cues = metadata_cues()
    norm, pos = plan.norm, plan.to_norm(begun)
    for m in re.finditer(r"[^\n]+", norm[pos:]):
        line = m.group().strip()
        if cues["addressee"].fullmatch(line) or cues["doc_number"].fullmatch(line):
            s, e = plan.span(pos + m.start(), pos + m.end())
            return [_second(city, s, e, "a notice's front matter")]
    return []


def _second(city: str, start: int, end: int, what: str) -> Anomaly:
    return Anomaly(city, "second_document", start, end,
                   f"{what} after the outline began: a second document in this file? give each plan its own file")


def repeated_anomalies(plan: NormalizedText, city: str, nodes: list[Node]) -> list[Anomaly]:
    """Items that repeat earlier items word for word, in a run: the plan (or part of it) pasted twice.

    Examples
    --------
    >>> from cityplans.reading.outline import parse_outline
    >>> part = "1.加强学校健康教育工作。\\n2.推进城乡全民健身运动。\\n3.完善基层医疗服务体系。\\n"
    >>> o = parse_outline("一、任务\\n" + part + "附件\\n" + part, "x")
    >>> [(a.kind, a.task_id) for a in o.anomalies if a.kind == "repeated_text"]
    [('repeated_text', 'x:附件/1')]
    """
    first: dict[str, Node] = {}
    out: list[Anomaly] = []
    run: list[tuple[Node, Node]] = []
    for node in [*nodes, None]:
        text = _item_text(plan, node) if node is not None else ""
        if node is not None and len(text) < _MIN_REPEATED_CHARS:
            continue  # a bare heading neither makes nor breaks a run
        earlier = first.get(text)
        if earlier is not None:
            run.append((node, earlier))
            continue
        if len(run) >= MIN_REPEATED:
            (start, copied), (end, _) = run[0], run[-1]
            out.append(Anomaly(city, "repeated_text", start.start, end.end,
                               f"{len(run)} items from here repeat the items from {copied.task_id} word for word: "
                               "the plan pasted twice? remove the copy", start.task_id))
        run = []
        if node is not None:
            first.setdefault(text, node)
    return out


def _item_text(plan: NormalizedText, node: Node) -> str:
    """A node's text without its number, so that a copy renumbered under 附件 still matches."""
    text = plan.raw[node.start:node.end]  # as written: a copy is the same characters
    return "".join(text[len(node.number):].split()) if text.startswith(node.number) else "".join(text.split())
