"""The ``cityplans`` command.

``cityplans build [--out DIR] [--figures [DIR]] [--jobs N]``
    parse ``data/raw`` and write the tables to ``data/processed`` (and,
    with ``--figures``, every figure to ``figures/``), on all cores.
``cityplans parse FILE_OR_FOLDER... --out DIR [--workers N]``
    parse plans that are not in the corpus (thousands at a time, on all
    cores) and write the same tables plus ``summary.csv``; exit status 2 if
    any file failed, each failure on one line of standard error.
``cityplans check [FILE...]``
    print the anomalies (of the corpus, or of the given files).

Bad input gets one line on standard error and exit status 2; no traceback.
"""

from __future__ import annotations

import os
import sys


def _interrupted_while_starting(kind, value, tb):
    # Ctrl-C in the first moments, while Python imports the modules below: one line, not a traceback.
    if issubclass(kind, KeyboardInterrupt):
        sys.stderr.write("cityplans: stopped while starting; nothing was written\n")
        sys.stderr.flush()
        os._exit(130)
    sys.__excepthook__(kind, value, tb)


if sys.excepthook is sys.__excepthook__:
    sys.excepthook = _interrupted_while_starting

# The imports come after the hook, on purpose (E402 is off for this file).
import argparse
import contextlib
import functools
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only light modules at the top: main() installs the signal handlers before
# pandas and the parser are imported, so an early Ctrl-C or SIGTERM is one line too.
from cityplans import paths
from cityplans.errors import OneLineParser, at_least_one
from cityplans.reading.textio import PlanInputError, printable
from cityplans.staging import OutputError, Terminated, check_apart, handle_sigterm, staged_folder

if TYPE_CHECKING:
    from cityplans.corpus import Corpus

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="cityplans", description="Parse and compare Chinese local health plans.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="parse data/raw and write the tables to data/processed")
    b.add_argument("--raw", type=Path, default=None, help="folder with plans.csv and the plans (default data/raw)")
    b.add_argument("--out", type=Path, default=None, help="output folder (default data/processed)")
    b.add_argument("--figures", type=Path, nargs="?", const=paths.FIGURES_DIR, default=None,
                   help="also draw every figure into this folder (default figures/)")
    b.add_argument("--jobs", type=at_least_one, default=None,
                   help="processes for the tables and figures (default: all cores); the files do not depend on it")
    pa = sub.add_parser("parse", help="parse plan files or folders of plans (in parallel) and write the same tables")
    pa.add_argument("files", nargs="+", type=Path, help="plan files (.txt, .html, .docx, .pdf), or folders of them")
    pa.add_argument("--out", type=Path, required=True)
    pa.add_argument("--workers", type=at_least_one, default=None, help="worker processes (default: all cores)")
    pa.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="progress bar (default: when standard error is a terminal)")
    c = sub.add_parser("check", help="print the anomalies")
    c.add_argument("files", nargs="*", type=Path)
    return p


def _summary(corpus: Corpus) -> str:
    rows = [f"{r.city}: {r.n_nodes} nodes, {r.n_tasks} tasks, {r.n_anomalies} anomalies ({r.encoding})"
            for r in corpus.plans.itertuples()]
    return "\n".join(rows)


def _print_quality(corpus: Corpus) -> None:
    """One line per plan: what was read, and why a reading is doubtful (quality.csv)."""
    from cityplans.compare.quality import quality_table  # noqa: PLC0415

    for q in quality_table(corpus).itertuples():
        print(f"{q.city}: {q.n_tasks} tasks, {q.n_clauses} clauses ({q.names_in_clauses} names; "
              f"{q.names_outside_clauses} outside clauses), {q.targets_read} targets ({q.targets_mapped} mapped, "
              f"{q.targets_rejected} rejected), {q.n_anomalies} anomalies"
              + (f"; DOUBTFUL: {q.doubts}" if q.doubtful else ""))


def _print_anomalies(corpus: Corpus) -> None:
    if corpus.anomalies.empty:
        print("no anomalies")
        return
    for a in corpus.anomalies.itertuples():
        snippet = corpus.raw[a.city][a.start:a.end].replace("\n", "⏎")
        if len(snippet) > 40:
            snippet = snippet[:37] + "…"
        print(f"{a.city}\t{a.kind}\t{a.start}-{a.end}\t{a.message}\t{snippet}")


