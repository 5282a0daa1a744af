"""Trace any record back to the characters it came from.

Every table row carries ``city`` and a span (``start``/``end``, or
``clause_start``/``clause_end`` for attribution clauses). :func:`source_of`
returns the span with some context; in Jupyter it renders with the span
highlighted, and ``str()`` marks it with 【】.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Source", "source_of"]


@dataclass(frozen=True)
class Source:
    """A span of a plan with the text around it."""

    city: str
    start: int
    end: int
    text: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.city}[{self.start}:{self.end}] …{self.before}【{self.text}】{self.after}…"

    def _repr_html_(self) -> str:
        def esc(s: str) -> str:
            return html.escape(s).replace("\n", "<br>")

        return (
            f"<div style='font-family:sans-serif'><b>{html.escape(self.city)}</b> "
            f"<code>[{self.start}:{self.end}]</code><br>…{esc(self.before)}"
            f"<mark style='background:#ffe08a'>{esc(self.text)}</mark>{esc(self.after)}…</div>"
        )


def _field(record: Any, *names: str) -> Any:
    for name in names:
        if isinstance(record, Mapping) and name in record:
            return record[name]
        if hasattr(record, "__getitem__") and not isinstance(record, str | tuple):
            try:
                return record[name]
            except (KeyError, IndexError, TypeError):
                pass
        if hasattr(record, name):
            return getattr(record, name)
    raise KeyError(f"record has none of the fields {names}")


def source_of(raw: Mapping[str, str], tasks: Any, record: Any, context: int = 60) -> Source:
    """The source of a record.

    Parameters
    ----------
    raw : mapping of city to text
    tasks : DataFrame
        The tasks table, to look up a record given as a task id.
    record : row, mapping, named tuple or str
        Anything with ``city`` and ``start``/``end`` (or ``clause_start``/
        ``clause_end``), or a task id such as ``"huanren:二/(一)/1"``.
    context : int
        Characters of context on each side.

    Examples
    --------
    >>> s = source_of({"demo": "一、目标。到2020年达到80%。"}, None, {"city": "demo", "start": 5, "end": 11})
    >>> s.text, str(s)
    ('到2020年', 'demo[5:11] …一、目标。【到2020年】达到80%。…')
    """
    if isinstance(record, str):
        rows = tasks[tasks["task_id"] == record]
        if rows.empty:
            raise KeyError(f"no task with id {record!r}")
        record = rows.iloc[0]
    city = str(_field(record, "city"))
    try:
        start, end = int(_field(record, "start")), int(_field(record, "end"))
    except KeyError:
        start, end = int(_field(record, "clause_start")), int(_field(record, "clause_end"))
    text = raw[city]
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}:{end}] lies outside {city} ({len(text)} characters)")
    return Source(city, start, end, text[start:end], text[max(0, start - context):start], text[end:end + context])
