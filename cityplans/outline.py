"""Split a plan into its outline of numbered sections and task items.

Chinese plans number their headings in a handful of styles::

    一、        Chinese numeral with 、 (or .)           style ``cn``
    （一）       Chinese numeral in brackets              style ``cn_paren``
    1.  1、 1．  Arabic numeral with . or 、              style ``arabic``
    （1）        Arabic numeral in brackets               style ``ar_paren``
    ①           circled numeral                          style ``circled``
    第一章 第一部分  chapter                               style ``chapter``
    附件1:       an attachment, which restarts the outline style ``annex``

Plans nest these styles differently, so the hierarchy is inferred from the
order in which styles occur: a style not yet open becomes a child of the
current heading; a style already open closes everything below it and becomes
a sibling. Chinese numerals are read up to 九十九; full- and half-width
brackets and separators are the same after normalization.

Every character of the document belongs to exactly one :class:`Segment`:
web-page ``debris``, ``front`` matter before the first heading, one
``node``'s own text (its heading line and the unnumbered lines under it, up
to the next heading), or ``back`` matter (document text that follows debris
after the outline, outside any numbered section). Problems become
:class:`Anomaly` records with a span; the parser never raises on text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ._resources import read_rows
from .debris import classify_debris
from .normalize import normalize

__all__ = [
    "Anomaly",
    "Node",
    "Outline",
    "Segment",
    "chinese_numeral",
    "parse_outline",
    "section_kind",
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN = "[一二三四五六七八九十]{1,3}"

# Heading grammar, tried in this order on the stripped, normalized line.
_HEADING = re.compile(
    rf"(?P<chapter>第(?P<chapter_num>{_CN})(?P<chapter_unit>章|部分|篇|节)\s*)"
    rf"|(?P<cn>(?P<cn_num>{_CN})\s*(?P<cn_sep>[、.])\s*)"
    rf"|(?P<cn_paren>\((?P<cn_paren_num>{_CN})\)\s*[、.]?\s*)"
    r"|(?P<arabic>(?P<arabic_num>\d{1,3})\s*(?P<arabic_sep>[、.])(?![\d.])\s*)"
    r"|(?P<ar_paren>\((?P<ar_paren_num>\d{1,3})\)\s*[、.]?\s*)"
    rf"|(?P<circled>(?P<circled_num>[{_CIRCLED}])\s*)"
    r"|(?P<annex>附\s*件\s*(?P<annex_num>\d{0,2})\s*[:：]?\s*)"
)
# Prefixes that look like numbering but fit no style: reported, kept as text.
_NEAR_HEADING = re.compile(
    rf"(?:{_CN}\s*[,，:：;；]|\({_CN}(?!\))|{_CN}\)|\d{{1,3}}\)(?!\d)|\(\d{{1,3}}(?![\d)]))"
)
_TITLE_END = re.compile(r"[。;；:！？!?]")
_MAX_TITLE = 40
_TERMINAL = set("。！？!?；;…”’」』)】》.")
_BRACKETS = {")": "(", "]": "[", "》": "《", "”": "“", "’": "‘", "】": "【", "〕": "〔", "」": "「", "』": "『", "}": "{", "〉": "〈"}
_BRACKET_RE = re.compile("[" + re.escape("".join(_BRACKETS) + "".join(_BRACKETS.values())) + "]")
#: At most this many bracket anomalies per segment are listed one by one.
_MAX_BRACKET_REPORTS = 20
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class Node:
    """One heading of the outline and its own text.

    ``start``/``end`` span the node's own text in the original, trimmed of
    surrounding white space; ``segment_start``/``segment_end`` include the
    white space, so that segments tile the document.
    """

    city: str
    task_id: str
    parent_id: str | None
    level: int
    number: str  # the numbering as written, e.g. "（一）", "1.", "7、"
    path: str
    style: str
    kind: str
    title: str
    start: int
    end: int
    segment_start: int
    segment_end: int
    value: int | None = None
    children: list[str] = field(default_factory=list)
    has_body: bool = False


@dataclass(frozen=True)
class Segment:
    """A stretch of the document: ``debris``, ``front``, ``node`` or ``back``."""

    city: str
    kind: str
    start: int
    end: int
    task_id: str | None = None
    rule: str | None = None


@dataclass(frozen=True)
class Anomaly:
    """Something the parser could not read cleanly, with its span."""

    city: str
    kind: str
    start: int
    end: int
    message: str
    task_id: str | None = None


@dataclass
class Outline:
    """The parsed outline of one plan."""

    city: str
    raw: str
    nodes: list[Node]
    segments: list[Segment]
    anomalies: list[Anomaly]


def chinese_numeral(text: str) -> int | None:
    """Value of a Chinese numeral from 一 to 九十九, or ``None`` if malformed.

    Examples
    --------
    >>> [chinese_numeral(t) for t in ("一", "十", "十一", "二十", "九十九", "十十")]
    [1, 10, 11, 20, 99, None]
    """
    if not text:
        return None
    if "十" not in text:
        value = _CN_DIGITS.get(text) if len(text) == 1 else None
        return value or None  # a heading is never numbered 零
    tens, _, units = text.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    t = 1 if tens == "" else _CN_DIGITS.get(tens)
    u = 0 if units == "" else _CN_DIGITS.get(units)
    if t is None or u is None or t == 0 or (units and u == 0):
        return None
    return t * 10 + u


@cache
def _kind_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((r["kind"], re.compile(r["pattern"])) for r in read_rows("section_kinds.tsv"))


def section_kind(title: str) -> str | None:
    """Kind of section a heading title names, from ``section_kinds.tsv``.

    Examples
    --------
    >>> section_kind("保障措施"), section_kind("普及健康生活")
    ('safeguards', None)
    """
    for kind, pattern in _kind_rules():
        if pattern.search(title):
            return kind
    return None


def _number_value(style: str, number: str) -> int | None:
    if style in ("cn", "cn_paren", "chapter"):
        return chinese_numeral(number)
    if style == "circled":
        return _CIRCLED.index(number) + 1
    if style == "annex":
        return int(number) if number else 1
    return int(number)


def _path_part(style: str, number: str) -> str:
    if style == "cn_paren":
        return f"({number})"
    if style == "ar_paren":
        return f"({number})"
    if style == "chapter":
        return f"第{number}"
    if style == "annex":
        return f"附件{number}"
    return number


def strip_span(raw: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space at either end."""
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end


