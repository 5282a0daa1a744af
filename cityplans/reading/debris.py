"""Recognise web-page debris around a published plan.

Plans copied from government web sites come wrapped in page furniture:
navigation, metadata tables, view counters, font-size widgets, QR prompts,
editor and footer lines. Those lines are their own kind of segment and never
part of a task.

The rules live in ``cityplans/data/debris_rules.tsv`` (one regular expression
per rule, matched against the NFKC-normalized, stripped line). A rule has a
strength:

``strong``
    the line is debris wherever it stands (``【我要纠错】``, ``浏览量:``).
``weak``
    a short line that is debris only inside a block of strong debris lines
    (``点赞``, ``X``, ``2019``): a block is a run of lines that are all debris
    candidates or blank.
``page``
    debris wherever it stands, like ``strong``, but a page number does not
    make the short lines beside it debris (they are the page's text, cut by
    the page break).
``keep``
    never debris, even in such a block (a document number, a signing date).
``preamble``
    a repost marker (``原文如下:``): it and every line above it are the news
    site's wrapper, provided no outline heading stands above it.

Text from a PDF adds page furniture: page numbers (rule ``page_marker``) and
the running header or footer beside them, a line that comes back on every
page (``running_header``, found by repetition, not by a pattern).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cityplans.datafiles import read_rows

__all__ = ["DebrisRule", "classify_debris", "debris_rules"]


@dataclass(frozen=True)
class DebrisRule:
    rule: str
    strength: str
    pattern: re.Pattern[str]
    description: str


_STRENGTHS = ("keep", "strong", "page", "preamble", "weak")


@cache
def debris_rules() -> tuple[DebrisRule, ...]:
    """The debris rules from the package data file, in file order."""
    rules = []
    for row in read_rows("debris_rules.tsv"):
        if row["strength"] not in _STRENGTHS:
            raise ValueError(f"debris_rules.tsv: rule {row['rule']!r} has unknown strength {row['strength']!r}")
        rules.append(DebrisRule(row["rule"], row["strength"], re.compile(row["pattern"]), row["description"]))
    return tuple(rules)


def _match(line: str, rules: tuple[DebrisRule, ...]) -> tuple[str, str] | None:
    # keep beats everything; then the first strong or preamble rule; weak last.
    found: tuple[str, str] | None = None
    for strength in _STRENGTHS:
        for r in rules:
            if r.strength == strength and r.pattern.search(line):
                if strength == "keep":
                    return None
                found = (r.rule, strength)
                break
        if found:
            return found
    return None


def classify_debris(lines: list[str], headings: frozenset[int] = frozenset()) -> list[str | None]:
    """Name the debris rule for each line, or ``None`` for document lines.

    Parameters
    ----------
    lines : list of str
        Normalized lines, stripped of surrounding white space.
    headings : set of int
        Indices of outline headings: never debris, they end a block, and a
        repost marker below the first of them is ignored.

    Returns
    -------
    list
        The rule id for each debris line, ``None`` for every other line
        (blank lines are never debris on their own).

    Examples
    --------
    >>> classify_debris(["当前位置: 首页", "2019", "", "一、总体要求", "点赞"], frozenset({3}))
    ['nav_position', 'short_token', None, None, None]
    """
    rules = debris_rules()
    matched = [(_match(line, rules) if line and i not in headings else None) for i, line in enumerate(lines)]
    out: list[str | None] = [None] * len(lines)
    limit = min(headings, default=len(lines))
    for i, m in enumerate(matched):
        if m and m[1] == "preamble" and i < limit:
            out[: i + 1] = [m[0]] * (i + 1)
    # Blocks: maximal runs of candidate-or-blank lines; weak lines count
    # only where the block holds a strong line.
    i = 0
    n = len(lines)
    while i < n:
        if matched[i] is None:
            i += 1
            continue
        j = i
        has_strong = False
        while j < n and (matched[j] is not None or not lines[j]):
            if matched[j] is not None and matched[j][1] in ("strong", "preamble"):
                has_strong = True
            j += 1
        for k in range(i, j):
            m = matched[k]
            if m is None or out[k] is not None:
                continue
            if m[1] in ("strong", "page") or (m[1] == "weak" and has_strong):
                out[k] = m[0]
        i = j
    _running_headers(lines, out, headings, {r.rule for r in rules if r.strength == "weak"})
    return out


#: A running header is at most this long.
_MAX_RUNNING = 40


def _running_headers(lines: list[str], out: list[str | None], headings: frozenset[int], weak: set[str]) -> None:
    """Mark the lines a PDF prints on every page: repeated next to page numbers (``running_header``).

    A line that comes back at least twice, each time (but perhaps on the
    first page) right before or after a page number, is the page's, not
    the plan's.
    """
    if "page_marker" not in out:
        return
    content = [i for i, line in enumerate(lines) if line]
    markers = {i for i in content if out[i] == "page_marker"}
    where: dict[str, list[int]] = {}
    for n, i in enumerate(content):
        if (out[i] is None or out[i] in weak) and i not in headings and len(lines[i]) <= _MAX_RUNNING:
            beside = {content[n - 1] if n else -1, content[n + 1] if n + 1 < len(content) else -1}
            where.setdefault(lines[i], []).append(i if (beside & markers or n == 0) else -1)
    for places in where.values():
        if len(places) >= 2 and places.count(-1) == 0:
            for i in places:
                out[i] = "running_header"
