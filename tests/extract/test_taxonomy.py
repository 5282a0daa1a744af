
import pandas as pd
import pytest

import cityplans as cp
from cityplans import paths
from cityplans.corpus import load, parse_files
from cityplans.extract.taxonomy import agreement, classify_tasks, codebook, domains, hca_actions, nhc_dimensions

HAND = paths.PROJ_ROOT / "data" / "manual" / "taxonomy_sample.csv"


def test_codebook_is_complete_and_stable():
    cb = codebook()
    assert len(cb) == 51 and cb["code"].is_unique
    assert list(domains()["domain"]) == list("LEPDSGIO")
    assert set(cb["domain"]) == set(domains()["domain"])
    assert all(code.startswith(dom) for code, dom in zip(cb["code"], cb["domain"], strict=True))
    assert sorted(int(a) for a in set(cb["hca_action"]) - {""}) == list(range(1, 16))
    assert set(cb["nhc_dimension"]) - {""} == set(nhc_dimensions()["dimension"])
    assert len(hca_actions()) == 15


def nodes(*rows):
    return pd.DataFrame(rows, columns=["city", "task_id", "parent_id", "kind", "title", "text"])


def test_codes_what_a_task_does_not_where_it_sits():
    t = nodes(("x", "x:一", None, "tasks", "普及健康生活", "一、普及健康生活"),
              ("x", "x:一/1", "x:一", "tasks", "推进心理健康促进工作", "1.推进心理健康促进工作。加强严重精神障碍患者管理。"))
    coded, _ = classify_tasks(t)
    assert coded.loc[1, "primary_category"] == "L5"


def test_attribution_clauses_are_not_evidence(tmp_path):
    # The clauses are the ones the attribution reader found; the classifier never looks for them itself.
    plan = tmp_path / "x.txt"
    plan.write_text("一、任务\n1.加强健康教育。(牵头单位:县体育局、县爱国卫生运动委员会;配合单位:县食品安全委员会)\n",
                    encoding="utf-8")
    corpus = parse_files([plan])
    coded = corpus.categories[corpus.categories["task_id"] == "x:一/1"]
    assert coded["category"].tolist() == ["L1"]
    assert "体育" not in coded["evidence"].iloc[0]
    assert len(corpus.assignments) == 3


def test_secondary_categories_and_evidence():
    t = nodes(("x", "x:1", None, "tasks", "推进全民健身",
               "1.推进全民健身。建设体育场地设施。开展控烟宣传,推进无烟单位建设,设立戒烟门诊,禁止室内吸烟,落实控烟措施。"))
    coded, long = classify_tasks(t)
    assert coded.loc[0, "primary_category"] == "L3"
    assert coded.loc[0, "secondary_categories"] == "L4"
    assert set(long["category"]) == {"L3", "L4"} and long["is_primary"].tolist() == [True, False]
    assert "全民健身[title+body×1]" in long.loc[0, "evidence"]


def test_fallbacks_and_priors():
    t = nodes(("x", "x:一", None, "guiding", "指导思想", "(一)指导思想。坚持以人民为中心。"),
              ("x", "x:二", None, "tasks", "全民健身", "二、全民健身"),
              ("x", "x:二/1", "x:二", "tasks", "其他", "1.其他工作。"))
    coded, long = classify_tasks(t)
    assert coded["primary_category"].tolist() == ["O1", "L3", "L3"]
    assert long.loc[long["task_id"] == "x:二/1", "evidence"].item().startswith("no term matched: parent")


def test_overrides_are_applied_and_reported():
    t = nodes(("x", "x:1", None, "tasks", "推进全民健身", "1.推进全民健身。"))
    o = pd.DataFrame({"city": ["x"], "task_id": ["x:1"], "primary": ["I3"], "secondary": ["L3"],
                      "reason": ["an industry item"]})
    coded, long = classify_tasks(t, o)
    assert coded.loc[0, "primary_category"] == "I3" and coded.loc[0, "secondary_categories"] == "L3"
    assert (long["evidence"] == "override: an industry item").all()
    with pytest.raises(ValueError, match="unknown categories"):
        classify_tasks(t, o.assign(primary="Z9"))


def test_agreement_with_the_hand_coded_sample():
    """Regression: 70 tasks coded by hand before the classifier existed."""
    hand = pd.read_csv(HAND, keep_default_na=False)
    assert len(hand) >= 60 and set(hand["city"]) == {"huanren", "haining", "dalian", "xiangfu", "lhasa"}
    assert set(hand["primary"]) <= set(codebook()["code"])
    coded = cp.load().tasks.set_index("task_id")
    assert set(hand["task_id"]) <= set(coded.index)
    result = agreement(coded.loc[hand["task_id"], "primary_category"], hand["primary"])
    assert result["accuracy"] >= 0.9, result
    assert result["kappa"] >= 0.85, result


def test_every_task_of_the_five_plans_is_coded():
    tasks = cp.load().tasks
    assert tasks["primary_category"].notna().all()
    assert set(tasks["primary_category"]) <= set(codebook()["code"])


