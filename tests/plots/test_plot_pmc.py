"""The PMC plots, checked through what they drew."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cityplans.plots.pmc import first_level_names, plot_pmc_radar, plot_pmc_surface
from cityplans.plots.theme import style

SCORES = [0.6, 2 / 3, 1.0, 1.0, 0.0, 1.0, 0.75, 0.6, 1.0]


def index_table(scores=SCORES, city="a"):
    rows = [(city, f"X{i}", s, "") for i, s in enumerate(scores, 1)] + [(city, "PMC", sum(scores), "excellent")]
    return pd.DataFrame(rows, columns=["city", "variable", "score", "grade"])


def test_the_nine_first_levels_come_from_the_data_file():
    assert list(first_level_names()) == [f"X{i}" for i in range(1, 10)]


def test_the_surface_puts_x1_to_x3_on_the_top_row():
    with style():
        ax = plot_pmc_surface(index_table(), "a")
    image = ax.images[0].get_array()
    assert image.shape == (3, 3)
    assert image[0].tolist() == pytest.approx(SCORES[:3]) and image[2, 2] == 1.0
    assert image[1, 1] == 0.0  # X5 in the centre
    texts = [t.get_text() for t in ax.texts]
    assert texts[4].startswith("X5") and texts[4].endswith("0.00")
    assert ax.get_title(loc="right") == "PMC index 6.62 · excellent"
    plt.close(ax.figure)


def test_the_surface_labels_in_chinese():
    with style(language="zh"):
        ax = plot_pmc_surface(index_table(), "a")
    assert ax.texts[0].get_text().startswith("X1 政策性质") and "优秀" in ax.get_title(loc="right")
    plt.close(ax.figure)


def test_the_radar_draws_the_plan_over_the_mean_of_the_plans():
    both = pd.concat([index_table(), index_table([1.0] * 9, city="b")], ignore_index=True)
    with style():
        ax = plot_pmc_radar(both, "a", ax=plt.figure().add_subplot(projection="polar"))
    mean, plan = ax.lines[0].get_ydata(), ax.lines[1].get_ydata()
    assert len(plan) == 10 and plan[0] == plan[-1]  # closed polygon
    assert list(plan[:9]) == pytest.approx(SCORES)
    assert list(mean[:9]) == pytest.approx([(s + 1) / 2 for s in SCORES])
    plt.close(ax.figure)
