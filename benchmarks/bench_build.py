"""Build and import benchmarks.

1. The full build of the five plans (``cityplans build`` and every figure),
   on all cores and in one process, against its floor: the same imports and
   the same number of empty figures saved as PNG and SVG.
2. ``import cityplans`` and ``cityplans.load()`` against ``import pandas``.

Each measurement is a fresh process, repeated; the best run is reported.
Run with ``make bench``. A measurement, not a test.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time

FULL = """
import sys
from cityplans.cli import main
main(["build", "--out", sys.argv[1] + "/processed", "--figures", sys.argv[1] + "/figures", *sys.argv[3:]])
if sys.argv[2] != "-":  # what the build imported, in import order, for the floor
    with open(sys.argv[2], "w") as f:
        f.write("\\n".join(sys.modules))
"""
# The floor imports every module the one-process build imported (matplotlib's
# backends, seaborn, the font package …; on all cores some are imported by the
# workers only), then saves as many empty figures as the build
# saves files, with the same dpi and metadata.
FLOOR = """
import importlib, sys
import matplotlib
matplotlib.use("Agg")
for name in open(sys.argv[2]).read().split():
    try:
        importlib.import_module(name)
    except Exception:  # __main__ and the like
        pass
import matplotlib.pyplot as plt
from cityplans.plots.figures import FIGURES, _METADATA
for name in FIGURES:
    fig = plt.figure()
    for ext in ("png", "svg"):
        fig.savefig(f"{sys.argv[1]}/{name}.{ext}", format=ext, dpi=150, metadata=_METADATA[ext])
    plt.close(fig)
"""
IMPORT_PANDAS = "import pandas"
IMPORT_CITYPLANS = "import cityplans"
LOAD = "import cityplans; cityplans.load()"


def best(code: str, *args: str, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        modules = f"{tmp}/modules.txt"
        full = best(FULL, tmp, "-")
        serial = best(FULL, tmp, modules, "--jobs", "1")
        floor = best(FLOOR, tmp, modules)
    pandas_ = best(IMPORT_PANDAS, repeat=5)
    imp = best(IMPORT_CITYPLANS, repeat=5)
    load = best(LOAD, repeat=5)
    print(f"full build (tables, networks, 10 figures as PNG+SVG): {full:6.2f} s  (all cores)")
    print(f"full build in one process (--jobs 1):                 {serial:6.2f} s")
    print(f"floor (the build's imports, 20 empty figures saved):   {floor:6.2f} s")
    print(f"ratio full / floor:                                   {full / floor:6.2f}")
    print(f"ratio one-process build / floor:                      {serial / floor:6.2f}")
    print(f"python -c 'import pandas':                            {pandas_:6.2f} s")
    print(f"python -c 'import cityplans':                         {imp:6.2f} s")
    print(f"python -c 'import cityplans; cityplans.load()':       {load:6.2f} s")


if __name__ == "__main__":
    main()
