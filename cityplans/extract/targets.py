"""What the plans promise: numeric targets, in sentences and in flattened tables.

A target is a number a plan commits to: a value with a unit, a comparator, a
target year and, where stated, a baseline. The extractor reads sentences on
the NFKC view of each outline node and keeps a number only when the text
commits to it:

- a comparator before it (达到, 不低于, 不少于, 提高到, 控制在, 降到, 下降到,
  低于, 不高于, 保持在 …) or after it (以上, 及以上, 以下, 及以下, 以内, 左右);
- a change (下降30%, 比2015年降低10% → ``decrease_by``; 提高5% → ``increase_by``);
- a count with an action verb (新建专项体育场地15个, 建成200个以上);
- a rate stated flatly (孕妇住院分娩率100%).

Not targets: years, dates, document numbers, numbers inside 《》 or quotes
(“10分钟健身圈”), slogans (三个90%), age bands that define a population
(65-74岁老年人) — they stay in the indicator phrase.

Paired targets (到2022年和2030年，X分别不低于22%和30%) give one target per
year. The year comes from the sentence, else from the enclosing goal (the
node's ancestors), else the end of the plan period, and is then flagged
``year_inferred``.

Flattened tables (a header such as ``领域 指标 2015年 2020年`` followed by rows
that lost their column separators, ``人均预期寿命(岁)80.7681``) are read by
:mod:`cityplans.extract.flattened_tables`. The words looked for (units, comparator
phrases, verbs, population words, slogans) are data files read by
:mod:`cityplans.extract.quantities`. Indicators map to the registry
(:mod:`cityplans.registry.indicators`); a target that fits none is kept with an empty
``indicator_id``.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass

from cityplans.extract.flattened_tables import split_cells, table_lines, table_targets
from cityplans.extract.indicator_tables import column_table_targets, column_tables
from cityplans.extract.mapping import borrowed, elliptical, vetted
from cityplans.extract.quantities import (
    canonical_unit,
    comparator_after,
    comparator_before,
    comparator_symbol,
    cue,
    is_count,
    unit_kind,
    value_pattern,
)
from cityplans.reading.outline import Anomaly, Node, Outline, chinese_numeral
from cityplans.registry.indicators import indicator_for

__all__ = ["TARGET_COLUMNS", "Target", "find_targets", "split_cells"]

#: Every value starts with a digit (quantities.NUM): a sentence without one has no target.
#: A bare class lets the regex engine skip to a digit, which the value pattern cannot.
_DIGIT = re.compile(r"\d")

TARGET_COLUMNS = [
    "city", "task_id", "start", "end", "indicator_raw", "indicator_id", "value", "value_high",
    "comparator", "unit", "target_year", "baseline_value", "baseline_year", "year_inferred",
    "confidence", "source", "attribute",
]


@dataclass(frozen=True)
class Target:
    city: str
    task_id: str
    start: int
    end: int
    indicator_raw: str
    indicator_id: str | None
    value: float
    value_high: float | None
    comparator: str
    unit: str
    target_year: int | None
    baseline_value: float | None
    baseline_year: int | None
    year_inferred: bool
    confidence: float
    source: str  # "text" or "table"
    attribute: str = ""  # "binding" (约束性) or "expected" (预期性), where an indicator table says


def _masked(text: str) -> str:
    """Blank out quoted names, book titles and document numbers (same length)."""
    return cue("quoted").sub(lambda m: "□" * len(m.group()), text)


def _years(sentence: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of years in a sentence, minus baselines (比/从 2015年)."""
    out = []
    dash = cue("period_dash")
    for m in cue("year").finditer(sentence):
        before = sentence[max(0, m.start() - 2):m.start()]
        after = sentence[m.end():m.end() + 1]
        if cue("year_after_baseline_word").search(before) or (after and dash.fullmatch(after)):
            continue
        if m.start() and dash.fullmatch(sentence[m.start() - 1]):
            continue  # 2018—2020年: a period, not a target year
        out.append((int(m.group(1)), m.start(), m.end()))
    return out


