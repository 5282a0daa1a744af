"""The figure build: every figure of the report, from ``data/raw``, in one command.

``cityplans build --figures`` (``make figures``) or ``python -m cityplans.plots.figures``
writes each registered figure to ``figures/<name>.png`` (quick viewing) and
``figures/<name>.svg`` (print, text as outlines). This is the only place
that saves figures. Notebooks show the same figures with :func:`draw`, so a
notebook and the report never differ. Each figure function lays its figure
out once; the build draws the figures on all cores, one process per figure
at a time (:mod:`cityplans._parallel`).

Figures are byte-identical from run to run, and whatever the number of
processes: the Agg backend, a fixed SVG hash salt, no time stamps in the
metadata, seeded layouts.
"""

from __future__ import annotations

if __name__ == "__main__":  # python -m cityplans.plots.figures: matplotlib takes a while to import
    from cityplans.staging import quiet_interrupts

    quiet_interrupts("cityplans.plots.figures")

import functools
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from cityplans import paths
from cityplans._parallel import run_steps
from cityplans.compare.coverage import hca_coverage, nhc_coverage
from cityplans.compare.network import centrality_table, collaboration_graph
from cityplans.compare.tables import derived_tables
from cityplans.corpus import Corpus, load
from cityplans.datafiles import check_data_files
from cityplans.errors import OneLineParser, at_least_one
from cityplans.plots._axes import text_points, upright_if_crowded
from cityplans.plots.coverage import plot_coverage_heatmap, plot_similarity
from cityplans.plots.instruments import plot_instrument_domains, plot_instrument_shares
from cityplans.plots.networks import plot_lead_shares, plot_network, plot_top_departments
from cityplans.plots.outline import plot_outline
from cityplans.plots.panels import city_panels
from cityplans.plots.pmc import SURFACE_CMAP, plot_pmc_radar, plot_pmc_surface
from cityplans.plots.targets import plot_ambition, plot_baseline_change, plot_target_levels, year_legend
from cityplans.plots.theme import INSTRUMENT_PALETTE, _label, city_labels, style, truetype_subset, wrap
from cityplans.reading.textio import PlanInputError, printable
from cityplans.staging import Terminated, check_apart, handle_sigterm, staged_folder

__all__ = ["FIGURES", "build_figures", "draw", "figure_steps", "main", "save_figure"]


def _laid_out(ax: plt.Axes) -> Figure:
    """The figure of a one-axes plot, laid out (each figure function lays out once, here or itself)."""
    fig = ax.figure
    fig.tight_layout()
    # The layout cannot move a colour bar's label past the right edge: where one reaches out, widen the figure.
    over = fig.get_tightbbox(fig.canvas.get_renderer()).x1 - fig.get_figwidth()
    if over > 0:
        fig.set_figwidth(fig.get_figwidth() + over + 0.1)
        fig.tight_layout()
    return fig


def _rows_height(n: int, least: float, per_row: float = 0.2, margin: float = 1.2) -> float:
    """The height of a figure with a row per plan (or per item): ``least``, or more when the rows need it."""
    return max(least, margin + per_row * n)


def _longest_label(corpus: Corpus, fontsize: float) -> float:
    """The widest plan label of the corpus in the current language, in inches (an estimate)."""
    return max((text_points(t, fontsize) for t in city_labels(corpus.plans, corpus.cities).values()), default=0) / 72


def _relaid(fig: Figure, axes: Sequence[plt.Axes], **layout: object) -> Figure:
    """Turn crowded city labels upright on ``axes``; lay the figure out again where that changed anything."""
    if [ax for ax in axes if upright_if_crowded(ax)]:
        fig.tight_layout(**layout)
    return fig


