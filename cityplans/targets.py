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
that lost their column separators, ``人均预期寿命(岁)80.7681``) are split
into baseline and target by unit-aware plausibility; see
:func:`split_cells`. Every inferred split carries a confidence and an
anomaly row.

Indicators map to the registry ``cityplans/data/indicators.tsv`` (a pattern
per indicator, first match wins); a target that fits none is kept with an
empty ``indicator_id``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ._resources import read_rows
from .normalize import normalize
from .outline import Anomaly, Node, Outline, strip_span

__all__ = [
    "COMPARISON_COLUMNS",
    "TARGET_COLUMNS",
    "Target",
    "compare_targets",
    "find_targets",
    "indicator_for",
    "indicators_table",
    "quantified_indicators",
    "split_cells",
]

TARGET_COLUMNS = [
    "city", "task_id", "start", "end", "indicator_raw", "indicator_id", "value", "value_high",
    "comparator", "unit", "target_year", "baseline_value", "baseline_year", "year_inferred",
    "confidence", "source",
]

_NUM = r"\d+(?:\.\d+)?"
# Units, longest first. 1/10万 is written /10万 after a number.
_UNITS = [
    "座/平方公里", "批次/千人", "/10万", "/万", "万千瓦", "平方米", "平方公里", "亿元", "万元", "场次", "公里", "千米",
    "小时", "分钟", "万人", "%", "‰", "元", "天", "个", "户", "座", "家", "人", "名", "所", "张", "项", "次",
    "岁", "条", "处", "支", "辆", "床", "间", "批", "场", "件", "台", "米", "倍", "级",
]
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
_VALUE = re.compile(
    rf"(?P<sym>[≥≤<>])?(?P<num>{_NUM})(?:\s*(?P<rng>[-—~～至])\s*(?P<num2>{_NUM}))?\s*"
    rf"(?P<unit>{_UNIT_RE})?(?P<suffix>及以上|以上|及以下|以下|以内|左右)?"
)
_SUFFIX = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=", "左右": "approx"}
_SYMBOL = {"≥": ">=", ">": ">=", "≤": "<=", "<": "<="}
# Comparator phrases that end the text before a number (longest first).
_BEFORE = [
    ("不低于", ">="), ("不少于", ">="), ("不高于", "<="), ("不超过", "<="), ("不大于", "<="),
    ("提高到", ">="), ("提高至", ">="), ("提升到", ">="), ("提升至", ">="), ("增加到", ">="), ("增长到", ">="),
    ("下降到", "<="), ("下降至", "<="), ("降低到", "<="), ("降低至", "<="), ("减少到", "<="), ("降到", "<="),
    ("降至", "<="), ("控制在", "<="), ("保持在", ">="), ("稳定在", ">="), ("达到", ">="), ("超过", ">="),
    ("高于", ">="), ("大于", ">="), ("低于", "<="), ("小于", "<="), ("达", ">="), ("保持", ">="), ("为", "="),
    ("下降", "decrease_by"), ("降低", "decrease_by"), ("减少", "decrease_by"),
    ("提高", "increase_by"), ("增长", "increase_by"), ("增加", "increase_by"), ("提升", "increase_by"),
]
_BEFORE_RE = re.compile("(?:" + "|".join(re.escape(p) for p, _ in _BEFORE) + r")\s*(?:分别)?\s*$")
_BEFORE_MAP = dict(_BEFORE)
_ACTION = re.compile(r"新建|建成|建设|完成|新增|培育|创建|打造|评定|开展|扶持|实施|推进|至少|累计|达")
_FLAT_RATE = re.compile(r"(率|比例|水平|覆盖率)\s*$")
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_SENTENCE = re.compile(r"[^。;\n]+[。;]?")
_CLAUSE_SEP = re.compile(r"[,，:：]")
_BASE_YEAR = re.compile(r"(?:比|较)\s*(20\d{2})\s*年")
_TAIL = re.compile(r"[^,，;；。:：(]{1,30}")
_LEADING = re.compile(r"^(?:(?:到|至|在|于)?\s*20\d{2}\s*年(?:底|末)?(?:\s*(?:和|、|及)\s*20\d{2}\s*年(?:底|末)?)?\s*[,，]?\s*)?"
                      r"(?:全区|全市|全县|全州|我市|我区|我县|其中)?")
