"""The figure build: every registered figure, byte-identical, and committed up to date."""

import pytest

from cityplans import paths
from cityplans.figures import FIGURES, build_figures

pytestmark = pytest.mark.slow  # whole builds and notebook runs: `make test-fast` leaves them out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return out, build_figures(out_dir=out)


def test_every_figure_in_png_and_svg(fresh):
    out, written = fresh
    assert sorted(p.name for p in written) == sorted(f"{n}.{e}" for n in FIGURES for e in ("png", "svg"))


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

    from cityplans.figures import draw

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
