"""Every figure readable from 2 to 50 plans, in English and Chinese.

Drawn as a notebook draws them (:func:`cityplans.plots.figures.draw`) from
raw folders of N plans written by :mod:`plan_folders` (copies of the shipped
plans under other ids, and synthetic plans), and checked by
:mod:`figure_checks`: no text cut at the edge or covering another, none under
6 points at the saved size, no character without a glyph, no legend on a
panel. Two plans run in the daily loop; the shipped corpus (5), 9, 30 and
50 plans are slow.
"""

import matplotlib.pyplot as plt
import pytest
from figure_checks import problems
from matplotlib.colors import to_hex
from plan_folders import write_plan_folder

from cityplans import load
from cityplans.plots.figures import FIGURES, draw
from cityplans.plots.theme import _EXTRA, CITY_PALETTE, city_colors

SIZES = [2, pytest.param(5, marks=pytest.mark.slow), pytest.param(9, marks=pytest.mark.slow), pytest.param(30, marks=pytest.mark.slow),
         pytest.param(50, marks=pytest.mark.slow)]


@pytest.fixture(scope="session")
def corpus_of(tmp_path_factory):
    """The corpus of N plans (5: the shipped one), loaded once a session."""
    loaded = {}

    def get(n):
        if n not in loaded:
            loaded[n] = load() if n == 5 else load(write_plan_folder(tmp_path_factory.mktemp(f"raw{n}"), n))
        return loaded[n]

    return get


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_is_readable(corpus_of, name, language, n):
    fig = draw(name, corpus_of(n), language=language)
    try:
        found = problems(fig)
    finally:
        plt.close(fig)
    assert not found["cut"], f"{name} ({language}, {n} plans): cut at the edge: {found['cut'][:5]}"
    assert not found["covering"], f"{name} ({language}, {n} plans): texts cover each other: {found['covering'][:5]}"
    assert not found["small"], f"{name} ({language}, {n} plans): under 6 pt: {found['small'][:5]}"
    assert not found["missing"], f"{name} ({language}, {n} plans): no glyph for {found['missing'][:5]}"
    assert not found["legend"], f"{name} ({language}, {n} plans): a legend covers a panel"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["outline_by_kind", "lead_concentration", "similarity", "instrument_domains"])
def test_figures_grow_with_the_plans(corpus_of, name):
    sizes = []
    for n in (9, 30):
        fig = draw(name, corpus_of(n))
        sizes.append(fig.get_size_inches().prod())
        plt.close(fig)
    assert sizes[1] > 1.5 * sizes[0], f"{name}: {sizes}"


def _tick_colours(fig):
    return {t.get_text(): to_hex(t.get_color()) for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()
            if t.get_text()}


@pytest.mark.slow
def test_a_plan_has_one_colour_in_every_figure(corpus_of):
    corpus = corpus_of(9)
    seen = {}
    for name in ("outline_by_kind", "lead_concentration", "instrument_shares"):
        fig = draw(name, corpus)
        for text, colour in _tick_colours(fig).items():
            if text in seen and text[:1].isupper():
                assert seen[text] == colour, f"{text}: {seen[text]} elsewhere, {colour} in {name}"
            seen.setdefault(text, colour)
        plt.close(fig)
    assert len({seen[label] for label in corpus.plans["label_en"]}) == 9  # nine plans, nine colours


def test_city_colours_are_distinct_within_the_palette_and_neutral_past_it():
    capacity = len(CITY_PALETTE) + len(_EXTRA)
    within = city_colors([f"c{i}" for i in range(capacity)])
    assert len(set(within.values())) == capacity
    assert len(set(city_colors([f"c{i}" for i in range(capacity + 1)]).values())) == 1
    # A plan keeps its colour whatever the table leaves out: the colours follow the corpus order.
    assert city_colors(["huanren", "x", "y"])["y"] == city_colors(["huanren", "x", "y", "z"])["y"]


def test_city_colours_can_be_read_as_text_on_white():
    # Plan names are drawn in their colour: yellow (#F0E442, contrast 1.3) could not be read.
    def luminance(colour):
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    poor = [c for c in [*CITY_PALETTE.values(), *_EXTRA] if 1.05 / (luminance(c) + 0.05) < 2]
    assert not poor


def test_top_departments_draws_each_plan_on_its_own_scale_without_empty_panels():
    import numpy as np

    fig = draw("top_departments")
    try:
        panels = [ax for ax in fig.axes if ax.axison and ax.patches]
        assert len(panels) == 4  # Dalian has no clauses: a line by the legend, not an empty panel
        for ax in panels:
            longest = max(p.get_width() for p in ax.patches)
            assert ax.get_xlim()[1] < 1.3 * longest  # its own scale: the longest bar nearly fills the panel
        texts = [t.get_text() for t in fig.findobj(plt.Text)]
        assert any("Dalian" in t for t in texts)
        assert not any(t.rstrip().endswith("'") for t in texts)  # "Disabled Persons'" cut from its noun
        assert np.any(["Disabled Persons' Federation" in t.replace("\n", " ") for t in texts])
    finally:
        plt.close(fig)


def test_network_labels_sit_off_the_nodes():
    from matplotlib.collections import PathCollection
    from matplotlib.text import Annotation

    fig = draw("networks")
    try:
        renderer = fig.canvas.get_renderer()
        on_nodes = []
        for ax in fig.axes:
            nodes = [c for c in ax.collections if isinstance(c, PathCollection)]
            if not nodes:
                continue
            centres = ax.transData.transform(nodes[0].get_offsets())
            for label in [t for t in ax.texts if isinstance(t, Annotation)]:
                box = plt.Text.get_window_extent(label, renderer)
                on_nodes += [label.get_text() for x, y in centres if box.contains(x, y)]
        assert not on_nodes, on_nodes
    finally:
        plt.close(fig)
