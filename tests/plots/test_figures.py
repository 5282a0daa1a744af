"""The figure build: every registered figure, byte-identical, and committed up to date."""

import matplotlib.pyplot as plt
import pytest

from cityplans import paths
from cityplans.plots import figures
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


# The legend, edge, overlap, size and glyph checks of every figure, in both languages and at 2 to 50 plans
# (the shipped five among them): tests/plots/test_figure_scale.py.


def test_a_plan_read_with_doubts_is_starred_in_the_outline_figure(tmp_path):
    import cityplans as cp

    (tmp_path / "haining.txt").write_bytes((paths.RAW_DIR / "haining.txt").read_bytes())
    (tmp_path / "mou.txt").write_text("健康某县建设方案\n一、主要任务\n（一）加强协调。建立联席会议制度（各有关方面共同负责）。\n"
                                      "（二）加强健身。新建步道（县体育局负责）。\n", encoding="utf-8")
    corpus = cp.load(tmp_path)
    fig = figures.draw("outline_by_kind", corpus)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == ["Haining", "Mouxian *"]
    assert "read with doubts" in ax.get_xlabel()
    plt.close(fig)
