"""A department name as a list writes it: a level prefix shared along the list, and 各 shared by a list.

``区卫健委、教育局`` means 区教育局: a bare name takes the level of the name before it (with 委 for a party
organ: 区委网信办), but a national body passes no level on (国家卫生健康委、教育部). ``各区、县级市`` means
各区 and 各县级市: a name after one that starts with 各 shares it when only so it resolves. The words are
``level_prefixes.tsv`` and the ``each`` and ``own_level`` rows of ``clause_words.tsv``.
"""

from __future__ import annotations

from cityplans.extract.clause_words import _EACH, _OWN_LEVEL, _SPACE, _Entry
from cityplans.registry.departments import (
    COLLECTIVE_TYPES,
    Resolution,
    department,
    level_prefix,
    prefix_level,
    resolve,
    strip_level,
)

__all__ = ["resolved_name", "shared_each"]


def resolved_name(raw_name: str, previous_level: str, res: Resolution) -> tuple[str, str]:
    """The name with a list's level prefix restored, and the level to pass on.

    A name carries its own prefix when the registry matched it only after
    stripping one (``区卫健委``) or by a pattern (``市委市政府…成员单位``); a bare
    name (``网信办``, ``市场监管局``) takes the level of the name before it, with
    委 for a party organ (``区委网信办``).
    """
    own = res.level or (strip_level(raw_name)[0] if res.alias != raw_name else "")
    if own:
        # a national body passes no level on: the names after it (教育部, 财政部) are national as written
        level = prefix_level(own)
        return raw_name, level if len(level) == 1 else ""
    actor = department(res.department_id)["actor_type"] if res.department_id else ""
    if previous_level and actor not in ("", *COLLECTIVE_TYPES) and res.relation != "contains" \
            and not raw_name.startswith(_OWN_LEVEL):
        return level_prefix(previous_level, "party" if actor == "party" else "government") + raw_name, previous_level
    return raw_name, previous_level


def shared_each(e: _Entry, res: Resolution, each: str) -> tuple[_Entry, Resolution, str]:
    """各区、县级市: a name after one that starts with 各 shares it when only so it resolves (各县级市)."""
    word = next((w for w in _EACH if e.name.startswith(w)), "")
    if word:
        return e, res, word
    if each and res.department_id is None and (shared := resolve(each + _SPACE.sub("", e.name))).department_id:
        return _Entry(each + e.name, e.start, e.end, e.marker), shared, each
    return e, res, ""
