"""The figure build: every registered figure, byte-identical, and committed up to date."""

import pytest

from cityplans import paths
from cityplans.plots.figures import FIGURES, build_figures

pytestmark = pytest.mark.slow  # whole builds and notebook runs: `make test-fast` leaves them out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return out, build_figures(out_dir=out)


def test_every_figure_in_png_svg_and_pdf(fresh):
    out, written = fresh
    assert sorted(p.name for p in written) == sorted(f"{n}.{e}" for n in FIGURES for e in ("png", "svg", "pdf"))


def test_pdfs_embed_truetype_fonts_and_keep_their_text(fresh):
    # Read with pypdf (not ours): every font is an embedded TrueType font, and the labels come back as text.
    import pypdf

    out, _ = fresh
    for name in FIGURES:
        reader = pypdf.PdfReader(out / f"{name}.pdf")
        page = reader.pages[0]
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        assert fonts, name
        for font in fonts:
            descendant = font["/DescendantFonts"][0].get_object()
            assert descendant["/Subtype"] == "/CIDFontType2", name  # TrueType outlines
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), name  # embedded
        assert page.extract_text().strip(), name


def test_svg_text_is_text():
    from cityplans import paths as p

    svg = (p.FIGURES_DIR / "lead_concentration.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "Huanren" in svg


def test_two_builds_are_byte_identical(fresh, tmp_path):
    # The fixture draws on all cores; this build draws in one process, so it also
    # checks that the files do not depend on the number of processes.
    out, written = fresh
    again = build_figures(out_dir=tmp_path, jobs=1)
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two builds"


def test_unknown_figure_is_a_clear_error(tmp_path):
    with pytest.raises(KeyError, match="unknown figure"):
        build_figures(out_dir=tmp_path, only=["no_such_figure"])


def test_committed_figures_are_current(fresh):
    out, written = fresh
    stale = [p.name for p in written
             if not (paths.FIGURES_DIR / p.name).exists() or (paths.FIGURES_DIR / p.name).read_bytes() != p.read_bytes()]
    assert not stale, f"figures/ is stale, run `make figures` and commit: {stale}"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_legends_do_not_cover_any_panel(name):
    # A second layout pass once gave target_levels' year legend the space of its
    # first row of panels, and the legend sat on their titles.
    import matplotlib.pyplot as plt

    from cityplans.plots.figures import draw

    fig = draw(name)
    try:
        renderer = fig.canvas.get_renderer()
        for legend in fig.legends:
            box = legend.get_window_extent(renderer)
            for ax in fig.axes:
                if ax.axison:
                    assert not box.overlaps(ax.get_tightbbox(renderer)), f"{name}: the legend covers a panel"
    finally:
        plt.close(fig)


def _drawn_texts(fig):
    """Every text the figure shows, with its box: tick labels of ticks outside the view are not drawn."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    hidden = set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            tol = (hi - lo) * 1e-6
            hidden |= {id(label) for tick in axis.get_major_ticks() + axis.get_minor_ticks()
                       if not lo - tol <= tick.get_loc() <= hi + tol for label in (tick.label1, tick.label2)}
        if not ax.axison:  # an axes turned off draws no axis labels or ticks
            hidden |= {id(t) for t in (ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels())}
    out = []
    for text in fig.findobj(Text):
        if id(text) in hidden or not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if box.width > 0 and box.height > 0:
            out.append((text.get_text(), box))
    return out


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_text_is_inside_the_figure_and_covers_no_other(name, language):
    # Drawn as a notebook draws it (draw(), rendered afterwards), in both languages.
    import itertools
    import warnings

    import matplotlib.pyplot as plt

    from cityplans.plots.figures import draw

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = draw(name, language=language)
        texts = _drawn_texts(fig)
    try:
        width, height = fig.bbox.width, fig.bbox.height
        cut = [t for t, b in texts if b.x0 < -1 or b.y0 < -1 or b.x1 > width + 1 or b.y1 > height + 1]
        assert not cut, f"{name} ({language}): cut at the edge: {cut}"
        # Boxes shrunk a little: glyph boxes of neighbouring tick labels touch without covering.
        covering = [(a, b) for (a, ba), (b, bb) in itertools.combinations(texts, 2)
                    if ba.shrunk(0.9, 0.8).overlaps(bb.shrunk(0.9, 0.8))]
        assert not covering, f"{name} ({language}): texts cover each other: {covering[:5]}"
        missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
        assert not missing, f"{name} ({language}): {missing[:2]}"
    finally:
        plt.close(fig)
