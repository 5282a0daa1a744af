"""Batch parsing benchmark: time and peak memory for N = 30, 300, 3,000 synthetic plans.

Run with ``make bench`` or ``python benchmarks/bench_batch.py [N ...]``. Each
N runs in a fresh process so that peak memory (the main process and the
largest worker) is its own. A measurement, not a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cityplans.synthetic import write_synthetic_corpus

CHILD = """
import json, resource, sys, time
from cityplans.outputs.batch import parse_batch
t0 = time.perf_counter()
s = parse_batch([sys.argv[1]], sys.argv[2], progress=False)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "parsed": s.n_parsed, "failed": len(s.failed),
                  "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def main(sizes: list[int]) -> None:
    print(f"{'plans':>6} {'MiB of text':>11} {'seconds':>8} {'ms/plan':>8} {'main MiB':>9} {'worker MiB':>10} {'failed':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"in{n}"
            paths = write_synthetic_corpus(folder, n, seed=n)
            mib = sum(p.stat().st_size for p in paths) / 2**20
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(Path(tmp) / f"out{n}")],
                                 capture_output=True, text=True, check=True)
            wall = time.perf_counter() - t0
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{n:>6} {mib:>11.1f} {r['seconds']:>8.2f} {1000 * r['seconds'] / n:>8.2f} "
                  f"{r['main_mib']:>9.0f} {r['worker_mib']:>10.0f} {r['failed']:>6}   (wall with start-up {wall:.2f} s)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [30, 300, 3000])