def _ancestor_year(node: Node, by_id: dict[str, Node], outline: Outline) -> int | None:
    """A target year stated in an enclosing goal (到2020年, …) of this node."""
    current = by_id.get(node.parent_id) if node.parent_id else None
    while current is not None:
        years = _years(outline.view(current.start, current.end).norm)
        if years:
            return years[0][0]
        current = by_id.get(current.parent_id) if current.parent_id else None
    return None


def _indicator_span(masked: str, clause_start: int, number_start: int) -> tuple[int, int]:
    """The indicator phrase: clause text before the number, minus the leading year and place."""
    text = masked[clause_start:number_start]
    lead = cue("leading").match(text)
    start = clause_start + (lead.end() if lead else 0)
    m = comparator_before()[0].search(masked, start, number_start)
    end = m.start() if m else number_start
    if base := cue("baseline_mark").search(masked[start:end]):  # 水平从2020年的 20.5%: the phrase ends before 从
        end = start + base.start()
    trim_end, trim_start = cue("phrase_trim_end"), cue("phrase_trim_start")
    while end > start and trim_end.fullmatch(masked[end - 1]):
        end -= 1
    while start < end and trim_start.fullmatch(masked[start]):
        start += 1
    return start, end


def find_targets(outline: Outline, plan_year: int | None = None) -> tuple[list[Target], list[Anomaly]]:
    """Numeric targets of one parsed plan, from sentences and flattened tables.

    Parameters
    ----------
    outline : Outline
    plan_year : int, optional
        The end of the plan period, used (and flagged) when neither the
        sentence nor an enclosing goal names a year.

    Returns
    -------
    (list of Target, list of Anomaly)

    Examples
    --------
    >>> from cityplans.reading.outline import parse_outline
    >>> plan = "一、目标\\n到2022年和2030年，全区居民健康素养水平分别不低于22%和30%。\\n"
    >>> ts, _ = find_targets(parse_outline(plan, "x"))
    >>> [(t.indicator_id, t.value, t.comparator, t.unit, t.target_year) for t in ts]
    [('health_literacy', 22.0, '>=', '%', 2022), ('health_literacy', 30.0, '>=', '%', 2030)]
    >>> plan[ts[0].start:ts[0].end]
    '居民健康素养水平分别不低于22%'
    """
    raw, city = outline.raw, outline.city
    by_id = {n.task_id: n for n in outline.nodes}
    targets: list[Target] = []
    anomalies: list[Anomaly] = []
    for node in outline.nodes:
        nt = _task_text(outline.view(node.start, node.end), node)
        masked = _masked(nt.norm)
        fallback_year = _ancestor_year(node, by_id, outline)
        columns = column_tables(masked)
        if columns:
            rows, found = column_table_targets(city, node, nt, masked, columns, fallback_year or plan_year)
            targets += [Target(*row) for row in rows]
            anomalies += found
            masked = _blank(masked, [t.span for t in columns])
        table = table_lines(masked)
        skip = table + [t.span for t in columns]
        for s_start, s_end in ((m.start(), m.end()) for m in cue("sentence").finditer(masked)):
            if any(a <= s_start < b for a, b in skip):
                continue
            targets += _sentence_targets(city, node, raw, nt, masked, s_start, s_end, fallback_year, plan_year)
            targets += _frequency_targets(city, node, nt, masked, s_start, s_end, fallback_year or plan_year,
                                          fallback_year is None)
        if table:
            rows, found = table_targets(city, node, raw, nt, masked, table)
            targets += [Target(*row) for row in rows]
            anomalies += found
    targets, rejected = vetted(targets)
    return targets, anomalies + rejected