def _write_tables(corpus: Corpus, out: Path) -> tuple[list[Path], list[Path]]:
    """Every table, the dictionary, the workbook and the network files of the build.

    Returns (tables, network files).
    """
    from cityplans.compare.tables import all_tables, derived_tables  # noqa: PLC0415
    from cityplans.outputs.dictionary import check_columns, dictionary_table  # noqa: PLC0415
    from cityplans.outputs.exports import export_networks  # noqa: PLC0415 - networkx only when networks are written
    from cityplans.outputs.workbook import write_workbook  # noqa: PLC0415

    derived = derived_tables(corpus)
    tables = all_tables(corpus, derived)
    check_columns(tables)  # a column without a meaning stops the build
    written = corpus._write_csv(out)  # out is the build's staging folder already
    for name, df in {**derived, "columns": dictionary_table()}.items():
        target = out / f"{name}.csv"
        df.to_csv(target, index=False, encoding="utf-8", lineterminator="\n", float_format="%.6g")
        written.append(target)
    written.append(write_workbook(tables, out / "cityplans.xlsx"))
    networks = export_networks(corpus.assignments, out / "networks", corpus.cities, plans=corpus.plans)
    return written, networks


def _build(args: argparse.Namespace) -> int:
    from cityplans._parallel import run_steps  # noqa: PLC0415 - see the imports above
    from cityplans.corpus import load  # noqa: PLC0415

    corpus = load(args.raw)
    out = args.out or paths.PROCESSED_DIR
    check_apart(out, [args.raw or paths.RAW_DIR, paths.RAW_DIR])
    if args.figures is not None:
        check_apart(args.figures, [args.raw or paths.RAW_DIR, paths.RAW_DIR])
        if os.path.abspath(args.figures) == os.path.abspath(out):
            raise OutputError(f"{out}: the tables and the figures need folders of their own")
    t0 = time.perf_counter()
    with contextlib.ExitStack() as stack:
        # Both folders are staged and swapped in only when every step has finished.
        staged_out = stack.enter_context(staged_folder(out))
        steps = []
        if args.figures is not None:
            import matplotlib  # noqa: PLC0415

            matplotlib.use("Agg")
            from cityplans.plots.figures import figure_steps  # noqa: PLC0415

            steps += figure_steps(corpus, stack.enter_context(staged_folder(args.figures)))
        # The tables go last: the shortest step fills in while the longest figure finishes.
        steps.append(functools.partial(_write_tables, corpus, staged_out))
        from cityplans.compare.tables import derived_tables  # noqa: PLC0415

        derived_tables(corpus)  # once, before the workers fork: the tables and the figures share them
        *drawn, (written, networks) = run_steps(steps, args.jobs)
    print(_summary(corpus))
    if args.figures is not None:
        print(f"wrote {sum(len(d) for d in drawn)} figure files to {args.figures}")
    print(f"wrote {len(networks)} network files to {Path(out) / 'networks'}")
    print(f"wrote {len(written)} tables to {out} in {time.perf_counter() - t0:.2f} s")
    return 0


def _parse(args: argparse.Namespace) -> int:
    from cityplans.outputs.batch import parse_batch  # noqa: PLC0415

    summary = parse_batch(args.files, args.out, workers=args.workers, progress=args.progress)
    print(summary)
    print(f"wrote the tables and summary.csv to {args.out}")
    for _, why in summary.failed[:20]:
        print(f"cityplans: error: {why}", file=sys.stderr)
    if summary.n_parsed and not summary.n_with_outline:
        print("cityplans: error: no file yielded an outline (numbered headings), so no task was read; "
              "check that these are the plans' texts", file=sys.stderr)
        return 2
    return 2 if summary.failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    handle_sigterm()
    where = getattr(args, "out", None) or (paths.PROCESSED_DIR if args.command == "build" else None)
    unchanged = f"; {where} is as it was before this run" if where else ""
    try:
        from cityplans.corpus import load, parse_files  # noqa: PLC0415
        from cityplans.datafiles import check_data_files  # noqa: PLC0415

        check_data_files()  # a broken rule file stops the run before any work
        if args.command == "build":
            return _build(args)
        if args.command == "parse":
            return _parse(args)
        corpus = parse_files(args.files) if args.files else load()
        _print_quality(corpus)
        _print_anomalies(corpus)
    except PlanInputError as exc:
        print(f"cityplans: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"cityplans: interrupted{unchanged}", file=sys.stderr)
        return 130
    except Terminated:
        print(f"cityplans: stopped by SIGTERM{unchanged}", file=sys.stderr)
        return 143
    except BrokenPipeError:  # `cityplans check | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        if os.environ.get("CITYPLANS_DEBUG"):
            raise
        print(f"cityplans: error: {printable(exc)}{unchanged}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours: still one line, and the output untouched
        if os.environ.get("CITYPLANS_DEBUG"):
            raise
        print(f"cityplans: internal error ({type(exc).__name__}: {printable(exc)}){unchanged}; please report it, "
              "with the traceback that CITYPLANS_DEBUG=1 shows", file=sys.stderr)
        return 70
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