_QUOTED = re.compile(r"《[^《》]*》|“[^“”]*”|‘[^‘’]*’|「[^「」]*」|〔\d{4}〕\s*\d+\s*号")
_SLOGAN = re.compile(r"[一二三四五六七八九十两]+个$")
_AGE_BAND = re.compile(r"(?:及以上|以上|及以下|以下)?\s*(?:的)?(?:人群|老年人|儿童|婴幼儿|未成年人|居民|妇女|学生|青少年|患者)")


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


@lru_cache(maxsize=1)
def _indicators() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple((r["indicator_id"], r["unit"], re.compile(r["pattern"])) for r in read_rows("indicators.tsv"))


def indicators_table() -> pd.DataFrame:
    """The indicator registry (``indicator_id, name_zh, name_en, unit, better, pattern``)."""
    return pd.DataFrame(list(read_rows("indicators.tsv")))


def indicator_for(phrase: str, unit: str = "") -> str | None:
    """The registry id of an indicator phrase, or ``None``.

    Where several registry patterns match, one whose unit is the target's
    unit wins (空气质量优良 with 天 is the count of good days, with % the rate).

    Examples
    --------
    >>> indicator_for("全区居民健康素养水平"), indicator_for("5岁以下婴儿死亡率(‰)"), indicator_for("新建绿道")
    ('health_literacy', 'under5_mortality', None)
    """
    norm = normalize(phrase).norm
    matches = [(ind, u) for ind, u, pattern in _indicators() if pattern.search(norm)]
    for ind, u in matches:
        if unit and u == unit:
            return ind
    return matches[0][0] if matches else None


def _unit(unit: str | None, phrase: str) -> str:
    if not unit:
        return ""
    if unit in ("/10万",):
        return "1/10万"
    if unit == "人" and re.search(r"每?千(常住)?人口?|每千人", phrase):
        return "人/千人"
    if unit == "人" and re.search(r"每万人|万人口|每万名", phrase):
        return "人/万人"
    return unit


def _masked(text: str) -> str:
    """Blank out quoted names, book titles and document numbers (same length)."""
    return _QUOTED.sub(lambda m: "□" * len(m.group()), text)