def _sentence_targets(city: str, node: Node, raw: str, nt, masked: str, s_start: int, s_end: int,
                      fallback_year: int | None, plan_year: int | None) -> list[Target]:
    sentence = masked[s_start:s_end]
    if not _DIGIT.search(sentence):
        return []  # no number: nothing below can find a target (most sentences; a quick way out)
    plain = nt.norm[s_start:s_end]  # same offsets as ``sentence``, quotes not blanked
    years = _years(sentence)
    year_starts = [ys for _, ys, _ in years]
    base_years = [(m.start(), int(m.group(1))) for m in cue("base_year").finditer(sentence)]
    base_starts = [p for p, _ in base_years]
    found = _candidates(sentence)
    out: list[Target] = []
    previous_phrase: tuple[int, int] | None = None
    k = 0
    while k < len(found):
        f = found[k]
        if f["baseline"] and k + 1 < len(found):
            found[k + 1]["baseline_of"] = f["m"]
            k += 1
            continue
        # A chain of values joined by 和 (分别 A 和 B) shares one indicator.
        chain = [f]
        while k + len(chain) < len(found) and found[k + len(chain)]["paired"]:
            chain.append(found[k + len(chain)])
        k += len(chain)
        first = chain[0]
        anchor = first.get("baseline_of") or first["m"]
        ind_start, ind_end = _indicator_span(sentence, first["clause_start"], anchor.start())
        after_end = first["m"].end()
        if ind_end <= ind_start or _count_unit(first["m"]):
            # The indicator follows the number (建成200个以上村级公共卫生厕所, 90%以上行政村…).
            tail = cue("tail").match(sentence, chain[-1]["m"].end())
            if tail and not value_pattern().match(tail.group()):
                after_end = chain[-1]["m"].end() + len(cue("tail_trim").sub("", tail.group()))
        if ind_end <= ind_start and after_end == first["m"].end() and previous_phrase:
            ind_start, ind_end = previous_phrase  # 优良率不低于96%,达到350天以上
        phrase = plain[ind_start:ind_end]
        if after_end > first["m"].end() and ind_end <= first["m"].start():
            tail_from = chain[-1]["m"].end()
            lead = cue("tail_lead").match(plain, tail_from, after_end)
            phrase = (phrase + plain[lead.end() if lead else tail_from:after_end]).strip()
        previous_phrase = (ind_start, ind_end) if ind_end > ind_start else previous_phrase
        # Years: the sentence's own (paired values take them in order), else
        # an enclosing goal's, else the plan period's end (both flagged).
        n_before = bisect_right(year_starts, first["m"].start() - 1)
        own = [y for y, _, _ in years[:n_before]] or [y for y, _, _ in years]
        for i, f in enumerate(chain):
            m = f["m"]
            if len(chain) > 1 and len(own) >= len(chain):
                target_years, inferred = [own[-len(chain) + i]], False
            elif len(chain) == 1 and len(own) >= 2 and _joined_years(sentence, years):
                target_years, inferred = own, False  # one value for 2022 and 2030
            elif own:
                target_years, inferred = [own[-1]], False
            elif fallback_year:
                target_years, inferred = [fallback_year], True
            else:
                target_years, inferred = [plan_year], plan_year is not None
            base_value = float(f["baseline_of"].group("num")) if f.get("baseline_of") else None
            kb = bisect_right(base_starts, m.start() - 1) - 1
            base_year = base_years[kb][1] if kb >= 0 else None
            start = min(ind_start, m.start()) if ind_end > ind_start else m.start()
            end = max(m.end(), after_end if i == len(chain) - 1 else m.end())
            a, b = nt.span(s_start + start, s_start + end)
            unit = canonical_unit(m.group("unit"), phrase)
            for year, one in itertools.product(target_years, _coordinated(_nth(phrase, i, len(chain)))):
                out.append(Target(
                    city, node.task_id, node.start + a, node.start + b, one,
                    indicator_for(one, unit) or (borrowed(plain[max(0, m.start() - _WINDOW):m.start()], m, unit,
                                                           f["comparator"] or "=")
                                                 if elliptical(phrase) and after_end == first["m"].end() else None),
                    float(m.group("num")), float(m.group("num2")) if m.group("num2") else None,
                    f["comparator"] or "=", unit, year, base_value, base_year, inferred, 1.0, "text",
                ))
    return out


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans read already blanked (same length), so no other reader takes them again."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _task_text(nt, node: Node):
    """A task table's row read as its task cells alone, wrapped pieces joined (…10公里、社区运动场5个).

    The other cells (number, departments, deadline) and the breaks between
    the pieces vanish from the view; spans still point at the text.
    """
    task = [(s - node.start, e - node.start) for role, _, s, e in node.cells if role == "task"]
    if not task:
        return nt
    keep = set()
    for s, e in task:
        keep.update(range(nt.to_norm(s), nt.to_norm(e)))
    drop = [p for p in range(len(nt.norm)) if p not in keep and nt.to_norm(nt.to_raw(p)) == p
            and nt.to_norm(nt.to_raw(p) + 1) == p + 1]  # one character for one: each can go on its own
    return nt.without(drop)


