"""The clauses of each task: the unit that policy-instrument coding codes.

A clause (政策条款) is one measure: a sentence, or one part of a sentence
between semicolons, of a task's text. The task's heading phrase (its number
and title) and its attribution clauses (who leads, who supports) are not
clauses: they say what the task is called and who does it, not what it does.

Each clause keeps its span in the plan, so that ``raw[start:end]`` gives it back.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from cityplans.extract.attributions import clause_spans
from cityplans.extract.clause_words import _words
from cityplans.reading.document import strip_span
from cityplans.reading.normalize import normalize

__all__ = ["CLAUSE_COLUMNS", "task_clauses"]

CLAUSE_COLUMNS = ["city", "task_id", "clause", "start", "end", "text"]
#: Where a clause ends: a full stop, a semicolon, an exclamation or question mark (``clause_end`` in clause_words.tsv).
_ENDS = re.escape("".join(_words("clause_end")))
_CLAUSE = re.compile(rf"[^{_ENDS}\n]+[{_ENDS}]?")
#: A clause has at least this many Chinese characters (shorter pieces are debris of punctuation).
_MIN_HAN = 4
_HAN = re.compile(r"[\u4e00-\u9fff]")


def task_clauses(tasks: pd.DataFrame, assignments: pd.DataFrame, raw: dict[str, str]) -> pd.DataFrame:
    """Every clause of every task item, heading phrase and attribution clauses left out.

    Parameters
    ----------
    tasks, assignments : DataFrame
        The corpus tables (``is_task`` rows of ``tasks`` are coded).
    raw : mapping of city to text

    Returns
    -------
    DataFrame
        ``city, task_id, clause, start, end, text``: ``clause`` counts from 1
        within the task; ``text == raw[city][start:end]``.

    Examples
    --------
    >>> import pathlib, tempfile, cityplans as cp
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> plan = "一、任务\\n1.健身。新建步道10公里；开展全民健身活动。（牵头单位：县体育局）\\n"
    >>> _ = path.write_text(plan, encoding="utf-8")
    >>> corpus = cp.parse_files([path])
    >>> list(task_clauses(corpus.tasks, corpus.assignments, corpus.raw)["text"])
    ['新建步道10公里；', '开展全民健身活动。']
    """
    skip = clause_spans(assignments.itertuples())
    rows = []
    for t in tasks[tasks["is_task"]].itertuples():
        text = raw[t.city][t.start:t.end]
        body = _after_heading(text, t.number if hasattr(t, "number") else "", t.title)
        n = 0
        for m in _CLAUSE.finditer(text, body):
            a, b = t.start + m.start(), t.start + m.end()
            a, b = strip_span(raw[t.city], a, b)
            if any(s <= a < e or s < b <= e or (a <= s and e <= b) for s, e in skip.get(t.task_id, ())):
                a, b = _outside(raw[t.city], a, b, skip.get(t.task_id, ()))
            if b <= a or len(_HAN.findall(raw[t.city][a:b])) < _MIN_HAN:
                continue
            n += 1
            rows.append((t.city, t.task_id, n, a, b, raw[t.city][a:b]))
    return pd.DataFrame(rows, columns=CLAUSE_COLUMNS)


def _after_heading(text: str, number: str, title: str) -> int:
    """Where the task's own text starts: after its number and its title phrase (with the title's stop)."""
    pos = len(number) if number and text.startswith(number) else 0
    rest = text[pos:]
    stripped = len(rest) - len(rest.lstrip())
    pos += stripped
    if title and normalize(text[pos:pos + len(title)]).norm == title:  # titles are in the normalized view
        pos += len(title)
        if pos < len(text) and unicodedata.category(text[pos]).startswith("P"):  # the title's own stop
            pos += 1
    return pos


def _outside(raw: str, a: int, b: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The part of a clause before the attribution clause inside it (…设施。（牵头单位：A） keeps …设施。)."""
    for s, e in spans:
        if a < s < b:
            b = s
        elif s <= a < e:
            a = e
    return strip_span(raw, a, b)
