"""Parser benchmarks: time to parse plans of growing size and pathological inputs.

Run with ``make bench`` (or ``python benchmarks/bench_parse.py``). This is a
measurement, not a test: it prints a table and never fails on a number.
Linear time shows as a constant time per megabyte across sizes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from cityplans import load, parse_outline, paths
from cityplans.reading.formats import read_plan


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def genre_text(n_chars: int) -> str:
    """A plan of about n_chars made by repeating the five real plans' bodies."""
    bodies = [read_plan(p).raw for p in sorted(paths.RAW_DIR.glob("*.txt"))]
    unit = "\n".join(bodies)
    return (unit * (n_chars // len(unit) + 1))[:n_chars]


def main() -> None:
    rows = []
    for size in (250_000, 500_000, 1_000_000, 2_000_000):
        text = genre_text(size)
        t = best_of(lambda: parse_outline(text, "bench"), repeat=3)
        rows.append((f"genre text, {size / 1e6:.2f} M chars", size, t))
    patho = {
        "100,000 opening brackets": "(" * 100_000,
        "100,000 unmatched closing brackets": ")" * 100_000,
        "brackets nested 50,000 deep, then closed": "(" * 50_000 + ")" * 50_000,
        "one 10 M-character line": "健康" * 5_000_000,
        "100,000 numbered lines": "".join(f"{i % 999 + 1}.任务。\n" for i in range(100_000)),
        "1 M characters of blank lines": "\n" * 1_000_000,
    }
    for name, text in patho.items():
        rows.append((name, len(text), best_of(lambda: parse_outline(text, "bench"), repeat=3)))
    rows.append(("cityplans.load() (five plans)", 0, best_of(load, repeat=5)))
    print(f"{'input':45} {'chars':>11} {'seconds':>9} {'s per M chars':>14}")
    for name, n, t in rows:
        per = f"{t / (n / 1e6):.3f}" if n else ""
        print(f"{name:45} {n:>11,} {t:>9.3f} {per:>14}")
    per_m = [t / (n / 1e6) for name, n, t in rows[:4]]
    print(f"\ngenre text: {statistics.mean(per_m):.3f} s per M chars on average, "
          f"spread {min(per_m):.3f}-{max(per_m):.3f} (constant = linear time)")


if __name__ == "__main__":
    main()
