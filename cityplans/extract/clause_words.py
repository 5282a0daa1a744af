"""The words of attribution clauses, from ``data/clause_words.tsv``, and the name-list splitter.

Where to add a clause form: a label (``主责单位``), a verb (``牵头``), a role
in brackets after a name (``（牵头）``), a separator or a word stripped from
names is a row of ``cityplans/data/clause_words.tsv``; this module turns the
rows into the patterns and sets :mod:`cityplans.extract.attributions` reads with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cityplans.datafiles import alternation, read_rows


def _words(kind: str, role: str | None = None) -> list[str]:
    """The words of one kind in ``clause_words.tsv``, longest first (file order among equals)."""
    rows = [r["word"] for r in read_rows("clause_words.tsv") if r["kind"] == kind and role in (None, r["role"])]
    return sorted(rows, key=len, reverse=True)


def _tolerant(words: list[str]) -> str:
    """An alternation that also matches each word broken by white space (责任\n单位)."""
    return "|".join(r"\s*".join(map(re.escape, w)) for w in words)


# Everything the reader looks for is in cityplans/data/clause_words.tsv.
_LABEL = re.compile(rf"(?P<label>{_tolerant(_words('label'))})\s*:\s*")
_VERB = re.compile(_tolerant(_words("verb")))
_SPACE = re.compile(r"\s+")
_LEAD_MARKERS = {*_words("label", "lead"), *_words("verb", "lead")}
# "primary" markers (责任单位, the 负责 family) lead unless the clause names a lead.
_CO_MARKERS = {*_words("label", "co"), *_words("verb", "co")}
_UNLABELLED = f"({_words('unlabelled')[0]})"
_CO_LABEL = _words("label", "co")[0]  # the first in the file: what an unlabelled list is read as
_SEPARATORS = "".join(_words("separator"))
_JOINERS = "".join(_words("joiner"))
_JOINER_NEXT = "".join(_words("joiner_next"))
_TRAILING = tuple(_words("trailing"))
_SENTENCE_END = "".join(_words("sentence_end"))
_STRIP = " \t\r\n\u3000,;:." + _SEPARATORS + _SENTENCE_END + "".join(_words("strip"))
_IN_TEXT_AFTER = re.compile(rf"\s*(?:{alternation(_words('modal'))})?\s*(?P<marker>{alternation(_words('in_text'))})")
_IN_TEXT_BEFORE = tuple(_words("in_text_before"))
_OWN_LEVEL = tuple(_words("own_level"))
_EACH = tuple(_words("each"))
_SENTENCE = re.compile(rf"[^{_SENTENCE_END}\n]+[{_SENTENCE_END}]?")
# A task table's department columns (cityplans.reading.task_tables), and the marker each reads as.
_TABLE_MARKERS = {"lead": _words("label", "lead")[-1], "responsible": _words("label", "primary")[-1],
                  "co": _words("label", "co")[-1]}
_TABLE_ROLE_WORDS = {"lead": _LEAD_MARKERS, "responsible": set(_words("label", "primary")), "co": _CO_MARKERS}
# A role in brackets after a name: the word, and the marker of that role it counts as.
_NAME_MARKS = {r["word"]: r["word"] if r["word"] in _LEAD_MARKERS | _CO_MARKERS else _words("verb", r["role"])[-1]
               for r in read_rows("clause_words.tsv") if r["kind"] == "name_mark"}
_NAME_MARK = re.compile(rf"(?P<name>.+?)\(\s*(?P<mark>{_tolerant(sorted(_NAME_MARKS, key=len, reverse=True))})\s*\)$")


@dataclass
class _Entry:
    name: str
    start: int  # in the normalized node text
    end: int
    marker: str


def _marked(e: _Entry) -> _Entry:
    """A name with its role in brackets after it (区卫健局（牵头）): the name, with that role's marker."""
    m = _NAME_MARK.match(e.name)
    if not m:
        return e
    name = m.group("name").rstrip()
    return _Entry(name, e.start, e.start + len(name), _NAME_MARKS[_SPACE.sub("", m.group("mark"))])


def _split_names(text: str, offset: int) -> list[tuple[str, int, int]]:
    """Split a list of names on 、，；(and 及 before a new name), outside brackets."""
    out: list[tuple[str, int, int]] = []
    depth = 0
    start = 0
    # Only brackets, separators and joiners matter: a loop over every character was slow.
    for m in _split_marks().finditer(text):
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            _piece(text, start, m.start(), offset, out)
            start = m.start() + 1
    _piece(text, start, len(text), offset, out)
    return out


def _piece(text: str, start: int, end: int, offset: int, out: list[tuple[str, int, int]]) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip(_STRIP))
    piece_stripped = piece.strip(_STRIP)
    if piece_stripped.endswith(_TRAILING):
        piece_stripped = piece_stripped[:-1]
    if piece_stripped:
        s = offset + start + lead
        out.append((piece_stripped, s, s + len(piece_stripped)))


@lru_cache(maxsize=1)
def _split_marks() -> re.Pattern[str]:
    marks = ["[()" + re.escape(_SEPARATORS) + "]"]
    if _JOINERS and _JOINER_NEXT:
        marks.append(f"[{re.escape(_JOINERS)}](?=[{re.escape(_JOINER_NEXT)}])")
    return re.compile("|".join(marks))
