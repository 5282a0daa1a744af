"""Who does what: attribution clauses and department mentions.

Plans say who carries out a task in attribution clauses, in several forms:

- labelled: ``（牵头单位：A，责任单位：B、C）``, ``（牵头单位：A；配合单位：B）``,
  with 牵头部门/责任部门/配合单位/协办单位 variants;
- verb: ``（A牵头，B、C配合）``, ``（A牵头，B按职责分工负责）``, ``（A负责）``,
  ``（A、B按职责分工负责）``;
- the same without brackets at the end of an item (``牵头单位：A。``);
- in running text: ``由A牵头组织评估``, ``A要会同有关部门……``.

Every other department named in the text is recorded with role
``mentioned``. Lists are split on 、，；; a level prefix written once for a
list is restored (``区委宣传部、网信办`` → ``区委网信办``); names resolve
through the registry (:mod:`cityplans.registry.departments`). One item can carry
several clauses; each covers the sentences before it (``measure_start``,
``measure_end``).

Roles: ``lead`` for 牵头, or primary responsibility where no lead is named
(sole or joint 负责, 责任单位 with no 牵头单位, 按职责分工负责 with no lead);
``co`` for supporting units; ``mentioned`` for the rest.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cityplans.datafiles import alternation
from cityplans.extract.clause_words import (
    _CO_LABEL,
    _CO_MARKERS,
    _IN_TEXT_AFTER,
    _IN_TEXT_BEFORE,
    _LABEL,
    _LEAD_MARKERS,
    _SENTENCE,
    _SENTENCE_END,
    _SPACE,
    _STRIP,
    _TABLE_MARKERS,
    _TABLE_ROLE_WORDS,
    _UNLABELLED,
    _VERB,
    _Entry,
    _marked,
    _split_names,
    _words,
)
from cityplans.extract.conventions import role_conventions, without_conventions
from cityplans.extract.names import resolved_name, shared_each
from cityplans.extract.word_search import NameFinder
from cityplans.reading.document import Anomaly, Node, Outline, Spans, strip_span
from cityplans.registry.departments import (
    COLLECTIVE_TYPES,
    Resolution,
    _registry,
    department,
    level_prefixes,
    resolve,
)

__all__ = ["ASSIGNMENT_COLUMNS", "CLAUSE_FORMS", "Assignment", "clause_spans", "find_assignments"]

#: Assignment forms that are attribution clauses (and make network ties).
CLAUSE_FORMS = ("labelled", "verb", "table")

ASSIGNMENT_COLUMNS = [
    "city", "task_id", "clause_start", "clause_end", "measure_start", "measure_end", "form",
    "department_raw", "department_name", "department_id", "actor_type", "role_marker", "role",
    "name_start", "name_end", "resolution",
]

@dataclass(frozen=True)
class Assignment:
    city: str
    task_id: str
    clause_start: int
    clause_end: int
    measure_start: int
    measure_end: int
    form: str  # labelled, verb, in_text, mention
    department_raw: str
    department_name: str
    department_id: str | None
    actor_type: str
    role_marker: str
    role: str
    name_start: int
    name_end: int
    resolution: str


def _parse_labelled(content: str, offset: int) -> tuple[list[_Entry], list[str]]:
    entries: list[_Entry] = []
    notes: list[str] = []
    labels = list(_LABEL.finditer(content))
    head = content[: labels[0].start()].strip(_STRIP)
    if head:
        notes.append(f"text before the first label read as names with no role marker: {head!r}")
        entries += [_Entry(n, s, e, "") for n, s, e in _split_names(content[: labels[0].start()], offset)]
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(content)
        body = content[m.end():end]
        # A ；-separated tail without its own label ("牵头单位：A；B、C") is a
        # list missing its label: read as supporting units, and reported.
        label = _SPACE.sub("", m.group("label"))
        parts = body.split(";") if label in _LEAD_MARKERS else [body]
        entries += [_Entry(n, s, e, label) for n, s, e in _split_names(parts[0], offset + m.end())]
        pos = m.end() + len(parts[0]) + 1
        for part in parts[1:]:
            names = _split_names(part, offset + pos)
            if names:
                notes.append(f"list without a label after {label}: read as {_CO_LABEL}")
                entries += [_Entry(n, s, e, _UNLABELLED) for n, s, e in names]
            pos += len(part) + 1
    return entries, notes


def _parse_verbs(content: str, offset: int) -> tuple[list[_Entry], list[str]]:
    entries: list[_Entry] = []
    notes: list[str] = []
    prev = 0
    for m in _VERB.finditer(content):
        names = _split_names(content[prev:m.start()], offset + prev)
        entries += [_Entry(n, s, e, _SPACE.sub("", m.group())) for n, s, e in names]
        prev = m.end()
    tail = _split_names(content[prev:], offset + prev)
    if tail:
        notes.append("names after the last role marker: read as supporting units")
        entries += [_Entry(n, s, e, "") for n, s, e in tail]
    return entries, notes


def _role(marker: str, has_lead: bool) -> str:
    if marker in _LEAD_MARKERS:
        return "lead"
    if marker in _CO_MARKERS or marker == _UNLABELLED:
        return "co"
    if marker == "":
        return "co" if has_lead else "lead"
    # 责任单位, 负责, 按职责分工负责 …: primary responsibility unless a lead is named.
    return "co" if has_lead else "lead"


def _bracket_groups(text: str) -> list[tuple[int, int, bool]]:
    """Top-level ( … ) groups as (start, end, closed); an unclosed one runs to the end.

    A full stop ends any open group: a clause never spans sentences, and an
    unbalanced bracket earlier in the item (``《规划(2015—2020年》``) must not
    swallow the clause that follows.
    """
    groups = []
    depth = 0
    start = 0
    for m in _bracket_marks().finditer(text):  # only brackets and full stops: a loop over every character was slow
        i, ch = m.start(), m.group()
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            if depth:
                depth -= 1
                if depth == 0:
                    groups.append((start, i + 1, True))
        else:  # a full stop
            depth = 0
    if depth:
        groups.append((start, len(text), False))
    return groups


@lru_cache(maxsize=1)
def _bracket_marks() -> re.Pattern[str]:
    return re.compile("[()" + re.escape(_SENTENCE_END) + "]")


@lru_cache(maxsize=1)
def _mention_words() -> tuple[list[str], list[str], list[str], str]:
    """Level prefixes, names, names counted only after a prefix, and what may not follow a name."""
    _, exact, _ = _registry()
    names = sorted((a for a, (dep, rel, _) in exact.items()
                    if len(a) >= 2 and department(dep)["actor_type"] not in COLLECTIVE_TYPES),
                   key=len, reverse=True)
    # A short alias (残联, 宣传部) counts only with a level prefix, so that
    # 数字残联 or 宣传部门 are not read as departments; none may run on into 门.
    long_names = [n for n in names if len(n) >= 4]
    short = [n for n in names if len(n) < 4]
    return level_prefixes(), long_names, short, alternation(_words("not_after"))


def _mention_regex() -> re.Pattern[str]:
    """What a mention is, as a regex: what :func:`_mention_finder` finds, in one pass rather than this one."""
    levels, long_names, short, not_after = _mention_words()
    level = alternation(levels)
    return re.compile(rf"(?:(?:{level})?(?:{alternation(long_names)})|(?:{level})(?:{alternation(short)}))"
                      rf"(?!{not_after})")


@lru_cache(maxsize=1)
def _mention_finder() -> NameFinder:
    levels, long_names, short, not_after = _mention_words()
    return NameFinder(levels, long_names, short, re.compile(not_after))


def find_assignments(outline: Outline) -> tuple[list[Assignment], list[Anomaly]]:
    """Attribution clauses, in-text assignments and mentions of one parsed plan.

    Parameters
    ----------
    outline : Outline

    Returns
    -------
    (list of Assignment, list of Anomaly)

    Examples
    --------
    >>> from cityplans.reading.outline import parse_outline
    >>> plan = "一、任务\\n1.控烟。开展宣传。（牵头单位：区卫健委；配合单位：区委宣传部、网信办）\\n"
    >>> rows, _ = find_assignments(parse_outline(plan, "demo"))
    >>> [(r.department_name, r.department_id, r.role) for r in rows]
    [('区卫健委', 'health', 'lead'), ('区委宣传部', 'propaganda', 'co'), ('区委网信办', 'cyberspace', 'co')]
    >>> plan[rows[0].measure_start:rows[0].measure_end]
    '1.控烟。开展宣传。'
    """
    rows: list[Assignment] = []
    anomalies: list[Anomaly] = []
    conventions = role_conventions(outline)
    for node in outline.nodes:
        reader = _NodeReader(outline, node, conventions)
        reader.table_cells()
        reader.clauses(_find_clauses(reader.norm))
        reader.mentions()
        rows += reader.rows
        anomalies += reader.anomalies
    return rows, anomalies


def _find_clauses(norm: str) -> list[tuple[int, int, int, int, str, bool]]:
    """Attribution clauses of a node's normalized text: (start, end, content start, content end, form, closed)."""
    clauses: list[tuple[int, int, int, int, str, bool]] = []
    for start, end, closed in _bracket_groups(norm):
        content_end = end - 1 if closed else end
        content = norm[start + 1:content_end]
        if _LABEL.search(content):
            clauses.append((start, end, start + 1, content_end, "labelled", closed))
        elif _VERB.search(content):
            clauses.append((start, end, start + 1, content_end, "verb", closed))
    # Labelled clauses without brackets (牵头单位：A，责任单位：B。).
    inside = Spans((c[0], c[1]) for c in clauses)
    for m in _LABEL.finditer(norm):
        if inside.covers(m.start()):
            continue
        stop = min((p for p in (norm.find(e, m.start()) for e in _SENTENCE_END) if p >= 0), default=-1)
        end = len(norm) if stop < 0 else stop
        clauses.append((m.start(), end, m.start(), end, "labelled", True))
        inside.add(m.start(), end)
    # Verb clauses without brackets: a sentence made only of department
    # names and role markers (市A牵头,市B、市C配合), every name resolved.
    for a, b in _sentences(norm):
        if inside.overlaps(a, b):
            continue
        sentence = norm[a:b].rstrip(_SENTENCE_END + ";. ")
        if not _VERB.search(sentence) or len(sentence) > 400:
            continue
        entries, notes = _parse_verbs(sentence, a)
        if entries and not notes and all(resolve(_SPACE.sub("", e.name)).department_id for e in entries) \
                and all(e.marker for e in entries):
            clauses.append((a, a + len(sentence), a, a + len(sentence), "verb", True))
            inside.add(a, a + len(sentence))
    return sorted(clauses)


class _NodeReader:
    """Reads one node: its clauses into assignment rows, then the mentions outside them."""

    def __init__(self, outline: Outline, node: Node, conventions: Sequence[tuple[int, str]] = ()) -> None:
        self.raw, self.city, self.node = outline.raw, outline.city, node
        self.nt = outline.view(node.start, node.end)
        self.conventions = conventions
        # the convention's own words are not names: blanked (same length, so every offset still holds)
        self.norm = self.nt.norm
        self.norm = without_conventions(self.nt.norm)
        self.rows: list[Assignment] = []
        self.anomalies: list[Anomaly] = []
        self.clause_spans = Spans()

    def span(self, a: int, b: int) -> tuple[int, int]:
        s, e = self.nt.span(a, b)
        return self.node.start + s, self.node.start + e

    def _note(self, kind: str, start: int, end: int, message: str) -> None:
        self.anomalies.append(Anomaly(self.city, kind, start, end, message, self.node.task_id))

    def clauses(self, clauses: list[tuple[int, int, int, int, str, bool]]) -> None:
        measure_from = 0
        for c_start, c_end, content_start, content_end, form, closed in clauses:
            parse = _parse_labelled if form == "labelled" else _parse_verbs
            entries, notes = parse(self.norm[content_start:content_end], content_start)
            resolutions = [resolve(_SPACE.sub("", e.name)) for e in entries]
            if form == "verb" and not any(r.department_id for r in resolutions):
                continue  # a bracket with 负责 in it but no department: not a clause
            self.clause_spans.add(c_start, c_end)
            cs, ce = self.span(c_start, c_end)
            ms, me = strip_span(self.raw, *self.span(measure_from, c_start))
            measure_from = c_end
            if not closed:
                self._note("clause_unclosed", cs, ce, "attribution clause never closed (truncated text?)")
            for note in notes:
                self._note("clause_form", cs, ce, note)
            convention = next((c for pos, c in reversed(self.conventions) if pos <= cs), "")
            self._entries(entries, resolutions, form, (cs, ce, ms, me), convention)

    def _entries(self, entries: list[_Entry], resolutions: list[Resolution], form: str,
                 spans: tuple[int, int, int, int], convention: str = "") -> None:
        marked = [_marked(e) for e in entries]
        resolutions = [r if m is e else resolve(_SPACE.sub("", m.name))
                       for e, m, r in zip(entries, marked, resolutions, strict=True)]
        entries = marked
        has_lead = any(e.marker in _LEAD_MARKERS for e in entries)
        seen: dict[str, str] = {}
        level = ""
        by_position = convention == "first_leads" and form == "verb" and not has_lead
        each = ""
        for i, (e, res) in enumerate(zip(entries, resolutions, strict=True)):
            ns, ne = self.span(e.start, e.end)
            e, res, each = shared_each(e, res, each)
            name, level = resolved_name(_SPACE.sub("", e.name), level, res)
            role = ("lead" if i == 0 else "co") if by_position else _role(e.marker, has_lead)
            if res.department_id is None:
                self._note("department_unresolved", ns, ne, f"{e.name!r} matches no department in the registry")
            elif res.relation in ("typo", "contains"):
                what = "a typo" if res.relation == "typo" else f"read by the alias it contains ({res.alias})"
                self._note(f"department_{res.relation}", ns, ne,
                           f"{e.name!r} is {what}: resolved to {res.department_id}")
            actor = department(res.department_id)["actor_type"] if res.department_id else ""
            # a collective (各区, 各县级市) is a group of its own: two of them in a clause are both kept
            key = name if actor in COLLECTIVE_TYPES else res.department_id or name
            if key in seen:
                self._note("department_duplicate", ns, ne, f"{e.name!r} named twice in one clause (first as "
                                                           f"{seen[key]}); the repeat is dropped")
                continue
            seen[key] = role
            self.rows.append(Assignment(self.city, self.node.task_id, *spans, form, self.raw[ns:ne], name,
                                        res.department_id, actor, e.marker.strip("()") or "", role, ns, ne,
                                        res.relation))

    def table_cells(self) -> None:
        """A task table's row: the departments of its lead, responsible and supporting columns (form ``table``)."""
        cells = [c for c in self.node.cells if c[0] in _TABLE_MARKERS]
        if not cells:
            return
        task = [(s, e) for role, _, s, e in self.node.cells if role == "task"]
        ms, me = (task[0][0], task[-1][1]) if task else (self.node.start, self.node.start)
        entries: list[_Entry] = []
        for role, header, s, e in cells:
            a, b = self.nt.to_norm(s - self.node.start), self.nt.to_norm(e - self.node.start)
            self.clause_spans.add(a, b)
            # The column's name is the marker (牵头单位), or stands for its role's (主责单位 leads).
            marker = header if header in _TABLE_ROLE_WORDS[role] else _TABLE_MARKERS[role]
            entries += [_Entry(n, x, y, marker) for n, x, y in _split_names(self.norm[a:b], a)]
        resolutions = [resolve(_SPACE.sub("", e.name)) for e in entries]
        self._entries(entries, resolutions, "table", (cells[0][2], cells[-1][3], ms, me))

    def mentions(self) -> None:
        """Departments named in running text outside clauses; 由A牵头 / A会同 … are in-text assignments."""
        norm = self.norm
        bounds: list[tuple[int, int]] | None = None  # sentence spans, found only once a mention needs one
        for start, end in _mention_finder().finditer(norm):
            if self.clause_spans.covers(start):
                continue
            res = resolve(norm[start:end])
            if res.department_id is None:
                continue
            after = _IN_TEXT_AFTER.match(norm, end)
            by = next((w for w in _IN_TEXT_BEFORE if norm.endswith(w, 0, start)), None)
            ns, ne = self.span(start, end)
            bounds = _sentences(norm) if bounds is None else bounds
            ms, me = self.span(*_sentence_at(bounds, start, len(norm)))
            if after or by:
                marker, role, form = (after.group("marker") if after else by), "lead", "in_text"
            else:
                marker, role, form = "", "mentioned", "mention"
            self.rows.append(Assignment(self.city, self.node.task_id, ns, ne, ms, me, form, self.raw[ns:ne],
                                        self.raw[ns:ne], res.department_id,
                                        department(res.department_id)["actor_type"], marker, role, ns, ne,
                                        res.relation))


def clause_spans(rows: Iterable[Assignment]) -> dict[str, list[tuple[int, int]]]:
    """The attribution clauses found, by task: sorted, distinct ``(start, end)`` offsets in the plan.

    What the taxonomy leaves out of a task's text, so that a department's
    name (市净土公司) never codes the task it is assigned to.
    """
    spans: dict[str, set[tuple[int, int]]] = {}
    for r in rows:
        if r.form in CLAUSE_FORMS:
            spans.setdefault(r.task_id, set()).add((r.clause_start, r.clause_end))
    return {task: sorted(s) for task, s in spans.items()}


def _sentences(norm: str) -> list[tuple[int, int]]:
    """Sentence spans (ending at 。 or a line break), white space trimmed."""
    out = []
    for m in _SENTENCE.finditer(norm):
        a, b = m.start(), m.end()
        while a < b and norm[a].isspace():
            a += 1
        if a < b:
            out.append((a, b))
    return out


def _sentence_at(bounds: list[tuple[int, int]], pos: int, length: int) -> tuple[int, int]:
    """The sentence span that holds ``pos`` (binary search over :func:`_sentences`)."""
    k = bisect_right(bounds, (pos, length + 1)) - 1
    return bounds[k] if k >= 0 and bounds[k][0] <= pos < bounds[k][1] else (pos, pos)