def test_agreement_by_hand():
    assert agreement(list("aabb"), list("aabb")) == {"n": 4, "accuracy": 1.0, "kappa": 1.0}
    # chance agreement 0.5: observed 0.5 gives kappa 0
    assert agreement(list("abab"), list("aabb"))["kappa"] == 0.0


def test_clause_words_do_not_code_the_task():
    corpus = load()
    # The clause of lhasa:二/(三)/6 has no brackets and names 市净土公司; 净土 (clean soil) used to add E1.
    cats = corpus.categories
    coded = cats[cats["task_id"] == "lhasa:二/(三)/6"]["category"].tolist()
    assert "E1" not in coded
    clause = corpus.assignments[corpus.assignments["task_id"] == "lhasa:二/(三)/6"]
    assert "净土" in "".join(clause["department_name"])  # the name is still read as an assignment


BLIND = paths.PROJ_ROOT / "data" / "manual" / "taxonomy_blind_sample.csv"


def test_the_blind_sample_is_new_and_codes_real_tasks():
    blind = pd.read_csv(BLIND, keep_default_na=False)
    first = pd.read_csv(HAND, keep_default_na=False)
    tasks = cp.load().tasks.set_index("task_id")
    assert len(blind) >= 100 and blind["task_id"].is_unique
    assert not set(blind["task_id"]) & set(first["task_id"])
    assert tasks.loc[blind["task_id"], "is_task"].all()
    codes = set(codebook()["code"])
    assert set(blind["primary"]) <= codes
    assert {c for s in blind["secondary"] for c in s.split()} <= codes


def test_agreement_with_the_blind_sample_is_what_the_readme_says():
    """Regression: 131 tasks coded by hand from their text alone, before this comparison was first run."""
    from cityplans.extract.agreement import category_comparison

    blind = pd.read_csv(BLIND, keep_default_na=False)
    table = category_comparison(cp.load().tasks, blind).set_index("code")
    overall = table.loc["all"]
    assert overall["agreement"] >= 0.9 and overall["kappa"] >= 0.85
    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    hits = round(overall["agreement"] * len(blind))
    assert (f"{hits} of the {len(blind)} tasks of the blind sample ({overall['agreement']:.2f}, "
            f"kappa {overall['kappa']:.2f})") in readme
    assert f"The {len(blind) - hits} tasks that still" in readme
    first = category_comparison(cp.load().tasks, pd.read_csv(HAND, keep_default_na=False)).set_index("code")
    n_first = len(pd.read_csv(HAND))
    agree = first.loc["all", "agreement"]
    assert f"{round(agree * n_first)} of {n_first} tasks agree ({agree:.2f})" in readme


def test_the_programmes_own_name_is_not_a_topic():
    # In a plan of the 健康城市 programme, "健康城市" names the programme, not a healthy-settings task.
    t = nodes(("x", "x:1", None, "steps", "启动阶段", "(一)启动阶段。制定健康城市工作实施方案。全面启动健康城市建设工作。"),
              ("x", "x:2", None, "tasks", "实施健康细胞工程", "2.实施健康细胞工程。建设健康社区、健康学校。"))
    plain, _ = classify_tasks(t)
    masked, _ = classify_tasks(t, programme="健康城市")
    assert plain["primary_category"].tolist() == ["E4", "E4"]
    assert masked["primary_category"].tolist() == ["O1", "E4"]  # healthy cells are still healthy settings


def test_the_programme_name_comes_from_the_title_through_the_loader():
    lhasa = cp.load().tasks.set_index("task_id")
    assert lhasa.loc["lhasa:三/(一)", "primary_category"] == "O1"  # 启动健康城市建设工作


def test_terms_scored_on_the_whole_plan_find_what_they_find_node_by_node(monkeypatch):
    from cityplans import taxonomy

    assert taxonomy._LITERAL.fullmatch("健身|全民健身|体医")
    assert taxonomy._LITERAL.fullmatch(r"互联网\+")
    assert not taxonomy._LITERAL.fullmatch(r"人均.{0,12}元") and not taxonomy._LITERAL.fullmatch(r"\d+岁")
    words = ["健身|全民健身", "康复", r"人均.{0,12}元"]
    terms = tuple(taxonomy._term("L3", w, 1.0) for w in words)
    assert [t.literal for t in terms] == [True, True, False] and terms[0].words == ("健身", "全民健身")
    monkeypatch.setattr(taxonomy, "_rules", lambda: (terms, {}, ["L3"]))
    bodies = ["全民健身健身,康复", "", "人均50元", "康复康", "健身"]
    titles = ["健身", "康复", "", "", "人均"]
    expected = [{i: [len(t.pattern.findall(b)), bool(t.pattern.search(h))] for i, t in enumerate(terms)
                 if t.pattern.search(b) or t.pattern.search(h)} for b, h in zip(bodies, titles, strict=True)]
    assert taxonomy._term_hits(titles, bodies) == expected