def outline_by_kind(corpus: Corpus) -> Figure:
    """Numbered items with content per plan, by section kind; a plan read with doubts (quality.csv) is starred."""
    from cityplans.compare.quality import quality_table  # noqa: PLC0415 - the quality table is this figure's only

    quality = quality_table(corpus)
    doubtful = set(quality.loc[quality["doubtful"], "city"].astype(str))
    plans = corpus.plans.copy()
    starred = plans["city"].astype(str).isin(doubtful)
    for column in ("label_en", "label_zh", "name_en", "name_zh"):
        if column in plans:
            plans[column] = plans[column].where(~starred, plans[column].astype(str) + " *")
    ax = plt.figure(figsize=(6.5, _rows_height(len(corpus.cities), 3.2))).add_subplot()
    plot_outline(corpus.tasks, plans=plans, ax=ax)
    if doubtful:
        ax.set_xlabel(ax.get_xlabel() + "\n" + _label("doubtful_note"))
    return _laid_out(ax)


def shared_indicators(corpus: Corpus, min_plans: int = 2) -> list[str]:
    """Indicators with targets in at least ``min_plans`` plans, most shared first."""
    t = corpus.targets.dropna(subset=["indicator_id"])
    t = t[~t["comparator"].isin(["decrease_by", "increase_by"])]  # levels only
    counts = t.groupby("indicator_id", observed=True)["city"].nunique()
    counts = counts[counts >= min_plans]
    return sorted(counts.index, key=lambda i: (-counts[i], i))


