import pytest

from cityplans.registry.departments import ACTOR_TYPES, aliases_table, departments_table, resolve, strip_level


def test_registry_is_consistent():
    deps = departments_table()
    assert deps["department_id"].is_unique
    assert set(deps["actor_type"]) <= set(ACTOR_TYPES)
    assert (deps["name_en"] != "").all() and (deps["sectors"] != "").all()
    aliases = aliases_table()
    assert set(aliases["department_id"]) <= set(deps["department_id"])
    assert set(aliases["relation"]) <= {"name", "predecessor", "typo", "pattern"}
    exact = aliases[aliases["relation"] != "pattern"]
    assert exact["alias"].is_unique


@pytest.mark.parametrize(
    ("name", "dep", "relation"),
    [
        # the same function gets one id across cities and levels
        ("县卫计局", "health", "predecessor"), ("市卫生计生委", "health", "predecessor"),
        ("区卫健委", "health", "name"), ("市卫生健康局", "health", "name"), ("区卫键委", "health", "typo"),
        ("县环保局", "ecology_environment", "predecessor"), ("县安监局", "emergency", "predecessor"),
        ("县政府应急办", "emergency", "predecessor"), ("县国土局", "natural_resources", "predecessor"),
        ("县农发局", "agriculture", "predecessor"), ("县城建局", "housing", "predecessor"),
        ("区教体局", "education_sports", "name"), ("市文旅体局", "culture_tourism_sports", "name"),
        ("区文广旅游局", "culture_media_tourism", "name"), ("区科工信局", "science_industry_it", "name"),
        ("市场监管局", "market_regulation", "name"), ("市市场监管局", "market_regulation", "name"),
        ("区委宣传部", "propaganda", "name"), ("团区委", "youth_league", "name"),
        ("市综合执法局(市分类办)", "urban_management", "name"),
        ("各县(区)人民政府", "lower_governments", "name"),
        ("嘉兴市生态环境局海宁分局", "ecology_environment", "pattern"),
        ("县爱卫会成员单位", "member_units", "pattern"),
        ("其他负有安全生产监管职责的部门", "relevant_departments", "pattern"),
    ],
)
def test_resolve(name, dep, relation):
    r = resolve(name)
    assert (r.department_id, r.relation) == (dep, relation)


def test_lineage_is_kept():
    deps = departments_table().set_index("department_id")
    assert "卫计局" in deps.at["health", "predecessors"].split()
    assert "安监局" in deps.at["emergency", "predecessors"].split()
    assert deps.at["education_sports", "sectors"].split() == ["education", "sports"]


def test_unknown_and_contained_names():
    assert resolve("某某不存在办").relation == "unresolved"
    r = resolve("XX省卫生健康委员会驻地办")
    assert (r.department_id, r.relation) == ("health", "contains")


def test_strip_level():
    assert strip_level("区委网信办") == ("区委", "网信办")
    assert strip_level("县") == ("", "县")
