"""Policy instruments: the codebook as data, evidence on every coded clause, and agreement with the hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import cityplans as cp
from cityplans import paths
from cityplans.extract.instruments import agreement, instrument_codes, instruments_table

REFERENCE = paths.PROJ_ROOT.parent / "shared" / "reference" / "instruments.md"
SAMPLE = paths.PROJ_ROOT / "data" / "manual" / "instrument_sample.csv"


@pytest.fixture(scope="module")
def coded():
    return instruments_table(cp.load())


def test_the_codebook_is_the_reference_one():
    if not REFERENCE.exists():
        pytest.skip("../shared/reference not beside the repository")
    codes = re.findall(r"^\| ([SED]-[A-Z]+) \|", REFERENCE.read_text(encoding="utf-8"), re.M)
    book = instrument_codes()
    assert list(book["code"]) == codes and len(codes) == 17
    assert all(code.startswith(group + "-") for code, group in zip(book["code"], book["group"], strict=True))


def test_every_coded_clause_gives_back_its_text_and_its_cue(coded):
    raw = cp.load().raw
    assert len(coded) > 0
    for r in coded.itertuples():
        clause = raw[r.city][r.clause_start:r.clause_end]
        assert clause
        if r.rule == "cue":
            assert r.cue in clause


HELDOUT = paths.PROJ_ROOT / "data" / "manual" / "instrument_heldout.csv"


def test_the_held_out_sample_is_new_and_points_at_clauses(coded):
    from cityplans.extract.clauses import task_clauses

    corpus = cp.load()
    heldout, first = (pd.read_csv(p, keep_default_na=False) for p in (HELDOUT, SAMPLE))
    def keys(df, *columns):
        return set(zip(*(df[c].astype(str) if c == "city" else df[c] for c in columns), strict=True))

    assert len(heldout) >= 100 and not keys(heldout, "city", "start") & keys(first, "city", "start")
    clauses = task_clauses(corpus.tasks, corpus.assignments, corpus.raw)
    assert keys(heldout, "city", "start", "end") <= keys(clauses, "city", "start", "end")
    assert all(corpus.raw[c][a:b] == t for c, a, b, t in zip(heldout["city"], heldout["start"], heldout["end"],
                                                            heldout["text"], strict=True))


def test_agreement_with_the_held_out_sample_is_what_the_readme_says(coded):
    """Regression: 120 clauses coded by hand before the second rule set was tuned (on the other sample)."""
    table = agreement(coded, pd.read_csv(HELDOUT, keep_default_na=False)).set_index("code")
    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    for group, name in (("S", "supply"), ("E", "environment"), ("D", "demand")):
        assert table.loc[group, "f1"] >= 0.85, group
        assert f"F1 {table.loc[group, 'f1']:.2f} ({name})" in readme, group
    codes = table[table["level"] == "code"]
    common = codes[codes["n_hand"] >= 5].sort_values("f1")
    assert list(common.index[:2]) == ["E-REG", "E-PUB"]
    flat = " ".join(readme.split())
    assert all(f"{code} ({common.loc[code, 'f1']:.2f}" in flat for code in ("E-REG", "E-PUB"))


def test_a_researchers_overrides_are_applied_last_and_reported(coded, tmp_path):
    from cityplans.extract.instruments import in_force, instrument_shares
    from cityplans.reading.manifest import InputFileError

    corpus = cp.load()
    first = coded.iloc[0]
    other = next(c for c in ("S-TAL", "D-PRO") if c not in set(coded.loc[coded["clause_start"] == first.clause_start,
                                                                            "code"]))
    path = tmp_path / "overrides.csv"
    path.write_text("city,clause_start,code,action,reason\n"
                    f"{first.city},{first.clause_start},{first.code},remove,read as context\n"
                    f"{first.city},{first.clause_start},{other},add,the clause trains staff\n", encoding="utf-8")
    changed = instruments_table(corpus, path)
    here = changed[(changed["city"] == first.city) & (changed["clause_start"] == first.clause_start)]
    rules = dict(zip(here["code"], here["rule"], strict=True))
    assert rules[first.code] == "override_removed" and rules[other] == "override"  # both reported
    assert len(in_force(changed)) == len(coded)  # one away, one added
    shares = instrument_shares(changed).set_index(["city", "group"])["n"]
    before = instrument_shares(coded).set_index(["city", "group"])["n"]
    assert shares.sum() == before.sum()
    path.write_text("city,clause_start,code,action,reason\nhuanren,1,S-TAL,add,x\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"line 2: no clause of 'huanren' starts at '1'"):
        instruments_table(corpus, path)