def target_levels(corpus: Corpus) -> Figure:
    """Targets for indicators that two or more plans quantify, against the national targets."""
    comparison = derived_tables(corpus)["target_comparison"]
    indicators = shared_indicators(corpus)
    # A panel needs about 11 points a plan for upright 7-point labels, and 105 for its axis and the national
    # labels beside it: as many panels to a row as fit in 10.5 inches, at most four.
    ncols = max(1, min(4, int(10.5 * 72 // (11 * len(corpus.cities) + 105))))
    nrows = max(1, -(-len(indicators) // ncols))
    row = max(2.7, 1.75 + _longest_label(corpus, 7))  # room under each row for its plan labels
    fig, axes = plt.subplots(nrows, ncols, figsize=(10.5, row * nrows + 0.4), squeeze=False)
    for ax, indicator in zip(axes.flat, indicators, strict=False):
        plot_target_levels(comparison, indicator, plans=corpus.plans, ax=ax)
    for ax in list(axes.flat)[len(indicators):]:
        ax.set_axis_off()
    years = sorted(set(comparison.loc[comparison["indicator_id"].isin(indicators), "target_year"].dropna().astype(int)))
    year_legend(fig, years)
    rect = (0, 0, 1, 1 - 0.03 * 8.5 / fig.get_figheight())  # the year legend's strip: a quarter inch at the top
    fig.tight_layout(rect=rect)
    return _relaid(fig, [ax for ax in axes.flat if ax.axison], rect=rect)


def target_ambition(corpus: Corpus) -> Figure:
    """Local targets relative to the national target of the same year."""
    return _laid_out(plot_ambition(derived_tables(corpus)["target_comparison"], plans=corpus.plans))


def baseline_change(corpus: Corpus) -> Figure:
    """Change from the stated baseline to the target."""
    return _laid_out(plot_baseline_change(derived_tables(corpus)["target_comparison"], plans=corpus.plans))


def networks(corpus: Corpus) -> Figure:
    """Each city's collaboration network on one shared layout, sector colours."""
    pooled = collaboration_graph(corpus.assignments)
    pos = nx.spring_layout(pooled, seed=7, weight=None, k=1.5, iterations=200) if pooled.number_of_nodes() else {}

    def draw_city(city: str, ax: plt.Axes) -> None:
        G = collaboration_graph(corpus.assignments, city)
        plot_network(G, pos={k: pos[k] for k in G.nodes}, ax=ax)

    return city_panels(corpus, draw_city, width=9, row_height=3, layout_first=True, key="network_key")


def lead_concentration(corpus: Corpus) -> Figure:
    """Who leads: the top lead's share and the share led outside health; the HHI on its own axis."""
    summary = derived_tables(corpus)["network_summary"]
    n = len(corpus.cities)
    # Both panels carry every plan: upright 10-point names need 14 points a plan in the narrower.
    size = (max(10, 2 + 0.46 * n), max(3.2, 2.2 + _longest_label(corpus, 10)))
    fig, (a, b) = plt.subplots(1, 2, figsize=size, gridspec_kw={"width_ratios": [2, 1.5]})
    plot_lead_shares(summary, plans=corpus.plans, ax=a)
    plot_lead_shares(summary, measures=["lead_hhi"], ylabel=_label("lead_hhi"), plans=corpus.plans, ax=b)
    fig.tight_layout()
    return _relaid(fig, [a, b])


def top_departments(corpus: Corpus) -> Figure:
    """The most connected departments of each city (weighted degree), sector colours."""

    tables = {c: centrality_table(collaboration_graph(corpus.assignments, c)) for c in corpus.cities}
    drawn = [c for c in corpus.cities if len(tables[c])]
    labels = city_labels(corpus.plans, corpus.cities)
    empty = [labels[c] for c in corpus.cities if c not in drawn]
    # Plans without clauses get no empty panel but a line by the legend.
    note = wrap(f"{_label('no_clauses')}: {', '.join(empty)}", 44) if empty else ""

    def draw_city(city: str, ax: plt.Axes) -> None:
        # Each plan on its own scale: one shared scale left the small plans' bars too short to read.
        plot_top_departments(tables[city], ax=ax)
        ax.set_xlabel(_label("weighted_degree"), fontsize=7)

    return city_panels(corpus, draw_city, width=10, row_height=2.8, title_size=9, cities=drawn, note=note)


def coverage_heatmap(corpus: Corpus) -> Figure:
    """City × category: the share of each plan's task items whose primary category it is."""
    fig, ax = plt.subplots(figsize=(10, _rows_height(len(corpus.cities), 3.6, margin=2.2)))
    plot_coverage_heatmap(derived_tables(corpus)["category_coverage"], value="share_tasks", plans=corpus.plans,
                          ax=ax)
    fig.tight_layout()
    return fig


def framework_coverage(corpus: Corpus) -> Figure:
    """Coverage of the 15 Healthy China Actions and of the 5 Healthy City dimensions."""
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, _rows_height(len(corpus.cities), 3.4, margin=2.2)),
                               gridspec_kw={"width_ratios": [3, 1.2]})
    # The counts include secondary categories: the colour bars say so, and one scale serves both panels.
    label = _label("items_with_secondary")
    plot_coverage_heatmap(hca_coverage(corpus.tasks, include_secondary=True), plans=corpus.plans,
                          colorbar_label=label, ax=a)
    plot_coverage_heatmap(nhc_coverage(corpus.tasks, include_secondary=True), plans=corpus.plans,
                          colorbar_label=label, ax=b)
    a.set_title(_label("hca_title"), loc="left", fontsize=9)
    b.set_title(_label("nhc_title"), loc="left", fontsize=9)
    fig.tight_layout()
    return fig


def similarity(corpus: Corpus) -> Figure:
    """Pairwise similarity of the plans' coverage, the places in manifest order as in every figure."""
    sim = derived_tables(corpus)["plan_similarity"]
    # Each square: a sixth of an inch a plan (two inches at least), with room for the names left of and below it.
    side, names = max(2.0, len(corpus.cities) / 6), _longest_label(corpus, 10)
    fig, (a, b) = plt.subplots(1, 2, figsize=(max(8, 2 * (side + names + 1.3)), max(3.4, side + names + 0.7)))
    order = corpus.cities
    plot_similarity(sim, order=order, metric="jaccard", plans=corpus.plans, ax=a)
    a.set_title("Jaccard", loc="left")
    plot_similarity(sim, order=order, metric="cosine", plans=corpus.plans, ax=b)
    b.set_title("cosine", loc="left")
    fig.tight_layout()
    return _relaid(fig, [a, b])


def instrument_shares(corpus: Corpus) -> Figure:
    """Which levers each plan pulls: supply, environment and demand instruments, as shares."""
    ax = plt.figure(figsize=(6.5, _rows_height(len(corpus.cities), 2.8, margin=1.4))).add_subplot()
    return _laid_out(plot_instrument_shares(derived_tables(corpus)["instrument_shares"], plans=corpus.plans, ax=ax))


def pmc_surfaces(corpus: Corpus) -> Figure:
    """The PMC surface of each plan: its nine first-level scores, 3 × 3, with the index and grade."""
    index = derived_tables(corpus)["pmc_index"]
    return city_panels(corpus, lambda city, ax: plot_pmc_surface(index, city, ax=ax), width=8, row_height=2.9,
                        key="pmc_surface_title", legend=_surface_colour_bar)


def _surface_colour_bar(ax: plt.Axes) -> None:
    from matplotlib.cm import ScalarMappable  # noqa: PLC0415
    from matplotlib.colors import Normalize  # noqa: PLC0415

    cax = ax.inset_axes([0.05, 0.55, 0.85, 0.08])
    bar = ax.figure.colorbar(ScalarMappable(Normalize(0, 1), SURFACE_CMAP), cax=cax, orientation="horizontal")
    bar.set_label(_label("pmc_score"), fontsize=7)
    bar.ax.tick_params(labelsize=6)


def pmc_radars(corpus: Corpus) -> Figure:
    """A radar of each plan's first-level PMC scores over the mean of the plans."""
    index = derived_tables(corpus)["pmc_index"]
    return city_panels(corpus, lambda city, ax: plot_pmc_radar(index, city, ax=ax), width=9, row_height=3.3,
                        key="pmc_radar_title", legend=lambda ax: None, subplot_kw={"projection": "polar"})


def instrument_domains(corpus: Corpus) -> Figure:
    """The X–Y table: instrument group × taxonomy domain, per plan."""
    # A row per plan and instrument group (6.5-point names); columns of domain names wrapped to about an inch.
    group = max(text_points(f" · {_label('group_' + g)}", 6.5) for g in INSTRUMENT_PALETTE) / 72
    n, names = len(corpus.cities), _longest_label(corpus, 6.5) + group
    ax = plt.figure(figsize=(max(8, names + 6.8), _rows_height(3 * n, 4.2, per_row=0.13))).add_subplot()
    return _laid_out(plot_instrument_domains(derived_tables(corpus)["instrument_domains"], plans=corpus.plans, ax=ax))


#: name -> function(corpus) -> Figure. Add a figure here and it is built.
FIGURES: dict[str, Callable[[Corpus], Figure]] = {
    "outline_by_kind": outline_by_kind,
    "target_levels": target_levels,
    "target_ambition": target_ambition,
    "baseline_change": baseline_change,
    "networks": networks,
    "lead_concentration": lead_concentration,
    "top_departments": top_departments,
    "coverage_heatmap": coverage_heatmap,
    "framework_coverage": framework_coverage,
    "similarity": similarity,
    "instrument_shares": instrument_shares,
    "instrument_domains": instrument_domains,
    "pmc_surfaces": pmc_surfaces,
    "pmc_radars": pmc_radars,
}

_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}
#: Resolution of the PNG files (``--dpi 300`` for print).
DPI = 150


def draw(name: str, corpus: Corpus | None = None, language: str | None = None) -> Figure:
    """Draw one registered figure in the project's style (what notebooks call).

    Jupyter renders a figure after the cell ends, outside the style context,
    so the fonts are pinned on every text of the figure (Chinese renders
    whatever matplotlib's settings are then), and the figure is closed, so
    that the inline backend does not show it a second time beside the
    returned value.
    """
    if name not in FIGURES:
        raise KeyError(f"unknown figure {name!r}; known: {sorted(FIGURES)}")
    corpus = corpus if corpus is not None else load()
    with style(language=language):
        fig = FIGURES[name](corpus)
        families = list(plt.rcParams["font.sans-serif"])
    for text in fig.findobj(Text):
        text.set_fontfamily(families)
    plt.close(fig)
    FigureCanvasAgg(fig)  # a canvas of its own again, outside pyplot: it still renders and measures
    return fig


def save_figure(name: str, corpus: Corpus, out_dir: str | Path, language: str = "en", dpi: int = DPI) -> list[Path]:
    """Draw one registered figure and save it as PNG, SVG and PDF; returns the three files.

    The SVG keeps its text as text (not outlines) and the PDF embeds a
    TrueType font (:func:`cityplans.plots.theme.truetype_subset`), so a label can
    be corrected in a drawing program.
    """
    out = Path(out_dir)
    written = []
    with style(language=language):
        fig = FIGURES[name](corpus)
        try:
            for ext in ("png", "svg"):
                target = out / f"{name}.{ext}"
                # The figure functions lay out; bbox="tight" here would render every file twice.
                fig.savefig(target, format=ext, metadata=_METADATA[ext], **({"dpi": dpi} if ext == "png" else {}))
                written.append(target)
            written.append(_save_pdf(fig, out / f"{name}.pdf"))
        finally:
            plt.close(fig)
    return written


def _save_pdf(fig: Figure, target: Path) -> Path:
    import tempfile  # noqa: PLC0415

    from matplotlib.font_manager import FontProperties  # noqa: PLC0415

    texts = [t for t in fig.findobj(Text) if t.get_text()]
    chars = "".join(sorted(set("".join(t.get_text() for t in texts)) | set("0123456789.-−")))
    with tempfile.TemporaryDirectory() as folder:
        font = str(truetype_subset(chars, Path(folder)))
        for t in texts:
            t.set_fontproperties(FontProperties(fname=font, size=t.get_fontsize()))
        with plt.rc_context({"pdf.fonttype": 42}):  # 42: TrueType, embedded as text
            fig.savefig(target, format="pdf", metadata=_METADATA["pdf"])
    return target


def figure_steps(corpus: Corpus, out_dir: str | Path | None = None, only: Sequence[str] | None = None,
                 language: str = "en", dpi: int = DPI) -> list[Callable[[], list[Path]]]:
    """One step per figure for :func:`cityplans._parallel.run_steps` (the build runs them on all cores)."""
    out = Path(out_dir) if out_dir else paths.FIGURES_DIR
    names = list(only) if only else list(FIGURES)
    unknown = sorted(set(names) - set(FIGURES))
    if unknown:
        raise KeyError(f"unknown figure(s) {unknown}; known: {sorted(FIGURES)}")
    out.mkdir(parents=True, exist_ok=True)
    return [functools.partial(save_figure, name, corpus, out, language, dpi) for name in names]


def build_figures(
    corpus: Corpus | None = None,
    out_dir: str | Path | None = None,
    only: Sequence[str] | None = None,
    language: str = "en",
    jobs: int | None = None,
    dpi: int = DPI,
) -> list[Path]:
    """Draw and save the registered figures, on ``jobs`` processes (default: all cores).

    Returns the files written, in registry order. Every figure is drawn from
    the same corpus in its own process, so the files do not depend on
    ``jobs``.
    """
    corpus = corpus if corpus is not None else load()
    results = run_steps(figure_steps(corpus, out_dir, only, language, dpi), jobs)
    return [path for files in results for path in files]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cityplans.plots.figures``: draw the figures into a staged folder; one-line errors."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")  # the build never opens a window
    parser = OneLineParser(prog="python -m cityplans.plots.figures", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="figure names (default: all)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default figures/)")
    parser.add_argument("--language", choices=["en", "zh"], default="en")
    parser.add_argument("--jobs", type=at_least_one, default=None, help="processes (default: all cores)")
    parser.add_argument("--dpi", type=at_least_one, default=DPI, help=f"PNG resolution (default {DPI}; 300 for print)")
    args = parser.parse_args(argv)
    handle_sigterm()
    out = args.out or paths.FIGURES_DIR
    t0 = time.perf_counter()
    try:
        unknown = sorted(set(args.only or []) - set(FIGURES))
        if unknown:
            raise PlanInputError(f"unknown figure(s) {', '.join(unknown)}; known: {', '.join(FIGURES)}")
        check_apart(out, [paths.RAW_DIR])
        check_data_files()
        corpus = load()
        with staged_folder(out) as staging:
            if args.only and Path(out).is_dir():  # the figures not redrawn stay as they are
                shutil.copytree(out, staging, dirs_exist_ok=True)
            written = build_figures(corpus, staging, args.only, args.language, args.jobs, args.dpi)
    except PlanInputError as exc:
        print(f"cityplans.plots.figures: error: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Terminated) as exc:
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else "stopped by SIGTERM"
        print(f"cityplans.plots.figures: {why}; "
              f"{out} is as it was before this run", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 143
    except OSError as exc:
        print(f"cityplans.plots.figures: error: {printable(exc)}; {out} is as it was before this run", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} files to {out} in {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
