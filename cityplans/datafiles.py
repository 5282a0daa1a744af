"""The rule files in ``cityplans/data``: where they are, how they are read, what each must hold.

:func:`read_rows` reads a file (once, cached) and checks it as it reads.

Researchers edit these files, so a mistake in one must say where it is and
what to do, in one line, and never reach the parser as a traceback or a
silent wrong answer. :data:`SCHEMAS` gives, for every file, its columns and
what each must be:

``key``            non-empty and unique in the file
``text``           non-empty
``text?``          anything, empty included
``regex``          a regular expression that compiles and cannot backtrack
                   exponentially (no unbounded repeat of another unbounded
                   repeat, or of alternatives; ``regex?``: or empty)
``number``         a number (``number?``: or empty)
``colour``         a colour as ``#RRGGBB``
``one of a b c``   one of the words given
``id FILE COL``    a value of column COL of FILE (``id?``: or empty; ``+word``
                   after COL allows a word more)
``ids FILE COL``   space-separated values of column COL of FILE

:func:`check_data_files` reads every file once (the command line does so
before it starts any work), so a broken file stops a run at its start.
Set ``CITYPLANS_DATA_DIR`` to a folder holding edited copies of all the
files to use them instead of the shipped ones.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from cityplans.errors import PlanInputError

try:  # Python >= 3.11
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

__all__ = ["SCHEMAS", "DataFileError", "alternation", "check_data_files", "check_regex", "check_rows", "data_path",
           "read_rows"]

_ACTOR_TYPES = "government party mass_organisation public_institution company higher_level lower_government collective"
#: Every rule file, its columns and what each holds (see the module docstring).
SCHEMAS: dict[str, dict[str, str]] = {
    "sectors.tsv": {"sector": "key", "group": "text", "name_en": "text", "name_zh": "text"},
    "departments.tsv": {"department_id": "key", "name_zh": "text", "name_en": "text",
                        "actor_type": f"one of {_ACTOR_TYPES}", "sectors": "ids sectors.tsv sector"},
    "department_aliases.tsv": {"alias": "key", "department_id": "id departments.tsv department_id",
                               "relation": "one of name predecessor typo pattern", "note": "text?"},
    "debris_rules.tsv": {"rule": "key", "strength": "one of strong page weak keep preamble", "pattern": "regex",
                         "description": "text?"},
    "section_kinds.tsv": {"kind": "text", "pattern": "regex", "description": "text?"},
    "indicators.tsv": {"indicator_id": "key", "name_zh": "text", "name_en": "text", "unit": "text?",
                       "also_units": "text?", "low": "number", "high": "number",
                       "better": "one of higher lower", "pattern": "regex"},
    "metadata_cues.tsv": {"field": "one of title period annual doc_number issue_date issuing_body level_county "
                                   "level_district level_city addressee programme place",
                          "pattern": "regex", "description": "text?"},
    "indicator_table_columns.tsv": {"header": "key",
                                    "role": "one of number domain indicator unit baseline target attribute",
                                    "note": "text?"},
    "place_levels.tsv": {"suffix": "key", "level": "one of province prefecture city county district",
                         "name_en": "text?", "note": "text?"},
    "role_conventions.tsv": {"pattern": "regex", "convention": "one of first_leads", "description": "text?"},
    "task_table_columns.tsv": {"header": "key", "role": "one of number task lead responsible co deadline note",
                               "note": "text?"},
    "instruments.tsv": {"code": "key", "group": "one of S E D", "name_zh": "text", "name_en": "text", "cues": "regex",
                        "note": "text?"},
    "pmc_first_levels.tsv": {"first": "key", "name_en": "text", "name_zh": "text", "note": "text?"},
    "pmc_variables.tsv": {"variable": "key", "first": "id pmc_first_levels.tsv first", "name_en": "text",
                          "name_zh": "text",
                          "rule": "one of targets instrument cue section span issuer role actor domain target_years "
                                  "baselines public field",
                          "argument": "text?", "fallback": "regex?", "note": "text?"},
    "traditional.tsv": {"traditional": "key", "simplified": "text"},
    "symbol_variants.tsv": {"written": "key", "read_as": "text", "note": "text?"},
    "units.tsv": {"unit": "key", "canonical": "text", "kind": "one of count rate age measure", "low": "number?",
                  "high": "number?", "name_en": "text?"},
    "unit_contexts.tsv": {"unit": "id units.tsv unit", "context": "regex", "canonical": "text", "name_en": "text?",
                          "note": "text?"},
    "palettes.tsv": {"palette": "one of city city_extra section_kind sector_group change lead_measure instrument_group",
                     "key": "text", "colour": "colour", "note": "text?"},
    "labels.tsv": {"key": "key", "en": "text", "zh": "text"},
    "comparators.tsv": {"phrase": "text", "position": "one of before after symbol",
                        "comparator": "one of >= <= = approx decrease_by increase_by"},
    "target_cues.tsv": {"name": "key", "pattern": "regex", "description": "text?"},
    "level_prefixes.tsv": {"prefix": "key", "level": "text", "kind": "one of government party joint", "note": "text?"},
    "clause_words.tsv": {"word": "text", "kind": "one of label verb unlabelled in_text in_text_before modal separator "
                                                 "joiner joiner_next trailing strip own_level not_after sentence_end "
                                                 "name_mark clause_end each",
                         "role": "one of lead co primary -", "note": "text?"},
    "taxonomy_domains.tsv": {"domain": "key", "name_zh": "text", "name_en": "text"},
    "hca_actions.tsv": {"action": "key", "name_zh": "text", "name_en": "text", "group": "text"},
    "nhc_dimensions.tsv": {"dimension": "key", "name_zh": "text", "name_en": "text"},
    "taxonomy.tsv": {"code": "key", "domain": "id taxonomy_domains.tsv domain", "name_zh": "text", "name_en": "text",
                     "scope": "text?", "hca_action": "id? hca_actions.tsv action",
                     "nhc_dimension": "id? nhc_dimensions.tsv dimension"},
    "taxonomy_terms.tsv": {"category": "id taxonomy.tsv code", "term": "regex", "weight": "number"},
    "taxonomy_priors.tsv": {"kind": "id section_kinds.tsv kind +annex", "category": "id taxonomy.tsv code",
                            "weight": "number", "note": "text?"},
}


class DataFileError(PlanInputError):
    """A malformed rule file; the message names the file and the line."""


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words from a rule file, longest first (so 张/千人 wins over 张).

    Examples
    --------
    >>> alternation(["张", "张/千人", "个"])
    '张/千人|张|个'
    """
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _repeats(tree: object) -> list[tuple[int, int, object]]:
    """The repeats directly or indirectly inside a parsed pattern, as (min, max, body)."""
    found = []
    for op, av in tree:  # type: ignore[attr-defined]
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                  getattr(sre_constants, "POSSESSIVE_REPEAT", None)):
            found.append(av)
            found += _repeats(av[2])
        elif op == sre_constants.SUBPATTERN:
            found += _repeats(av[-1])
        elif op == sre_constants.BRANCH:
            for branch in av[1]:
                found += _repeats(branch)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            found += _repeats(av[1])
    return found