def _frequency_targets(city: str, node: Node, nt, masked: str, s_start: int, s_end: int, year: int | None,
                       inferred: bool) -> list[Target]:
    """How often, in Chinese numerals (每学年组织一次…运动会): one target each, in times per period.

    Examples
    --------
    >>> from cityplans.reading.outline import parse_outline
    >>> ts, _ = find_targets(parse_outline("一、任务\\n1.健身。每学年组织一次全市性中、小学生运动会。\\n", "x"))
    >>> [(t.indicator_raw, t.value, t.unit) for t in ts]
    [('组织全市性中、小学生运动会', 1.0, '次/学年')]
    """
    out: list[Target] = []
    sentence = masked[s_start:s_end]
    years: list[tuple[int, int, int]] | None = None
    for m in cue("frequency").finditer(sentence):
        years = _years(sentence) if years is None else years
        value = chinese_numeral(m.group("num"))
        if value is None:
            continue
        a, b = nt.span(s_start + m.start(), s_start + m.end())
        phrase = (m.group("verb") + m.group("what")).strip()
        target_year = years[-1][0] if years else year
        unit = m.group("unit")
        out.append(Target(city, node.task_id, node.start + a, node.start + b, phrase, indicator_for(phrase, unit),
                          float(value), None, "=", f"{unit}/{m.group('period')}", target_year, None, None,
                          inferred and not years and target_year is not None, 1.0, "text"))
    return out


def _nth(phrase: str, i: int, n: int) -> str:
    """The phrase of the i-th of n paired values: the i-th of n indicators listed before them, else all of it.

    Examples
    --------
    >>> _nth("高血压患者规范管理率、糖尿病患者规范管理率", 1, 2), _nth("居民健康素养水平", 1, 2)
    ('糖尿病患者规范管理率', '居民健康素养水平')
    """
    parts = [p.strip() for p in cue("list_of_indicators").split(phrase)] if n > 1 else []
    return parts[i] if len(parts) == n and all(parts) else phrase.strip()


def _coordinated(phrase: str) -> list[str]:
    """One value for two populations (孕产妇和0-6岁儿童健康管理率): the two indicators it sets.

    Examples
    --------
    >>> _coordinated("孕产妇和0-6岁儿童健康管理率")
    ['孕产妇健康管理率', '0-6岁儿童健康管理率']
    >>> _coordinated("居民健康素养水平")
    ['居民健康素养水平']
    """
    m = cue("coordinated").fullmatch(phrase)
    return [m.group("first") + m.group("rest"), m.group("second")] if m else [phrase]


def _count_unit(m: re.Match[str]) -> bool:
    return is_count(m.group("unit") or "")


