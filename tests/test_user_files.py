"""Nothing lost: the user's own files are never removed or replaced; odd arguments get one line and exit 2.

Each case is one a user met (issue 28): an output folder holding the user's
tables, notes added to a previous output, folders beside the output whose
names look like leftovers, a link to itself, a manifest field of megabytes,
a plan of one enormous line, negative worker counts, a PDF that is not one,
and the API given ``None`` or the wrong table.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import cityplans as cp
from cityplans import paths
from cityplans.staging import MARKER, OutputError, foreign_files, staged_folder

CLI = [sys.executable, "-m", "cityplans"]
PLAN = paths.RAW_DIR / "huanren.txt"


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout)


def state(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr and len(lines) == 1, result.stderr
    return lines[0]


def users_folder(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "my_results.csv").write_text("city,value\nx,1\n", encoding="utf-8")
    (folder / "thesis_tables.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    return state(folder)


# --- the output folder: only what cityplans wrote is replaced ---------------------------------------------------


def test_a_folder_of_the_users_tables_is_refused_and_kept(tmp_path):
    before = users_folder(tmp_path / "o")
    result = run("parse", str(PLAN), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    line = one_line(result)
    assert "my_results.csv" in line and "thesis_tables.xlsx" in line
    assert state(tmp_path / "o") == before


def test_files_added_to_a_previous_output_are_refused_and_kept(tmp_path):
    out = tmp_path / "o"
    assert run("parse", str(PLAN), "--out", str(out)).returncode == 0
    (out / "my_analysis.py").write_text("print('mine')\n", encoding="utf-8")
    (out / "notes.md").write_text("# notes\n", encoding="utf-8")
    before = state(out)
    result = run("parse", str(PLAN), "--out", str(out))
    assert result.returncode == 2
    assert "my_analysis.py" in one_line(result) and "notes.md" in one_line(result)
    assert state(out) == before


def test_an_output_file_edited_since_is_refused(tmp_path):
    out = tmp_path / "o"
    assert run("parse", str(PLAN), "--out", str(out)).returncode == 0
    with (out / "tasks.csv").open("a", encoding="utf-8") as fh:
        fh.write("my own row\n")
    result = run("parse", str(PLAN), "--out", str(out))
    assert result.returncode == 2 and "tasks.csv" in one_line(result)


def test_an_unchanged_previous_output_is_replaced(tmp_path):
    out = tmp_path / "o"
    assert run("parse", str(PLAN), "--out", str(out)).returncode == 0
    first = state(out)
    assert run("parse", str(PLAN), "--out", str(out)).returncode == 0
    assert state(out) == first
    # the marker lists every file with its digest, in sha256sum's format
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0]
              for line in (out / MARKER).read_text(encoding="utf-8").splitlines() if not line.startswith("#")}
    assert listed == {k: v for k, v in first.items() if k != MARKER}


def test_folders_beside_the_output_that_cityplans_did_not_make_are_untouched(tmp_path):
    out = tmp_path / "o"
    bak, old = tmp_path / ".o.bak-2024", tmp_path / ".o.old-999999"
    staging = tmp_path / ".o.staging-999998"
    keep = {}
    for folder in (bak, old, staging):
        folder.mkdir()
        (folder / "mine.txt").write_text(folder.name, encoding="utf-8")
        keep[folder] = state(folder)
    assert run("parse", str(PLAN), "--out", str(out)).returncode == 0
    assert all(state(folder) == kept for folder, kept in keep.items())
    assert "mine.txt" not in state(out)


def test_a_dead_runs_staging_folder_is_removed(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    out = tmp_path / "o"
    left = tmp_path / f".o.staging-{dead.pid}"
    left.mkdir()
    (left / ".cityplans-staging").write_text(f"cityplans staging folder for {out}\n", encoding="utf-8")
    (left / "tasks.csv").write_text("half written", encoding="utf-8")
    (tmp_path / ".o.lock").write_text(f"cityplans lock, process {dead.pid}\n", encoding="utf-8")
    assert run("parse", str(PLAN), "--out", str(out)).returncode == 0
    assert not left.exists() and not (tmp_path / ".o.lock").exists()


def test_a_lock_file_cityplans_did_not_write_is_refused_and_kept(tmp_path):
    (tmp_path / ".o.lock").write_text("my lock\n", encoding="utf-8")
    result = run("parse", str(PLAN), "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and ".o.lock" in one_line(result)
    assert (tmp_path / ".o.lock").read_text(encoding="utf-8") == "my lock\n"


def test_foreign_files_lists_links_and_files_outside_the_marker(tmp_path):
    with staged_folder(tmp_path / "o") as folder:
        (folder / "a.csv").write_text("x\n", encoding="utf-8")
    assert foreign_files(tmp_path / "o") == []
    (tmp_path / "o" / "link.csv").symlink_to(tmp_path / "o" / "a.csv")
    assert foreign_files(tmp_path / "o") == ["link.csv"]


# --- the API writes through the same staging --------------------------------------------------------------------


def test_corpus_write_refuses_a_folder_of_foreign_files(tmp_path):
    corpus = cp.parse_files([PLAN])
    before = users_folder(tmp_path / "o")
    with pytest.raises(OutputError, match=r"my_results\.csv"):
        corpus.write(tmp_path / "o")
    assert state(tmp_path / "o") == before
    written = corpus.write(tmp_path / "new")
    assert sorted(p.name for p in written) == sorted(f"{name}.csv" for name in corpus.tables())
    assert foreign_files(tmp_path / "new") == [] and (tmp_path / "new" / MARKER).is_file()
    assert corpus.write(tmp_path / "new") == written  # its own output is replaced


# --- arguments: one line, exit 2, nothing past its bound ---------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["parse", str(PLAN), "--out", "o", "--workers", "-3"],
    ["parse", str(PLAN), "--out", "o", "--workers", "0"],
    ["build", "--jobs", "-1"],
    ["build", "--jobs", "many"],
    ["frobnicate"],
], ids=["workers -3", "workers 0", "jobs -1", "jobs many", "no such command"])
def test_bad_arguments_are_one_line_and_status_2(tmp_path, args):
    result = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 2
    assert "error" in one_line(result)
    assert list(tmp_path.iterdir()) == []


def test_a_link_to_itself_is_one_line_and_status_2(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = run("parse", str(loop), "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "loop.txt" in one_line(result)
    result = run("parse", str(PLAN), "--out", str(loop))
    assert result.returncode == 2 and "loop.txt" in one_line(result)


def test_a_manifest_field_of_megabytes_is_one_line_and_status_2(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plans.csv").write_text("city,file,sha256\nx," + "a" * 5_000_000 + ",0\n", encoding="utf-8")
    result = run("build", "--raw", str(raw), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "plans.csv, line 2" in one_line(result)


@pytest.mark.slow
def test_a_plan_of_one_enormous_line_is_refused_within_seconds(tmp_path):
    plan = tmp_path / "one line.txt"
    plan.write_text("一、总体要求\n" + "达到95%，" * 10_000_000, encoding="utf-8")  # 50 million characters
    started = time.monotonic()
    result = run("parse", str(plan), "--out", str(tmp_path / "o"), timeout=60)
    assert result.returncode == 2 and "characters of text" in one_line(result)
    assert time.monotonic() - started < 60  # a bound on hanging, not a speed test


@pytest.mark.slow
def test_the_longest_plan_allowed_is_read_within_a_minute(tmp_path):
    # the worst case under the bound: the densest text the target reader has met, as long as a plan may be
    from cityplans.reading.textio import MAX_CHARS

    plan = tmp_path / "dense.txt"
    head = "一、总体要求\n"
    plan.write_text(head + "达到95%，" * ((MAX_CHARS - len(head)) // 6), encoding="utf-8")
    result = run("parse", str(plan), "--out", str(tmp_path / "o"), timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("content", [b"hello, not a PDF\n", b"%PDF-1.4\n1 0 obj <<>> garbage"], ids=["text", "broken"])
def test_pdf_library_warnings_fold_into_the_one_line(tmp_path, content):
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(content)
    result = run("check", str(pdf))
    assert result.returncode == 2
    assert "not a readable PDF" in one_line(result) and "plan.pdf" in one_line(result)


# --- the public functions check what they are given --------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    return cp.load()


FUNCTIONS = {
    "compare_targets": (lambda x: cp.compare_targets(x), "targets"),
    "network_summary": (lambda x: cp.network_summary(x), "assignments"),
    "category_coverage": (lambda x: cp.coverage.category_coverage(x), "tasks"),
    "quantified_indicators": (lambda x: cp.quantified_indicators(x), "targets"),
    "collaboration_graph": (lambda x: cp.collaboration_graph(x), "assignments"),
    "lead_concentration": (lambda x: cp.lead_concentration(x), "assignments"),
}


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_public_functions_name_the_argument_and_its_columns(corpus, name):
    call, table = FUNCTIONS[name]
    with pytest.raises(TypeError, match=rf"{name}\(\): {table} must be a pandas DataFrame with the columns city"):
        call(None)
    with pytest.raises(ValueError, match=rf"{name}\(\): {table} has none of the columns"):
        call(pd.DataFrame())
    other = "tasks" if table != "tasks" else "assignments"
    with pytest.raises(ValueError, match=rf"{table} has no column"):
        call(getattr(corpus, other))
    call(getattr(corpus, table).iloc[0:0])  # no rows, the right columns: an empty answer, not an error