def check_regex(pattern: str) -> str | None:
    """Why a rule pattern is unusable, or None.

    Examples
    --------
    >>> check_regex("^当前位置") is None
    True
    >>> check_regex("^(.+)+ZZZ$")
    'an unbounded repeat inside another can take exponential time on a long line; remove the inner or outer + or *'
    >>> check_regex("(牵头")
    'does not compile: missing ), unterminated subpattern at position 0'
    """
    try:
        re.compile(pattern)
        if not any(c in pattern for c in "*+{"):
            return None  # no repeat, so none inside another (most rule patterns: parsing them again was slow)
        tree = sre_parse.parse(pattern)
    except re.error as exc:
        return f"does not compile: {exc}"
    unbounded = sre_constants.MAXREPEAT
    for _, hi, body in _repeats(tree):
        if hi != unbounded:
            continue
        if any(inner_hi == unbounded for _, inner_hi, _ in _repeats(body)):
            return ("an unbounded repeat inside another can take exponential time on a long line; "
                    "remove the inner or outer + or *")
        if _has_branch(body):
            return ("an unbounded repeat of alternatives ((a|b)+) can take exponential time on a long line; "
                    "repeat a character class instead, or write the alternatives out")
    return None


def _has_branch(tree: object) -> bool:
    for op, av in tree:  # type: ignore[attr-defined]
        if op == sre_constants.BRANCH:
            return True
        if op == sre_constants.SUBPATTERN and _has_branch(av[-1]):
            return True
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and _has_branch(av[2]):
            return True
    return False


