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


# --- targets, networks, coverage: checked through what was drawn -------------

import networkx as nx  # noqa: E402

COMPARISON = pd.DataFrame({
    "city": pd.Categorical(["a", "b", "b", "a"], categories=["a", "b"], ordered=True),
    "indicator_id": ["infant_mortality", "infant_mortality", "infant_mortality", "premature_ncd_mortality"],
    "name_en": ["Infant mortality rate"] * 3 + ["Premature mortality"], "name_zh": ["婴儿死亡率"] * 3 + ["过早死亡率"],
    "target_year": [2020, 2022, 2030, 2020], "value": [4.0, 6.0, 5.0, 10.0], "value_high": [None] * 4,
    "comparator": ["<=", "<=", "<=", "decrease_by"], "unit": ["‰", "‰", "‰", "%"],
    "baseline_value": [5.0, None, None, None], "baseline_year": [2015, None, None, None],
    "national_value": [7.5, 7.5, 5.0, None], "ambition": [3.5, 1.5, 0.0, None],
})


def test_target_levels_draws_each_target_and_national_lines():
    with plot.style():
        ax = plot.plot_target_levels(COMPARISON, "infant_mortality")
    points = [tuple(c.get_offsets()[0]) for c in ax.collections]
    assert sorted(points) == [(0.0, 4.0), (1.0, 5.0), (1.0, 6.0)]
    assert sorted(line.get_ydata()[0] for line in ax.get_lines()) == [5.0, 7.5]  # 7.5 shared by 2020 and 2022
    assert any("2020, 2022" in t.get_text() for t in ax.texts)
    assert ax.get_title(loc="left") == "Infant mortality rate (‰)"


def test_relative_targets_are_not_levels():
    with plot.style():
        ax = plot.plot_target_levels(COMPARISON, "premature_ncd_mortality")
    assert len(ax.collections) == 0


def test_ambition_and_baseline_change():
    with plot.style():
        ax = plot.plot_ambition(COMPARISON)
    xs = sorted(x for c in ax.collections for x, _ in c.get_offsets())
    assert xs == pytest.approx([0.0, 100 * 1.5 / 7.5, 100 * 3.5 / 7.5])
    with plot.style():
        ax = plot.plot_baseline_change(COMPARISON)
    assert [round(p.get_width(), 6) for p in ax.patches] == [-20.0]  # 5 -> 4


def test_network_colours_sizes_and_empty_note():
    G = nx.Graph()
    G.add_node("health", name_en="Health Commission", name_zh="卫生健康委员会", sectors="health")
    G.add_node("finance", name_en="Finance Bureau", name_zh="财政局", sectors="finance")
    G.add_edge("health", "finance", weight=2)
    with plot.style():
        ax = plot.plot_network(G, pos={"health": (0, 0), "finance": (1, 0)})
    colours = {tuple(round(v, 3) for v in c) for c in ax.collections[-1].get_facecolors()}
    assert len(colours) == 2
    assert {t.get_text() for t in ax.texts} == {"Health", "Finance"}
    with plot.style():
        ax = plot.plot_network(nx.Graph())
    assert [t.get_text() for t in ax.texts] == ["no attribution clauses"]


def test_lead_shares_marks_plans_without_clauses():
    summary = pd.DataFrame({"city": ["a", "b"], "n_clauses": [3, 0], "top_lead_share": [0.5, float("nan")],
                            "lead_hhi": [0.4, float("nan")], "share_led_outside_health": [0.2, float("nan")]})
    with plot.style():
        ax = plot.plot_lead_shares(summary)
    assert len(ax.patches) == 4  # two shares for two plans; the HHI goes on its own axis
    assert [t.get_text() for t in ax.texts] == ["no attribution clauses"]
    with plot.style():
        ax = plot.plot_lead_shares(summary, measures=["lead_hhi"], ylabel="HHI")
    assert [p.get_height() for p in ax.patches] == [0.4, 0.0] and ax.get_ylabel() == "HHI"


def test_coverage_heatmap_and_similarity():
    cov = pd.DataFrame({"city": pd.Categorical(["a", "a", "b", "b"], categories=["a", "b"], ordered=True),
                        "code": ["L1", "L4", "L1", "L4"], "name_en": ["Literacy", "Tobacco"] * 2,
                        "name_zh": ["素养", "控烟"] * 2, "n_tasks": [2, 0, 1, 3]})
    with plot.style():
        ax = plot.plot_coverage_heatmap(cov)
    # The absent cell (a, L4) is left blank, not drawn as a pale 0.
    assert [t.get_text() for t in ax.texts] == ["2", "1", "3"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["L1 Literacy", "L4 Tobacco"]
    assert ax.collections[0].colorbar.ax.get_ylabel() == "task items"
    cov["share_tasks"] = [1.0, 0.0, 0.25, 0.75]
    with plot.style():
        ax = plot.plot_coverage_heatmap(cov, value="share_tasks")
    assert [t.get_text() for t in ax.texts] == ["100", "25", "75"]
    assert "%" in ax.collections[0].colorbar.ax.get_ylabel()
    sim = pd.DataFrame({"city_a": pd.Categorical(list("aabb"), categories=["a", "b"]),
                        "city_b": pd.Categorical(list("abab"), categories=["a", "b"]),
                        "jaccard": [1.0, 0.25, 0.25, 1.0]})
    with plot.style():
        ax = plot.plot_similarity(sim, order=["b", "a"])
    assert [t.get_text() for t in ax.texts] == ["1.00", "0.25", "0.25", "1.00"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a"]


def test_short_names_and_units_follow_the_language():
    assert plot.short_name("Development and Reform Commission", "发展和改革委员会（局）") == "Development and Reform"
    with plot.style(language="zh"):
        assert plot.short_name("Development and Reform Commission", "发展和改革委员会（局）") == "发展和改革委员会"
        assert plot.unit_label("1/10万") == "1/10万"
    assert plot.unit_label("1/10万") == "per 100,000"


def test_a_drawn_figure_renders_chinese_after_the_style_is_gone():
    """As in JupyterLab: drawn through draw(), rendered later with matplotlib's default settings."""
    import io
    import warnings

    import matplotlib as mpl

    from cityplans import figures, load

    fig = figures.draw("lead_concentration", load(), language="zh")
    with mpl.rc_context(mpl.rcParamsDefault), warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s) DejaVu Sans" would raise
        fig.savefig(io.BytesIO(), format="png")
    assert not plt.get_fignums()  # closed: the inline backend will not show it twice


def test_baseline_change_is_coloured_by_what_the_change_means():
    # A fall in infant mortality is an improvement, a fall in health literacy a worsening.
    comparison = pd.DataFrame({
        "city": pd.Categorical(["a", "a"], categories=["a"], ordered=True),
        "indicator_id": ["infant_mortality", "health_literacy"], "name_en": ["Infant mortality", "Literacy"],
        "name_zh": ["婴儿死亡率", "素养"], "target_year": [2020, 2020], "value": [4.0, 10.0],
        "baseline_value": [5.0, 20.0], "comparator": ["<=", ">="]})
    with plot.style():
        ax = plot.plot_baseline_change(comparison)
    from matplotlib.colors import to_hex

    colours = {round(p.get_width()): to_hex(p.get_facecolor()) for p in ax.patches}
    assert colours == {-20: plot.CHANGE_PALETTE["improvement"].lower(), -50: plot.CHANGE_PALETTE["worsening"].lower()}
