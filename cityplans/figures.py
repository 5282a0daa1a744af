"""The figure build: every figure of the report, from ``data/raw``, in one command.

``python -m cityplans.figures`` (``make figures``) writes each registered
figure to ``figures/<name>.png`` (quick viewing) and ``figures/<name>.svg``
(print, text as outlines). This is the only place that saves figures; the
notebooks call the same plot functions and show them.

Figures are byte-identical from run to run: the Agg backend, fixed SVG hash
salt, no time stamps in the metadata, fixed layouts.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from . import paths  # noqa: E402
from .corpus import Corpus, load  # noqa: E402
from .plot import plot_outline, style  # noqa: E402

__all__ = ["FIGURES", "build_figures", "main"]


def outline_by_kind(corpus: Corpus) -> Figure:
    """Numbered items with content per plan, by section kind."""
    ax = plot_outline(corpus.tasks, plans=corpus.plans)
    return ax.figure


#: name -> function(corpus) -> Figure. Add a figure here and it is built.
FIGURES: dict[str, Callable[[Corpus], Figure]] = {
    "outline_by_kind": outline_by_kind,
}

_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}


def build_figures(
    corpus: Corpus | None = None,
    out_dir: str | Path | None = None,
    only: Sequence[str] | None = None,
    language: str = "en",
) -> list[Path]:
    """Draw and save the registered figures; returns the files written."""
    corpus = corpus if corpus is not None else load()
    out = Path(out_dir) if out_dir else paths.FIGURES_DIR
    out.mkdir(parents=True, exist_ok=True)
    names = list(only) if only else list(FIGURES)
    unknown = sorted(set(names) - set(FIGURES))
    if unknown:
        raise KeyError(f"unknown figure(s) {unknown}; known: {sorted(FIGURES)}")
    written = []
    with style(language=language):
        for name in names:
            fig = FIGURES[name](corpus)
            for ext in ("png", "svg"):
                target = out / f"{name}.{ext}"
                fig.savefig(target, format=ext, metadata=_METADATA[ext])
                written.append(target)
            plt.close(fig)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cityplans.figures", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="figure names (default: all)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default figures/)")
    parser.add_argument("--language", choices=["en", "zh"], default="en")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    written = build_figures(out_dir=args.out, only=args.only, language=args.language)
    print(f"wrote {len(written)} files to {written[0].parent if written else args.out} "
          f"in {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