def _check_value(spec: str, value: str, keys: set[str], known_sets: dict[str, set[str]] | None = None) -> str | None:
    kind, _, rest = spec.partition(" ")
    if kind == "text?" or (kind == "number?" and not value.strip()):
        return None
    if not value.strip():
        return None if kind in ("id?", "regex?") else "empty"
    if kind == "key":
        return "already on an earlier line; each must be unique" if value in keys else None
    if kind in ("regex", "regex?"):
        return check_regex(value)
    if kind == "colour":
        return None if re.fullmatch(r"#[0-9A-Fa-f]{6}", value) else "not a colour such as #0072B2"
    if kind in ("number", "number?"):
        try:
            float(value)
        except ValueError:
            return "not a number"
        return None
    if kind == "one" and value not in rest.removeprefix("of ").split():
        return f"not one of {rest.removeprefix('of ')}"
    if kind in ("id", "id?", "ids"):
        file, column, *extra = rest.split()
        known_sets = {} if known_sets is None else known_sets
        if rest not in known_sets:  # once per file checked, not once per line
            known_sets[rest] = {r[column] for r in read_rows(file)} | {e.removeprefix("+") for e in extra}
        known = known_sets[rest]
        unknown = [v for v in (value.split() if kind == "ids" else [value]) if v not in known]
        if not unknown:
            return None
        return f"{' '.join(unknown)} not in column {column} of {file}"
    return None


def check_rows(name: str, rows: Sequence[dict[str, str | None]], where: str) -> None:
    """Raise :class:`DataFileError` at the first bad line of a rule file (``where`` is its path).

    The first bad line is reported, and on it the first bad column in the
    schema's order.
    """
    schema = SCHEMAS.get(name)
    if schema is None:
        return
    missing = [c for c in schema if rows and c not in rows[0]]
    if missing:
        raise DataFileError(f"{where}, line 1: no column {', '.join(missing)}; the header needs {', '.join(schema)}")
    short = next((i for i, row in enumerate(rows) if None in row or None in row.values()), len(rows))
    whole = rows[:short]  # the lines before the first with a wrong number of fields
    problems = [found for i, (column, spec) in enumerate(schema.items())
                if (found := _first_problem(column, spec, [r[column] for r in whole], i, _also(name, column, rows)))]
    if problems:
        index, _, column, value, problem = min(problems)
        raise DataFileError(f"{where}, line {index + 2}: {column} {value!r}: {problem}; fix the line")
    if short < len(rows):
        row = rows[short]
        n = len([v for k, v in row.items() if k is not None and v is not None]) + len(row.get(None) or [])
        raise DataFileError(f"{where}, line {short + 2}: {n} fields where the header has {len(schema)}; "
                            "fields are separated by one tab")


def _also(name: str, column: str, rows: Sequence[dict[str, str | None]]) -> Callable[[int, str], str | None] | None:
    """A check a column needs beyond its kind: an alias whose relation is ``pattern`` is a regex."""
    if name == "department_aliases.tsv" and column == "alias":
        return lambda index, value: check_regex(value) if rows[index].get("relation") == "pattern" else None
    return None


def _first_problem(column: str, spec: str, values: list[str], order: int,
                   also: Callable[[int, str], str | None] | None = None) -> tuple[int, int, str, str, str] | None:
    """The first bad value of one column as ``(row index, column order, column, value, problem)``, or None."""
    # Most of a big file (traditional.tsv: 4,000 lines) is keys and plain text: those columns are
    # checked whole, in C, and only a column that fails is walked value by value to find where.
    if spec == "text?" and also is None:
        return None
    if spec in ("key", "text") and also is None and all(v.strip() for v in values) and (
            spec == "text" or len(set(values)) == len(values)):
        return None
    keys: set[str] = set()
    known_sets: dict[str, set[str]] = {}
    for index, value in enumerate(values):
        problem = _check_value(spec, value, keys, known_sets) or (also and also(index, value))
        if problem:
            return index, order, column, value, problem
        keys.add(value)
    return None


def check_data_files() -> None:
    """Read and check every rule file (raises :class:`DataFileError` at the first problem)."""
    for name in SCHEMAS:
        read_rows(name)


def data_path(name: str) -> Path:
    """Path of a data file shipped in ``cityplans/data``."""
    # Path(__file__) rather than importlib.resources: the latter fails under
    # setuptools' editable-install finder when run from a console script.
    folder = os.environ.get("CITYPLANS_DATA_DIR")
    return (Path(folder) if folder else Path(__file__).resolve().parent / "data") / name


@cache
def read_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a shipped CSV or TSV file as dictionaries (cached, read-only).

    Rule files holding regular expressions are tab-separated (``.tsv``) so
    that commas and quotes in patterns need no escaping. Each file is checked
    against its schema (:mod:`cityplans.datafiles`) as it is read.
    """
    delimiter = "\t" if name.endswith(".tsv") else ","
    path = data_path(name)
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = tuple(dict(row) for row in csv.DictReader(fh, delimiter=delimiter, quoting=quoting))
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror}); the rule files belong in {path.parent}") from None
    check_rows(name, rows, str(path))
    return rows
