import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from synthetic import FULLWIDTH_PLAN

from cityplans.cli import main
from cityplans.synthetic import write_synthetic_corpus


@pytest.mark.slow
def test_build_writes_the_tables(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cityplans-output",
        "anomalies.csv", "assignments.csv", "categories.csv", "category_coverage.csv", "cells.csv", "centrality.csv",
        "cityplans.xlsx", "columns.csv", "departments.csv", "domain_coverage.csv", "hca_coverage.csv", "instrument_domains.csv", "instrument_lead_sectors.csv", "instrument_shares.csv", "instruments.csv", "national_targets.csv", "network_summary.csv",
        "networks", "nhc_coverage.csv", "plan_similarity.csv", "plans.csv", "pmc.csv", "pmc_index.csv", "quality.csv", "segments.csv", "target_comparison.csv",
        "targets.csv", "tasks.csv", "unique_and_missing.csv"]
    assert (tmp_path / "networks" / "pooled_collaboration.dl").exists()
    tasks = pd.read_csv(tmp_path / "tasks.csv")
    assert len(tasks) == 255
    assert "huanren: 53 nodes" in capsys.readouterr().out


def test_parse_other_plans(tmp_path):
    src = tmp_path / "gbk.txt"
    src.write_bytes(FULLWIDTH_PLAN.replace("\n", "\r\n").encode("gbk"))
    out = tmp_path / "out"
    assert main(["parse", str(src), "--out", str(out)]) == 0
    tasks = pd.read_csv(out / "tasks.csv", keep_default_na=False)
    raw = FULLWIDTH_PLAN.replace("\n", "\r\n")
    for row in tasks.itertuples():
        assert raw[row.start:row.end] == row.text


def test_check_prints_anomalies(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "haining\tnumbering_gap" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\x00\x01\x02" * 50, "binary"), (b"\xff\x80\xff\x80\xff\x80", "undecodable")],
)
def test_bad_files_get_one_line_and_status_2(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "cityplans.cli", "parse", str(bad), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_missing_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.slow
def test_ctrl_c_stops_a_batch_with_one_line_and_no_traceback(tmp_path):
    # Ctrl-C reaches the whole process group: workers must stay quiet, the main process says one line.
    write_synthetic_corpus(tmp_path / "in", 600, seed=1)  # about 8 s on two cores
    proc = subprocess.Popen([sys.executable, "-m", "cityplans.cli", "parse", str(tmp_path / "in"),
                             "--out", str(tmp_path / "out"), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip() == f"cityplans: interrupted; {tmp_path / 'out'} is as it was before this run"
    assert not (tmp_path / "out").exists()  # no earlier output, and nothing half-written in its place
