"""Kill campaign: how often a killed run leaves the previous output, the new one, or a mix.

A measurement, not a test (tests/test_faults.py asserts the same on fewer
runs). For ``build`` and for a batch of synthetic plans, N runs are killed
with KILL, TERM or INT at moments drawn uniformly over a complete run's
duration, each over a complete earlier output; the output folder is then
compared with the earlier and the new complete outputs.

    python benchmarks/fault_campaign.py [N]
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from cityplans import paths
from cityplans.synthetic import write_synthetic_corpus

CLI = [sys.executable, "-m", "cityplans.cli"]


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([*CLI, *args], check=True, capture_output=True)
    return time.perf_counter() - t0


def campaign(name: str, new_args: list[str], old_args: list[str], out: Path, n: int, rng: random.Random) -> None:
    base = out.parent
    subprocess.run([*CLI, *old_args, "--out", str(base / "old")], check=True, capture_output=True)
    duration = timed([*new_args, "--out", str(base / "new")])
    old, new = snapshot(base / "old"), snapshot(base / "new")
    outcomes: Counter = Counter()
    for i in range(n):
        sig = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)[i % 3]
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(base / "old", out)
        proc = subprocess.Popen([*CLI, *new_args, "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        time.sleep(rng.uniform(0, duration))
        (os.killpg if sig == signal.SIGINT else os.kill)(proc.pid, sig)
        _, err = proc.communicate(timeout=300)
        state = snapshot(out)
        outcomes["old" if state == old else "new" if state == new else "MIXED"] += 1
        outcomes["traceback"] += "Traceback" in err
        outcomes["more than one line"] += len([line for line in err.splitlines() if line.strip()]) > 1
        outcomes["silent exit by the signal"] += proc.returncode == -sig and sig != signal.SIGKILL
        if "Traceback" in err and outcomes["traceback"] == 1:
            print(f"first traceback ({sig.name}):\n{err[-800:]}", file=sys.stderr)
    print(f"{name}: {n} kills over a {duration:.1f} s run: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        small = base / "raw_small" / "raw"
        shutil.copytree(paths.RAW_DIR, small)
        lines = (small / "plans.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        (small / "plans.csv").write_text("".join(lines[:-1]), encoding="utf-8")
        (base / "b").mkdir()
        campaign("build", ["build"], ["build", "--raw", str(small)], base / "b" / "out", n, rng)
        write_synthetic_corpus(base / "plans_old", 100, seed=1)
        write_synthetic_corpus(base / "plans_new", 500, seed=2)
        (base / "p").mkdir()
        campaign("parse 500 plans", ["parse", str(base / "plans_new"), "--workers", "2"],
                 ["parse", str(base / "plans_old"), "--workers", "2"], base / "p" / "out", n, rng)


if __name__ == "__main__":
    main()