def _joined_years(sentence: str, years: list[tuple[int, int, int]]) -> bool:
    """Two years joined by 和/、/及 (到2022年和2030年)."""
    joined = cue("joined_years")
    return any(joined.fullmatch(sentence[a[2]:b[1]]) for a, b in itertools.pairwise(years))


#: How far back from a number its indicator phrase may start. Real phrases are
#: under 60 characters; the bound keeps every lookup linear in the text.
_WINDOW = 80


def _list_item(sentence: str, found: list[dict], m: re.Match[str]) -> int:
    """Where the phrase of a count in a list of counts after one verb starts (0: not in such a list)."""
    if not found or not (is_count(m.group("unit") or "") and _count_unit(found[-1]["m"])):
        return 0
    prev_end = found[-1]["m"].end()
    if cue("list_item").fullmatch(sentence, prev_end, m.start()):
        return prev_end + 1
    if cue("list_item_after").fullmatch(sentence, prev_end, m.start()):
        return m.start()
    return 0


def _candidates(sentence: str) -> list[dict]:
    """Numbers in a sentence that the text commits to, with their comparators.

    Every lookup around a number is bounded (:data:`_WINDOW`), so a sentence
    with 100,000 numbers takes linear time.
    """
    found: list[dict] = []
    separators = [c.end() for c in cue("clause_separator").finditer(sentence)]
    before_re, before_map = comparator_before()
    after_map, symbol_map = comparator_after(), comparator_symbol()
    for m in value_pattern().finditer(sentence):
        start = m.start()
        if start and (sentence[start - 1].isdigit() or cue("number_glue").fullmatch(sentence[start - 1])):
            continue
        unit = m.group("unit") or ""
        if cue("not_a_target").match(sentence, start):
            continue  # years, dates, issue numbers
        if not unit and not m.group("sym") and not m.group("suffix"):
            continue  # a bare number is part of a name (12320), never a target alone
        before = sentence[max(0, start - _WINDOW):start]
        if cue("slogan").search(before) or cue("ordinal_before").search(before):
            continue
        if (cue("population").match(sentence, m.end()) or m.group("rng")) and unit_kind(unit) == "age" \
                and not cue("lifespan").search(before[-20:]):
            continue  # an age band defines the population: it stays in the phrase
        k = bisect_right(separators, start) - 1
        clause_start = max(separators[k] if k >= 0 else 0, start - _WINDOW)
        if found and not found[-1]["baseline"] and found[-1]["m"].end() > clause_start:
            # a second number in the clause names its own indicator after the first (医师数达到3.2人、护士数达到3.8人)
            clause_start = found[-1]["m"].end()
        clause = sentence[clause_start:start]
        comparator = None
        if m.group("rng") and m.group("num2"):
            comparator = "range"
        elif m.group("suffix"):
            comparator = after_map[m.group("suffix")]
        elif m.group("sym"):
            comparator = symbol_map[m.group("sym")]
        bm = before_re.search(clause)
        if bm:
            mapped = before_map[cue("year_of").sub("", cue("respectively").sub("", bm.group())).strip()]
            if (mapped in ("decrease_by", "increase_by") and comparator != "range") or comparator is None:
                comparator = mapped
        baseline = bool(cue("baseline_mark").search(clause))
        paired = bool(found) and bool(cue("pair").fullmatch(sentence, found[-1]["m"].end(), start))
        listed = _list_item(sentence, found, m)
        if listed:
            clause_start = listed  # its own phrase: the list item (、B 2个), or after the number (和1张B)
        if comparator is None and (paired or listed):
            comparator = found[-1]["comparator"]
        if comparator is None and unit_kind(unit) == "rate" and cue("share_of").match(sentence, m.end()):
            comparator = "="
        if comparator is None and (cue("action").search(clause) or cue("flat_rate").search(clause)):
            comparator = "="
        if comparator is None and not baseline:
            continue
        found.append({"m": m, "comparator": comparator, "clause_start": clause_start, "baseline": baseline,
                      "paired": paired})
    return found
