import matplotlib.pyplot as plt
import pandas as pd
import pytest

from cityplans import plot


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def tiny_tasks():
    return pd.DataFrame({
        "city": pd.Categorical(["b", "a", "a", "a", "b"], categories=["a", "b"], ordered=True),
        "kind": ["tasks", "tasks", "tasks", "goals", "safeguards"],
        "is_task": [True, True, True, False, True],
    })


def test_plot_outline_draws_one_bar_per_city_and_kind():
    with plot.style():
        ax = plot.plot_outline(tiny_tasks())
    widths = {(c.get_label(), round(r.get_y() + r.get_height() / 2)): r.get_width()
              for c in ax.containers for r in c}
    # city "a" on top (y=1), "b" below (y=0); goals item has no content -> not counted
    assert widths == {("tasks", 1): 2, ("tasks", 0): 1, ("safeguards", 1): 0, ("safeguards", 0): 1}


def test_city_order_follows_the_categorical():
    with plot.style():
        ax = plot.plot_outline(tiny_tasks())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ys = [t.get_position()[1] for t in ax.get_yticklabels()]
    assert labels[ys.index(max(ys))] == "a"  # first city on top


def test_language_switch_and_chinese_renders_without_warnings():
    plans = pd.DataFrame({"city": ["a", "b"], "label_en": ["Alpha", "Beta"], "label_zh": ["甲地", "乙地"]})
    with plot.style(language="zh"):
        ax = plot.plot_outline(tiny_tasks(), plans=plans)
        ax.figure.canvas.draw()  # a missing glyph would warn, and warnings are errors here
    assert ax.get_xlabel() == "有内容的编号条目数"
    assert {t.get_text() for t in ax.get_yticklabels()} == {"甲地", "乙地"}
    assert plot.get_language() == "en"
    with pytest.raises(ValueError):
        plot.set_language("fr")


def test_city_colors_fixed_for_the_five_and_extended_for_others():
    colors = plot.city_colors(["lhasa", "new1", "huanren", "new2"])
    assert colors["lhasa"] == plot.CITY_PALETTE["lhasa"]
    assert colors["huanren"] == plot.CITY_PALETTE["huanren"]
    assert colors["new1"] != colors["new2"]
    assert len(set(plot.CITY_PALETTE.values())) == 5


def test_draws_on_given_axes():
    fig, ax = plt.subplots()
    with plot.style():
        assert plot.plot_outline(tiny_tasks(), ax=ax) is ax