def parse_outline(raw: str, city: str) -> Outline:
    """Parse the outline of a plan.

    Parameters
    ----------
    raw : str
        The decoded plan (see :func:`cityplans.textio.read_plan`).
    city : str
        Identifier used in every record and task id.

    Returns
    -------
    Outline

    Examples
    --------
    >>> plan = "一、主要任务\\n（一）健康生活\\n1. 控烟。开展宣传。\\n2. 健身。建设步道。\\n"
    >>> o = parse_outline(plan, "demo")
    >>> [(n.path, n.kind, n.title) for n in o.nodes]
    [('一', 'tasks', '主要任务'), ('一/(一)', 'tasks', '健康生活'), ('一/(一)/1', 'tasks', '控烟'), ('一/(一)/2', 'tasks', '健身')]
    >>> n = o.nodes[2]; plan[n.start:n.end]
    '1. 控烟。开展宣传。'
    """
    nt = normalize(raw)
    norm = nt.norm
    # Lines of the normalized text (same line structure as raw).
    line_spans = [(m.start(), m.end()) for m in _LINE.finditer(norm)]
    stripped = [norm[s:e].strip() for s, e in line_spans]
    anomalies: list[Anomaly] = []

    headings: dict[int, re.Match[str]] = {}
    for i, text in enumerate(stripped):
        if not text:
            continue
        m = _HEADING.match(text)
        if m is None:
            near = _NEAR_HEADING.match(text)
            if near:
                s, e = line_spans[i]
                lead = len(norm[s:e]) - len(norm[s:e].lstrip())
                rs, re_ = nt.span(s + lead, s + lead + near.end())
                anomalies.append(Anomaly(city, "numbering_unrecognised", rs, re_,
                                         f"line starts like a heading but fits no numbering style: {raw[rs:re_]!r}"))
            continue
        style = m.lastgroup
        assert style is not None
        number = m.group(f"{style}_num") or ""
        if style != "annex" and _number_value(style, number) is None:
            s, e = line_spans[i]
            rs, re_ = nt.span(s, e)
            anomalies.append(Anomaly(city, "numbering_unrecognised", *strip_span(raw, rs, re_),
                                     f"malformed Chinese numeral {number!r}; line kept as text"))
            continue
        if style == "annex" and not headings:
            # An attachment line before any heading is part of the front matter.
            continue
        headings[i] = m

    debris = classify_debris(stripped, frozenset(headings))

    nodes: list[Node] = []
    by_id: dict[str, Node] = {}
    segments: list[Segment] = []
    # Stack of open headings: (style, node).
    stack: list[tuple[str, Node]] = []
    last_number: dict[tuple[str, int], int] = {}  # (style, level) -> last value anywhere
    seen_paths: dict[str, int] = {}
    separators: dict[str, str] = {}  # task_id -> separator of an arabic heading
    last_sibling: dict[tuple[str | None, str], Node] = {}
    current: Segment | None = None  # the open segment, extended line by line
    open_node: Node | None = None

    def close_segment(end: int) -> None:
        nonlocal current
        if current is not None:
            segments.append(Segment(current.city, current.kind, current.start, end, current.task_id, current.rule))
            current = None

    for i, (s, e) in enumerate(line_spans):
        rs, re_ = nt.span(s, e)
        if i in headings:
            m = headings[i]
            style = m.lastgroup or ""
            number = m.group(f"{style}_num") or ""
            value = _number_value(style, number)
            lead = len(norm[s:e]) - len(norm[s:e].lstrip())
            number_span = nt.span(s + lead, s + lead + m.end())
            if style == "annex":
                stack.clear()
            else:
                for depth, (open_style, _) in enumerate(stack):
                    if open_style == style:
                        del stack[depth:]
                        break
            parent = stack[-1][1] if stack else None
            level = (parent.level + 1) if parent else 1
            # Numbering checks: siblings count 1, 2, 3 …; a first child may
            # also continue the count of the previous section (1–6, then 7).
            sibling_key = (parent.task_id if parent else None, style)
            prev = last_sibling.get(sibling_key)  # the previous sibling of this style
            expected = (prev.value or 0) + 1 if prev else 1
            if style != "annex" and value is not None and value != expected:
                continuing = prev is None and last_number.get((style, level)) == value - 1
                if not continuing:
                    kind = "numbering_repeat" if prev and value <= (prev.value or 0) else "numbering_gap"
                    anomalies.append(Anomaly(city, kind, *number_span,
                                             f"{style} heading numbered {number} where {expected} was expected"))
            sep = m.group("arabic_sep") if style == "arabic" else None
            if sep and prev and separators.get(prev.task_id, sep) != sep:
                anomalies.append(Anomaly(city, "numbering_separator", *number_span,
                                         f"item {number} uses {sep!r} where the item before uses "
                                         f"{separators[prev.task_id]!r}"))
            if value is not None:
                last_number[(style, level)] = value
            part = _path_part(style, number)
            path = f"{parent.path}/{part}" if parent else part
            if path in seen_paths:
                seen_paths[path] += 1
                path = f"{path}#{seen_paths[path]}"
            else:
                seen_paths[path] = 1
            heading_text = stripped[i][m.end():]
            title = _title(heading_text)
            if style == "annex":
                kind = "annex"
            elif parent is None:
                kind = section_kind(title or heading_text[:_MAX_TITLE]) or "tasks"
            elif parent.kind in ("guiding", "goals"):
                kind = section_kind(title or heading_text[:_MAX_TITLE]) or parent.kind
            else:
                kind = parent.kind
            close_segment(rs)
            written = raw[number_span[0]:number_span[1]].strip()
            node = Node(city, f"{city}:{path}", parent.task_id if parent else None, level, written, path,
                        style, kind, title, rs, re_, rs, re_, value)
            node.has_body = bool(heading_text.strip())
            if sep:
                separators[node.task_id] = sep
            last_sibling[sibling_key] = node
            nodes.append(node)
            by_id[node.task_id] = node
            if parent:
                parent.children.append(node.task_id)
            stack.append((style, node))
            open_node = node
            current = Segment(city, "node", rs, re_, node.task_id)
            continue
        rule = debris[i]
        if rule is not None:
            if current is None or current.kind != "debris":
                close_segment(rs)
                current = Segment(city, "debris", rs, re_, None, rule)
            elif rule not in (current.rule or "").split():
                current = Segment(city, "debris", current.start, re_, None, f"{current.rule} {rule}")
            open_node = None
            continue
        if current is None:
            kind = "front" if not nodes else "back"
            current = Segment(city, kind, rs, re_)
        elif current.kind == "debris":
            if not stripped[i]:
                continue  # blank lines after debris stay with it
            close_segment(rs)
            current = Segment(city, "front" if not nodes else "back", rs, re_)
        elif current.kind == "node" and open_node is not None and stripped[i]:
            open_node.has_body = True
    close_segment(len(raw))
    segments = _merge_adjacent(segments)

    # Node spans: own segment trimmed of white space.
    for seg in segments:
        if seg.kind == "node" and seg.task_id:
            node = by_id[seg.task_id]
            node.segment_start, node.segment_end = seg.start, seg.end
            node.start, node.end = strip_span(raw, seg.start, seg.end)
    for seg in segments:
        if seg.kind != "debris":
            anomalies.extend(_bracket_anomalies(raw, city, seg))
    anomalies.extend(_ending_anomalies(raw, city, segments, by_id))
    anomalies.sort(key=lambda a: (a.start, a.end, a.kind))
    return Outline(city, raw, nodes, segments, anomalies)


