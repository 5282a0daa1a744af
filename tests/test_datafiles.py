"""Rule-file checking (cityplans.datafiles): the first bad line is the one reported, whatever its column."""

import pytest

from cityplans.datafiles import DataFileError, check_rows


def _rows(header, *lines):
    return [dict(zip(header, line, strict=True)) for line in lines]


ALIASES = ("alias", "department_id", "relation", "note")
KINDS = ("kind", "pattern", "description")
CASES = {
    "duplicate key": ("department_aliases.tsv",
                      _rows(ALIASES, ("甲局", "health", "name", ""), ("乙局", "health", "name", ""),
                            ("甲局", "health", "name", "")), "line 4: alias '甲局': already on an earlier line"),
    "empty text": ("section_kinds.tsv", _rows(KINDS, ("steps", "^步骤", ""), ("", "^保障", "")),
                   "line 3: kind '': empty"),
    "earlier line wins over earlier column": (
        "department_aliases.tsv",
        _rows(ALIASES, ("甲局", "health", "name", ""), ("乙局", "nowhere", "name", ""), ("甲局", "health", "name", "")),
        "line 3: department_id 'nowhere': nowhere not in column department_id"),
    "earlier column wins on one line": (
        "department_aliases.tsv", _rows(ALIASES, ("甲局", "nowhere", "maybe", "")),
        "line 2: department_id 'nowhere'"),
    "an alias that is a pattern must compile": (
        "department_aliases.tsv", _rows(ALIASES, ("(甲局", "health", "name", ""), ("(乙局", "health", "pattern", "")),
        "line 3: alias '(乙局': does not compile"),
    "a bad value before a short line": (
        "section_kinds.tsv", [*_rows(KINDS, ("steps", "(步骤", "")), {"kind": "x", "pattern": None, "description": None}],
        "line 2: pattern '(步骤': does not compile"),
    "a short line before a bad value": (
        "section_kinds.tsv", [{"kind": "x", "pattern": None, "description": None}, *_rows(KINDS, ("steps", "(步骤", ""))],
        "line 2: 1 fields where the header has 3"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_first_bad_line_is_reported(case):
    name, rows, message = CASES[case]
    with pytest.raises(DataFileError) as info:
        check_rows(name, rows, name)
    assert str(info.value).startswith(f"{name}, {message}"), str(info.value)


def test_good_rows_pass_and_a_big_table_is_checked_whole():
    rows = _rows(("traditional", "simplified"), *[(chr(0x4E00 + i), chr(0x5000 + i)) for i in range(3000)])
    check_rows("traditional.tsv", rows, "t")
    rows.append({"traditional": chr(0x4E00), "simplified": "x"})
    with pytest.raises(DataFileError, match="line 3002: traditional '一': already on an earlier line"):
        check_rows("traditional.tsv", rows, "t")
