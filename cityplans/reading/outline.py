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
from functools import cache

from cityplans.datafiles import read_rows
from cityplans.reading.debris import classify_debris
from cityplans.reading.document import MAX_TITLE as _MAX_TITLE
from cityplans.reading.document import Anomaly, Node, Outline, Segment, strip_span
from cityplans.reading.line_breaks import PAGE_FURNITURE, furniture_positions, join_positions, page_broken_lines
from cityplans.reading.normalize import NormalizedText, normalize
from cityplans.reading.outline_checks import (
    bracket_anomalies,
    ending_anomalies,
    repeated_anomalies,
    second_document_anomalies,
)
from cityplans.reading.task_tables import table_rows, unread_headers

__all__ = [
    "Anomaly",
    "Node",
    "Outline",
    "Segment",
    "chinese_numeral",
    "parse_outline",
    "section_kind",
    "strip_span",
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
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
# A task table's row number, as the heading of its row.
_ROW = re.compile(r"[|\s]*(?P<row>(?P<row_num>\d{1,3})[.、]?)\s*\|?\s*")
_TITLE_END = re.compile(r"[。;；:！？!?]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


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


def parse_outline(raw: str, city: str) -> Outline:
    """Parse the outline of a plan.

    Parameters
    ----------
    raw : str
        The decoded plan (see :func:`cityplans.reading.formats.read_plan`).
    city : str
        Identifier used in every record and task id.

    Returns
    -------
    Outline

    Examples
    --------
    >>> plan = "一、主要任务\\n（一）健康生活\\n1. 控烟。开展宣传。\\n2. 健身。建设步道。\\n"
    >>> o = parse_outline(plan, "demo")
    >>> [(n.path, n.kind, n.title) for n in o.nodes][1:3]
    [('一/(一)', 'tasks', '健康生活'), ('一/(一)/1', 'tasks', '控烟')]
    >>> n = o.nodes[2]; plan[n.start:n.end]
    '1. 控烟。开展宣传。'
    """
    nt = normalize(raw)
    line_spans, stripped, headings, anomalies, debris, rows = _lines(raw, city, nt)
    joins = page_broken_lines(stripped, headings.__contains__, lambda i: debris[i] is not None,
                              lambda i: i in headings and headings[i].end() == len(stripped[i]),
                              lambda i: debris[i] in PAGE_FURNITURE)
    if joins:  # text from a PDF: read its lines as the author wrote them
        nt = nt.without(join_positions(nt.norm, line_spans, joins))
        line_spans, stripped, headings, anomalies, debris, rows = _lines(raw, city, nt)
    tree = _Tree(raw, city, nt, stripped, anomalies)
    row_nodes: dict[int, Node] = {}
    for i, (s, e) in enumerate(line_spans):
        rs, re_ = nt.span(s, e)
        if i in headings:
            tree.heading(i, headings[i], s, e, rs, re_)
            if i in rows:
                row_nodes[i] = tree.nodes[-1]
        elif debris[i] is not None:
            tree.debris(debris[i], rs, re_)
        else:
            tree.text(i, rs, re_)
    tree.close_segment(len(raw))
    _fill_rows(tree, nt, line_spans, rows, row_nodes)
    segments = _merge_adjacent(tree.segments)
    # Node spans: own segments (more than one when a page break interrupts it) trimmed of white space.
    inside: list[int] = []
    placed: set[str] = set()
    for seg in segments:
        if seg.kind == "node" and seg.task_id:
            node = tree.by_id[seg.task_id]
            if seg.task_id in placed:  # a later piece of the same node
                inside += furniture_positions(nt, segments, node.segment_end, seg.start)
                node.segment_end, node.end = seg.end, strip_span(raw, seg.start, seg.end)[1]
                continue
            placed.add(seg.task_id)
            node.segment_start, node.segment_end = seg.start, seg.end
            node.start, node.end = strip_span(raw, seg.start, seg.end)
    nt = nt.without(inside)  # the extractors read a node through its page breaks
    for seg in segments:
        if seg.kind != "debris":
            anomalies.extend(bracket_anomalies(nt, city, seg))
    anomalies.extend(ending_anomalies(nt, city, segments, tree.by_id))
    anomalies.extend(repeated_anomalies(nt, city, tree.nodes))
    anomalies.extend(second_document_anomalies(nt, city, segments, tree.nodes))
    anomalies.sort(key=lambda a: (a.start, a.end, a.kind))
    return Outline(city, raw, tree.nodes, segments, anomalies, nt)


def _lines(raw: str, city: str, nt: NormalizedText) -> tuple[list[tuple[int, int]], list[str],
                                                             dict[int, re.Match[str]], list[Anomaly], list, dict]:
    """The lines of the normalized view: spans, stripped text, headings, their anomalies, debris rules.

    The rows of a task table (:mod:`cityplans.reading.task_tables`) are headings of style ``row``.
    """
    line_spans = [(m.start(), m.end()) for m in _LINE.finditer(nt.norm)]
    stripped = [nt.norm[s:e].strip() for s, e in line_spans]
    headings, anomalies = _find_headings(raw, city, nt, line_spans, stripped)
    lines = [nt.norm[s:e].rstrip("\r\n") for s, e in line_spans]
    rows = table_rows(lines, set(headings))
    anomalies += [Anomaly(city, "table_not_read", *nt.span(*line_spans[i]),
                          "a task-table header with no row read below it: its rows were not read as tasks, nor "
                          "their departments; check that each row starts with its number in the first column")
                  for i in unread_headers(lines, rows)]
    for i in rows:
        headings[i] = _ROW.match(stripped[i])  # type: ignore[assignment] - the row start always matches
    anomalies = [a for a in anomalies if not any(line_spans[i][0] <= nt.to_norm(a.start) < line_spans[i][1]
                                                 for i in rows)] if rows else anomalies
    return line_spans, stripped, headings, anomalies, classify_debris(stripped, frozenset(headings)), rows


def _fill_rows(tree: _Tree, nt: NormalizedText, line_spans: list[tuple[int, int]], rows: dict,
               row_nodes: dict[int, Node]) -> None:
    """Each row node gets its cells (spans in the raw text) and its task cell as title."""
    for i, row in rows.items():
        node = row_nodes[i]
        for j, cell in row.cells:
            s = line_spans[j][0]
            node.cells.append((cell.role, cell.header, *nt.span(s + cell.start, s + cell.end)))
        task = "".join(nt.norm[line_spans[j][0] + c.start:line_spans[j][0] + c.end] for j, c in row.cells
                       if c.role == "task")
        node.title = task if 0 < len(task) <= _MAX_TITLE else _title(task)


def _find_headings(raw: str, city: str, nt: NormalizedText, line_spans: list[tuple[int, int]],
                   stripped: list[str]) -> tuple[dict[int, re.Match[str]], list[Anomaly]]:
    """The lines that are headings (line index → match), and the lines that only look like one."""
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
                lead = (e - s) - len(nt.norm[s:e].lstrip())
                rs, re_ = nt.span(s + lead, s + lead + near.end())
                anomalies.append(Anomaly(city, "numbering_unrecognised", rs, re_,
                                         f"line starts like a heading but fits no numbering style: {raw[rs:re_]!r}"))
            continue
        style = m.lastgroup
        assert style is not None
        number = m.group(f"{style}_num") or ""
        if style != "annex" and _number_value(style, number) is None:
            rs, re_ = nt.span(*line_spans[i])
            anomalies.append(Anomaly(city, "numbering_unrecognised", *strip_span(raw, rs, re_),
                                     f"malformed Chinese numeral {number!r}; line kept as text"))
            continue
        if style == "annex" and not headings:
            continue  # an attachment line before any heading is part of the front matter
        headings[i] = m
    return headings, anomalies


class _Tree:
    """The hierarchy and the segments, built line by line (see :func:`parse_outline`).

    The hierarchy is inferred from the order in which numbering styles occur:
    a style not yet open nests under the open ones; a style already open
    closes everything below it.
    """

    def __init__(self, raw: str, city: str, nt: NormalizedText, stripped: list[str],
                 anomalies: list[Anomaly]) -> None:
        self.raw, self.city, self.nt, self.stripped, self.anomalies = raw, city, nt, stripped, anomalies
        self.nodes: list[Node] = []
        self.by_id: dict[str, Node] = {}
        self.segments: list[Segment] = []
        self.stack: list[tuple[str, Node]] = []  # open headings: (style, node)
        self.last_number: dict[tuple[str, int], int] = {}  # (style, level) -> last value anywhere
        self.seen_paths: dict[str, int] = {}
        self.separators: dict[str, str] = {}  # task_id -> separator of an arabic heading
        self.last_sibling: dict[tuple[str | None, str], Node] = {}
        self.current: Segment | None = None  # the open segment, extended line by line
        self.open_node: Node | None = None
        self.resume: Node | None = None  # the node a page's furniture interrupted: its text goes on after it

    def close_segment(self, end: int) -> None:
        if self.current is not None:
            c = self.current
            self.segments.append(Segment(c.city, c.kind, c.start, end, c.task_id, c.rule))
            self.current = None

    def _parent(self, style: str) -> Node | None:
        if style == "annex":
            self.stack.clear()
        else:
            for depth, (open_style, _) in enumerate(self.stack):
                if open_style == style:
                    del self.stack[depth:]
                    break
        return self.stack[-1][1] if self.stack else None

    def _check_numbering(self, m: re.Match[str], style: str, number: str, value: int | None, parent: Node | None,
                         level: int, number_span: tuple[int, int]) -> None:
        # Siblings count 1, 2, 3 …; a first child may also continue the count of the previous section (1–6, then 7).
        prev = self.last_sibling.get((parent.task_id if parent else None, style))
        expected = (prev.value or 0) + 1 if prev else 1
        if style != "annex" and value is not None and value != expected:
            continuing = prev is None and self.last_number.get((style, level)) == value - 1
            if not continuing:
                kind = "numbering_repeat" if prev and value <= (prev.value or 0) else "numbering_gap"
                message = f"{style} heading numbered {number} where {expected} was expected"
                if kind == "numbering_repeat" and value == 1 and parent is None:
                    # The top level starts over: a second plan in the file, or the plan pasted twice.
                    kind, message = "numbering_restart", (f"the top-level numbering starts again at {number}: "
                                                          "a second plan in this file? give each plan its own file")
                self.anomalies.append(Anomaly(self.city, kind, *number_span, message))
        sep = m.group("arabic_sep") if style == "arabic" else None
        if sep and prev and self.separators.get(prev.task_id, sep) != sep:
            self.anomalies.append(Anomaly(self.city, "numbering_separator", *number_span,
                                          f"item {number} uses {sep!r} where the item before uses "
                                          f"{self.separators[prev.task_id]!r}"))
        if value is not None:
            self.last_number[(style, level)] = value

    def _path(self, parent: Node | None, style: str, number: str) -> str:
        part = _path_part(style, number)
        path = f"{parent.path}/{part}" if parent else part
        self.seen_paths[path] = self.seen_paths.get(path, 0) + 1
        return path if self.seen_paths[path] == 1 else f"{path}#{self.seen_paths[path]}"

    @staticmethod
    def _kind(style: str, parent: Node | None, title: str, heading_text: str) -> str:
        if style == "annex":
            return "annex"
        if parent is None:
            return section_kind(title or heading_text[:_MAX_TITLE]) or "tasks"
        if parent.kind in ("guiding", "goals"):
            return section_kind(title or heading_text[:_MAX_TITLE]) or parent.kind
        return parent.kind

    def heading(self, i: int, m: re.Match[str], s: int, e: int, rs: int, re_: int) -> None:
        style = m.lastgroup or ""
        number = m.group(f"{style}_num") or ""
        value = _number_value(style, number)
        lead = (e - s) - len(self.nt.norm[s:e].lstrip())
        number_span = self.nt.span(s + lead, s + lead + m.end())
        parent = self._parent(style)
        level = (parent.level + 1) if parent else 1
        self._check_numbering(m, style, number, value, parent, level, number_span)
        path = self._path(parent, style, number)
        heading_text = self.stripped[i][m.end():]
        title = _title(heading_text)
        self.close_segment(rs)
        written = self.raw[number_span[0]:number_span[1]].strip()
        node = Node(self.city, f"{self.city}:{path}", parent.task_id if parent else None, level, written, path,
                    style, self._kind(style, parent, title, heading_text), title, rs, re_, rs, re_, value)
        node.has_body = bool(heading_text.strip())
        sep = m.group("arabic_sep") if style == "arabic" else None
        if sep:
            self.separators[node.task_id] = sep
        self.last_sibling[(parent.task_id if parent else None, style)] = node
        self.nodes.append(node)
        self.by_id[node.task_id] = node
        if parent:
            parent.children.append(node.task_id)
        self.stack.append((style, node))
        self.open_node = node
        self.current = Segment(self.city, "node", rs, re_, node.task_id)

    def debris(self, rule: str, rs: int, re_: int) -> None:
        c = self.current
        if c is None or c.kind != "debris":
            self.resume = self.open_node if rule in PAGE_FURNITURE else None
            self.close_segment(rs)
            self.current = Segment(self.city, "debris", rs, re_, None, rule)
        else:
            if rule not in PAGE_FURNITURE:
                self.resume = None
            if rule not in (c.rule or "").split():
                self.current = Segment(self.city, "debris", c.start, re_, None, f"{c.rule} {rule}")
        self.open_node = None

    def text(self, i: int, rs: int, re_: int) -> None:
        c = self.current
        if c is None:
            self.current = Segment(self.city, "front" if not self.nodes else "back", rs, re_)
        elif c.kind == "debris":
            if not self.stripped[i]:
                return  # blank lines after debris stay with it
            self.close_segment(rs)
            if self.resume is not None:  # a page number and header inside a node: the node goes on
                self.open_node, self.resume = self.resume, None
                self.current = Segment(self.city, "node", rs, re_, self.open_node.task_id)
                return
            self.current = Segment(self.city, "front" if not self.nodes else "back", rs, re_)
        elif c.kind == "node" and self.open_node is not None and self.stripped[i]:
            self.open_node.has_body = True


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