def _title(heading_text: str) -> str:
    """The title phrase: the heading's text up to its first stop, if short."""
    m = _TITLE_END.search(heading_text)
    head = heading_text[: m.start()] if m else heading_text
    head = head.strip()
    return head if 0 < len(head) <= _MAX_TITLE else ""


def _merge_adjacent(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if seg.end <= seg.start:
            continue
        if out and out[-1].kind == seg.kind and out[-1].task_id == seg.task_id and out[-1].kind != "node" \
                and out[-1].rule == seg.rule and out[-1].end == seg.start:
            prev = out.pop()
            seg = Segment(seg.city, seg.kind, prev.start, seg.end, seg.task_id, seg.rule)
        out.append(seg)
    return out


def _bracket_anomalies(raw: str, city: str, seg: Segment) -> list[Anomaly]:
    """Unbalanced brackets in one segment, found in one linear pass."""
    found: list[tuple[int, str]] = []  # (position, message)
    stack: list[tuple[str, int]] = []
    open_count: dict[str, int] = {}
    text = raw[seg.start:seg.end]
    # Brackets are matched on the normalized view so （ and ( pair up.
    norm = normalize(text).norm if not text.isascii() else text
    nt_needed = len(norm) != len(text)
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
    nt = normalize(text) if nt_needed else None
    out = []
    for pos, message in found[:_MAX_BRACKET_REPORTS]:
        a, b = nt.span(pos, pos + 1) if nt else (pos, pos + 1)
        out.append(Anomaly(city, "bracket_unbalanced", seg.start + a, seg.start + b, message, seg.task_id))
    if len(found) > _MAX_BRACKET_REPORTS:
        rest = found[_MAX_BRACKET_REPORTS:]
        a = nt.span(rest[0][0], rest[0][0] + 1)[0] if nt else rest[0][0]
        out.append(Anomaly(city, "bracket_unbalanced", seg.start + a, seg.end,
                           f"{len(rest)} more unbalanced brackets in this segment", seg.task_id))
    return out


def _ending_anomalies(raw: str, city: str, segments: list[Segment], by_id: dict[str, Node]) -> list[Anomaly]:
    """A document that stops mid-sentence is probably truncated."""
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
    if tail not in _TERMINAL and normalize(tail).norm not in _TERMINAL:
        line_start = raw.rfind("\n", start, end) + 1 or start
        if end - max(line_start, start) > _MAX_TITLE or last.kind == "node":
            out.append(Anomaly(city, "truncated", max(line_start, start), end,
                               "the document ends mid-sentence: it may be truncated", last.task_id))
    return out
