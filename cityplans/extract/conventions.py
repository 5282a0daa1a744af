"""Roles set once for a whole document: 列第一位者为牵头单位，下同.

State Council and ministry documents name the departments of each task in
one bracket (（教育部、财政部、人力资源社会保障部等负责）) and say once, at
the first, how to read them: the first named leads, the others support. The
sentences that set such a convention are rows of
``cityplans/data/role_conventions.tsv`` (a pattern and the convention it
sets); a convention holds from where it is stated (from the start of its
bracket, so the clause that states it follows it too) until another does.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityplans.datafiles import read_rows
from cityplans.reading.document import Outline

__all__ = ["role_conventions", "without_conventions"]


@lru_cache(maxsize=1)
def _convention_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"]), r["convention"]) for r in read_rows("role_conventions.tsv"))


def role_conventions(outline: Outline) -> list[tuple[int, str]]:
    """Where each role convention stated for the whole document (列第一位者为牵头单位，下同) takes effect.

    A convention in a bracket holds from the bracket's start, so the clause that states it follows it too;
    it holds until another convention does.
    """
    view = outline.view(0, len(outline.raw))
    found = []
    for pattern, convention in _convention_rules():
        for m in pattern.finditer(view.norm):
            opened = view.norm.rfind("(", max(0, m.start() - 300), m.start())
            start = opened if opened >= 0 and ")" not in view.norm[opened:m.start()] else m.start()
            found.append((view.span(start, start)[0], convention))
    return sorted(found)


def without_conventions(norm: str) -> str:
    """The text with the convention sentences blanked (same length): their words are not department names."""
    for pattern, _ in _convention_rules():
        norm = pattern.sub(lambda m: " " * len(m.group()), norm)
    return norm