def _years(sentence: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of years in a sentence, minus baselines (比/从 2015年)."""
    out = []
    for m in _YEAR.finditer(sentence):
        before = sentence[max(0, m.start() - 2):m.start()]
        after = sentence[m.end():m.end() + 1]
        if before.endswith(("比", "从", "较", "由")) or (after and after in "—-~～"):
            continue
        if m.start() and sentence[m.start() - 1] in "—-~～":
            continue  # 2018—2020年: a period, not a target year
        out.append((int(m.group(1)), m.start(), m.end()))
    return out


def _ancestor_year(node: Node, by_id: dict[str, Node], raw: str) -> int | None:
    """A target year stated in an enclosing goal (到2020年, …) of this node."""
    current = by_id.get(node.parent_id) if node.parent_id else None
    while current is not None:
        years = _years(normalize(raw[current.start:current.end]).norm)
        if years:
            return years[0][0]
        current = by_id.get(current.parent_id) if current.parent_id else None
    return None


def _indicator_span(masked: str, clause_start: int, number_start: int) -> tuple[int, int]:
    """The indicator phrase: clause text before the number, minus the leading year and place."""
    text = masked[clause_start:number_start]
    lead = _LEADING.match(text)
    start = clause_start + (lead.end() if lead else 0)
    m = _BEFORE_RE.search(masked, start, number_start)
    end = m.start() if m else number_start
    while end > start and masked[end - 1] in " 分别的为,，":
        end -= 1
    while start < end and masked[start] in " ,，":
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
    >>> from cityplans.outline import parse_outline
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
        text = raw[node.start:node.end]
        nt = normalize(text)
        masked = _masked(nt.norm)
        table_lines = _table_lines(masked)
        fallback_year = _ancestor_year(node, by_id, raw)
        for s_start, s_end in ((m.start(), m.end()) for m in _SENTENCE.finditer(masked)):
            if any(a <= s_start < b for a, b in table_lines):
                continue
            targets += _sentence_targets(city, node, raw, nt, masked, s_start, s_end, fallback_year, plan_year)
        if table_lines:
            t, a = _table_targets(city, node, raw, nt, masked, table_lines)
            targets += t
            anomalies += a
    return targets, anomalies


def _sentence_targets(city: str, node: Node, raw: str, nt, masked: str, s_start: int, s_end: int,
                      fallback_year: int | None, plan_year: int | None) -> list[Target]:
    sentence = masked[s_start:s_end]
    plain = nt.norm[s_start:s_end]  # same offsets as ``sentence``, quotes not blanked
    years = _years(sentence)
    year_starts = [ys for _, ys, _ in years]
    base_years = [(m.start(), int(m.group(1))) for m in _BASE_YEAR.finditer(sentence)]
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
            tail = _TAIL.match(sentence, chain[-1]["m"].end())
            if tail and not _VALUE.match(tail.group()):
                after_end = chain[-1]["m"].end() + len(tail.group().rstrip("的"))
        if ind_end <= ind_start and after_end == first["m"].end() and previous_phrase:
            ind_start, ind_end = previous_phrase  # 优良率不低于96%,达到350天以上
        phrase = plain[ind_start:ind_end]
        if after_end > first["m"].end() and ind_end <= first["m"].start():
            phrase = (phrase + plain[chain[-1]["m"].end():after_end]).strip()
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
            unit = _unit(m.group("unit"), phrase)
            for year in target_years:
                out.append(Target(
                    city, node.task_id, node.start + a, node.start + b, phrase.strip(),
                    indicator_for(phrase, unit) or (indicator_for(plain[max(0, m.start() - _WINDOW):m.start()], unit)
                                                    if len(phrase) <= 6 and after_end == first["m"].end() else None),
                    float(m.group("num")), float(m.group("num2")) if m.group("num2") else None,
                    f["comparator"] or "=", unit, year, base_value, base_year, inferred, 1.0, "text",
                ))
    return out


_COUNT_UNITS = {"个", "家", "户", "条", "所", "座", "处", "名", "支", "项", "场次", "场", "件", "台", "张", "批", "辆", "间"}


def _count_unit(m: re.Match[str]) -> bool:
    return (m.group("unit") or "") in _COUNT_UNITS


def _joined_years(sentence: str, years: list[tuple[int, int, int]]) -> bool:
    """Two years joined by 和/、/及 (到2022年和2030年)."""
    return any(re.fullmatch(r"\s*(和|、|及)\s*", sentence[a[2]:b[1]]) for a, b in zip(years, years[1:]))


#: How far back from a number its indicator phrase may start. Real phrases are
#: under 60 characters; the bound keeps every lookup linear in the text.
_WINDOW = 80
_NOT_A_TARGET = re.compile(r"\d+\s*(月|日|年|号|期|届|次会议|版)")
_BASELINE_MARK = re.compile(r"(从|由)\s*(?:年人均|人均)?\s*$")
_PAIR = re.compile(r"\s*和\s*")


def _candidates(sentence: str) -> list[dict]:
    """Numbers in a sentence that the text commits to, with their comparators.

    Every lookup around a number is bounded (:data:`_WINDOW`), so a sentence
    with 100,000 numbers takes linear time.
    """
    found: list[dict] = []
    separators = [c.end() for c in _CLAUSE_SEP.finditer(sentence)]
    for m in _VALUE.finditer(sentence):
        start = m.start()
        if start and (sentence[start - 1].isdigit() or sentence[start - 1] in ".-—~～"):
            continue
        unit = m.group("unit") or ""
        if _NOT_A_TARGET.match(sentence, start):
            continue  # years, dates, issue numbers
        if not unit and not m.group("sym") and not m.group("suffix"):
            continue  # a bare number is part of a name (12320), never a target alone
        before = sentence[max(0, start - _WINDOW):start]
        if _SLOGAN.search(before) or before.endswith(("第", "前", "近", "每")):
            continue
        if unit == "岁" and (_AGE_BAND.match(sentence, m.end()) or m.group("rng")) and "寿命" not in before[-20:]:
            continue  # an age band defines the population: it stays in the phrase
        k = bisect_right(separators, start) - 1
        clause_start = max(separators[k] if k >= 0 else 0, start - _WINDOW)
        clause = sentence[clause_start:start]
        comparator = None
        if m.group("rng") and m.group("num2"):
            comparator = "range"
        elif m.group("suffix"):
            comparator = _SUFFIX[m.group("suffix")]
        elif m.group("sym"):
            comparator = _SYMBOL[m.group("sym")]
        bm = _BEFORE_RE.search(clause)
        if bm:
            mapped = _BEFORE_MAP[bm.group().replace("分别", "").strip()]
            if (mapped in ("decrease_by", "increase_by") and comparator != "range") or comparator is None:
                comparator = mapped
        baseline = bool(_BASELINE_MARK.search(clause))
        paired = bool(found) and bool(_PAIR.fullmatch(sentence, found[-1]["m"].end(), start))
        if comparator is None and paired:
            comparator = found[-1]["comparator"]
        if comparator is None and (_ACTION.search(clause) or _FLAT_RATE.search(clause)):
            comparator = "="
        if comparator is None and not baseline:
            continue
        found.append({"m": m, "comparator": comparator, "clause_start": clause_start, "baseline": baseline,
                      "paired": paired})
    return found


# --- flattened tables --------------------------------------------------------

#: What a table writes in a cell without a value (the longest first).
_NO_VALUE = ("暂无", "—", "–", "-", "/")
_TABLE_HEADER = re.compile(r"(?:指标|项目)[^\n]*?(20\d{2})\s*年[^\n]*?(20\d{2})\s*年")
_ROW_UNIT = re.compile(r"\(([^()]*)\)(?=[^()]*$)")
_CELL = re.compile(rf"([≥≤<>]?{_NUM}(?:左右)?|-)")
_UNIT_RANGE = {"%": (0.0, 100.0), "‰": (0.0, 1000.0), "岁": (40.0, 100.0), "1/10万": (0.0, 100000.0)}


def _table_lines(masked: str) -> list[tuple[int, int]]:
    """Spans of the rows of a flattened table: from its header to the next blank or heading line."""
    m = _TABLE_HEADER.search(masked)
    if not m:
        return []
    rows = []
    pos = masked.find("\n", m.end())
    while pos != -1:
        nxt = masked.find("\n", pos + 1)
        line_end = len(masked) if nxt == -1 else nxt
        line = masked[pos + 1:line_end]
        # A row has a number, or ends in a cell with none (-, —, 暂无): that row is reported, not the table cut.
        if not line.strip() or not (re.search(r"\d", line) or line.rstrip().endswith(_NO_VALUE)):
            break
        rows.append((pos + 1, line_end))
        pos = nxt
    head_start = masked.rfind("\n", 0, m.start()) + 1
    return [(head_start, masked.find("\n", m.end()) if masked.find("\n", m.end()) != -1 else len(masked)), *rows]


def _valid_number(s: str) -> bool:
    return bool(re.fullmatch(r"(0|[1-9]\d*)(\.\d+)?", s))


def split_cells(cells: str, unit: str) -> tuple[list[tuple[str, str]], float]:
    """Split the value cells of a table row that lost its separators.

    Parameters
    ----------
    cells : str
        What follows the indicator, e.g. ``"80.7681"``, ``"≤4.5≤4.3"``,
        ``"-92"``, ``"13.70比2015年降低10%"``.
    unit : str
        The row's unit, for plausibility (a % lies in 0–100).

    Returns
    -------
    (list of (comparator symbol, number text), confidence)
        Two cells (baseline, target); ``("", "-")`` for an empty baseline.
        Confidence is 1.0 where symbols or a dash separate the cells, lower
        where only digits had to be split, by the margin of the best split.

    Examples
    --------
    >>> split_cells("80.7681", "岁")[0], split_cells("8590", "%")[0]
    ([('', '80.76'), ('', '81')], [('', '85'), ('', '90')])
    >>> split_cells("≤4.5≤4.3", "‰")
    ([('≤', '4.5'), ('≤', '4.3')], 1.0)
    >>> split_cells("-92", "%")
    ([('', '-'), ('', '92')], 1.0)
    """
    cells = cells.replace(" ", "")
    placeholder = next((p for p in _NO_VALUE if cells.startswith(p)), None)
    if placeholder is not None:  # no baseline: "-92"; a target that is not a number is not read
        target = re.fullmatch(rf"([≥≤<>]?)({_NUM})", cells[len(placeholder):])
        return ([("", "-"), (target.group(1), target.group(2))], 1.0) if target else ([], 0.0)
    parts = re.findall(rf"([≥≤<>])({_NUM})", cells)
    if len(parts) == 2 and "".join(a + b for a, b in parts) == cells:
        return [parts[0], parts[1]], 1.0
    m = re.fullmatch(rf"({_NUM})([≥≤<>])({_NUM})", cells)
    if m:
        return [("", m.group(1)), (m.group(2), m.group(3))], 1.0
    if not re.fullmatch(r"[\d.]+", cells):
        return [], 0.0
    lo, hi = _UNIT_RANGE.get(unit, (0.0, math.inf))
    scored = []
    for k in range(1, len(cells)):
        left, right = cells[:k], cells[k:]
        if not (_valid_number(left) and _valid_number(right)):
            continue
        a, b = float(left), float(right)
        if not (lo <= a <= hi and lo <= b <= hi) or a == 0 or b == 0:
            continue
        ratio = abs(math.log(b / a))  # a target lies near its baseline
        decimals = max(len(left.partition(".")[2]), len(right.partition(".")[2]))
        scored.append((ratio + 0.5 * max(0, decimals - 2), left, right))
    if not scored:
        return [], 0.0
    scored.sort()
    best = scored[0]
    margin = (scored[1][0] - best[0]) if len(scored) > 1 else 2.0
    confidence = round(min(0.95, 0.5 + margin / 2), 2)
    return [("", best[1]), ("", best[2])], confidence


def _table_targets(city: str, node: Node, raw: str, nt, masked: str,
                   lines: list[tuple[int, int]]) -> tuple[list[Target], list[Anomaly]]:
    header = masked[lines[0][0]:lines[0][1]]
    hm = _TABLE_HEADER.search(header)
    base_year, target_year = int(hm.group(1)), int(hm.group(2))
    targets, anomalies = [], []
    for ls, le in lines[1:]:
        line = masked[ls:le]
        um = _ROW_UNIT.search(line)
        if um:
            unit = _unit(um.group(1).strip(), line[:um.start()])
            indicator_end = um.end()
        else:
            first = re.search(r"[-≥≤<>]|\d", line)
            indicator_end = first.start() if first else len(line)
            unit = "天" if "天数" in line[:indicator_end] else ""
        cells = line[indicator_end:].strip()
        comparator_text = ""
        change = re.search(rf"(?:比|较)\s*(20\d{{2}})\s*年\s*(降低|下降|提高|增长)\s*({_NUM})\s*(%)?", cells)
        approx = cells.endswith("左右")
        if change:
            base_cells = cells[:change.start()]
            split = [("", base_cells.strip()), ("", change.group(3))]
            confidence = 1.0 if _valid_number(base_cells.strip()) else 0.0
            comparator_text = "decrease_by" if change.group(2) in ("降低", "下降") else "increase_by"
        else:
            split, confidence = split_cells(cells.removesuffix("左右"), unit.split("/")[0] if unit else "")
        a, b = nt.span(ls, le)
        a, b = strip_span(raw, a + node.start, b + node.start)
        if not split:
            anomalies.append(Anomaly(city, "table_row_unread", a, b,
                                     f"table row with cells {cells!r} could not be split", node.task_id))
            continue
        (bsym, bval), (tsym, tval) = split
        if confidence < 1.0:
            anomalies.append(Anomaly(city, "table_split_inferred", a, b,
                                     f"cells {cells!r} read as baseline {bval} and target {tval} "
                                     f"(confidence {confidence})", node.task_id))
        comparator = comparator_text or ("approx" if approx else _SYMBOL.get(tsym, "="))
        indicator_raw = raw[a:node.start + nt.span(ls, ls + indicator_end)[1]].strip()
        targets.append(Target(
            city, node.task_id, a, b, indicator_raw, indicator_for(indicator_raw), float(tval), None, comparator,
            unit if not comparator_text else "%", target_year, None if bval == "-" else float(bval),
            None if bval == "-" else base_year, False, confidence, "table",
        ))
    return targets, anomalies


COMPARISON_COLUMNS = [
    "city", "indicator_id", "name_en", "name_zh", "target_year", "value", "value_high", "comparator", "unit",
    "baseline_value", "baseline_year", "national_value", "national_framework", "national_source", "gap",
    "ambition", "annual_change", "year_inferred", "source", "task_id", "start", "end",
]
#: Frameworks consulted for a national value, in order of preference.
FRAMEWORK_PREFERENCE = (
    "Healthy China Action 2019-2030", "Healthy China 2030 Outline", "13th Five-Year Health Plan 2016-2020",
)


def compare_targets(targets: pd.DataFrame, national: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mapped targets next to the national target for the same indicator and year.

    One row per city × indicator × target year × source row. ``gap`` is
    ``value − national_value``; ``ambition`` is the gap signed so that a
    positive number means more ambitious than the nation (higher for
    indicators where higher is better, lower where lower is better);
    ``annual_change`` is ``(value − baseline_value) / (target_year −
    baseline_year)`` where both are stated. Relative targets
    (``decrease_by``/``increase_by``) and targets whose unit differs from the
    national one get no gap. Does not modify its inputs.

    Examples
    --------
    >>> t = pd.DataFrame({"city": ["x"], "indicator_id": ["health_literacy"], "value": [25.0],
    ...     "value_high": [None], "comparator": [">="], "unit": ["%"], "target_year": [2022],
    ...     "baseline_value": [16.3], "baseline_year": [2017], "year_inferred": [False], "source": ["text"],
    ...     "task_id": ["x:一"], "start": [0], "end": [5]})
    >>> r = compare_targets(t).iloc[0]
    >>> [round(float(r[c]), 2) for c in ("national_value", "gap", "ambition", "annual_change")]
    [22.0, 3.0, 3.0, 1.74]
    """
    from .national import national_targets  # noqa: PLC0415 - national imports this module

    national = national if national is not None else national_targets()
    registry = indicators_table().set_index("indicator_id")
    preference = {f: i for i, f in enumerate(FRAMEWORK_PREFERENCE)}
    nat = national[national["indicator_id"] != ""].copy()
    nat["rank"] = nat["framework"].map(preference).fillna(len(preference))
    nat = nat.sort_values(["indicator_id", "year", "rank"]).drop_duplicates(["indicator_id", "year", "unit"])
    mapped = targets[targets["indicator_id"].notna() & (targets["indicator_id"] != "")].copy()
    out = mapped.merge(
        nat[["indicator_id", "year", "unit", "value", "framework", "source_url"]].rename(
            columns={"year": "target_year", "value": "national_value", "framework": "national_framework",
                     "source_url": "national_source"}),
        on=["indicator_id", "target_year", "unit"], how="left",
    )
    relative = out["comparator"].isin(["decrease_by", "increase_by"])
    out.loc[relative, ["national_value", "national_framework", "national_source"]] = [float("nan"), None, None]
    out["gap"] = out["value"] - out["national_value"]
    better = out["indicator_id"].map(registry["better"])
    out["ambition"] = out["gap"].where(better == "higher", -out["gap"]) + 0.0  # + 0.0: no "-0.0"
    years = (pd.to_numeric(out["target_year"], errors="coerce").astype(float)
             - pd.to_numeric(out["baseline_year"], errors="coerce").astype(float))
    baseline = pd.to_numeric(out["baseline_value"], errors="coerce").astype(float)
    change = (out["value"] - baseline) / years.where(years > 0)
    out["annual_change"] = change.where(~relative).astype(float)
    out["name_en"] = out["indicator_id"].map(registry["name_en"])
    out["name_zh"] = out["indicator_id"].map(registry["name_zh"])
    out = out[COMPARISON_COLUMNS].sort_values(["city", "indicator_id", "target_year", "source"], ignore_index=True)
    return out


def quantified_indicators(targets: pd.DataFrame) -> pd.DataFrame:
    """Which registry indicators each plan quantifies: indicator × city counts (long format).

    Columns: ``city, indicator_id, n_targets``; an indicator a plan leaves
    unquantified has ``n_targets == 0``. Unmapped targets count under
    ``indicator_id == "(unmapped)"``.
    """
    ids = [*indicators_table()["indicator_id"], "(unmapped)"]
    col = targets["city"]
    cities = list(col.cat.categories) if isinstance(col.dtype, pd.CategoricalDtype) else sorted(set(col))
    keyed = targets.assign(indicator_id=targets["indicator_id"].fillna("(unmapped)").replace("", "(unmapped)"))
    counts = keyed.groupby([keyed["city"].astype(str), "indicator_id"]).size()
    rows = [{"city": c, "indicator_id": i, "n_targets": int(counts.get((c, i), 0))} for c in cities for i in ids]
    out = pd.DataFrame(rows)
    out["city"] = pd.Categorical(out["city"], categories=cities, ordered=True)
    return out
