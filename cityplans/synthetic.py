"""Synthetic plans of the genre, for benchmarks and robustness tests.

:func:`synthetic_plan` writes one plan by recombining the structures real
plans use: numbering schemes and nestings (一、/（一）/1./（1）/①, 第一章,
full- or half-width brackets, 、 . ． separators), attribution clauses in
every form, target phrasings, web-page debris, and an encoding (UTF-8 with or
without BOM, GB18030, CRLF). Everything follows from the seed, so a corpus is
reproducible. These plans are not real policy: they only exercise the parser.
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["synthetic_plan", "write_synthetic_corpus"]

_PLACES = ["青山", "河源", "东湖", "平安", "兴隆", "长宁", "白水", "金川", "南岭", "永和", "新华", "石门"]
_LEVELS = ["县", "市", "区"]
_DEPARTMENTS = ["卫健委", "卫生健康局", "卫计局", "教育局", "体育局", "教体局", "民政局", "财政局", "发改委", "人社局",
                "生态环境局", "环保局", "住建局", "交通运输局", "农业农村局", "市场监管局", "医保局", "公安局",
                "文广旅游局", "科工信局", "应急管理局", "爱卫办", "水利局", "自然资源局", "残联", "妇联", "总工会"]
_COLLECTIVE = ["各乡镇人民政府", "各有关部门", "爱卫会成员单位"]
_TOPICS = [
    ("普及健康知识", "建立健全健康教育体系,开展健康科普进社区活动,提高居民健康素养。"),
    ("推进全民健身", "统筹建设全民健身公共设施,打造15分钟健身圈,推行公共体育设施免费或低收费开放。"),
    ("实施控烟行动", "推进无烟机关、无烟医院建设,开展戒烟门诊服务,加强公共场所控烟执法。"),
    ("促进心理健康", "搭建基层心理健康服务平台,加强严重精神障碍患者报告登记和救治救助管理。"),
    ("加强食品安全监管", "健全食品安全追溯体系,加大食品抽检力度,推进农产品质量安全监测。"),
    ("深化医药卫生体制改革", "推进分级诊疗制度建设,完善家庭医生签约服务,深化公立医院综合改革。"),
    ("加强妇幼健康服务", "实施两癌筛查,推进危重孕产妇和新生儿救治能力建设,加强出生缺陷综合防治。"),
    ("防治重大疾病", "实施慢性病综合防控战略,加强艾滋病、结核病等重大传染病防控,落实首诊测血压制度。"),
    ("改善城乡环境", "深入开展爱国卫生运动,推进农村厕所革命,加强垃圾分类和污水处理。"),
    ("发展健康产业", "支持社会力量举办医疗机构,发展健康旅游和健康养老产业,培育生物医药企业。"),
    ("完善医疗保障", "健全基本医保、大病保险和医疗救助制度,推进医保支付方式改革。"),
    ("振兴中医药", "实施中医治未病健康工程,在乡镇卫生院建设中医馆,推进中医药传承创新。"),
]
_TARGETS = [
    "到{y}年,居民健康素养水平达到{a}%。",
    "到{y}年和{y2}年,婴儿死亡率分别控制在{b}‰及以下和{c}‰及以下。",
    "经常参加体育锻炼人数比例不低于{a}%。",
    "孕产妇死亡率下降到{d}/10万以下。",
    "基本公共卫生服务经费补助标准从年人均{e}元提高到{f}元。",
    "全年新建健身步道{g}公里,建成{h}个以上村级卫生室。",
    "重大慢性病过早死亡率比2015年降低{i}%。",
    "重点扶持{j}-{k}家龙头企业。",
]
_DEBRIS_HEAD = ["当前位置: 首页 > 政务公开 > 通知公告", "发布时间: 2020-03-01 09:30  来源: 人民政府办公室",
                "【字体: 大 中 小】",
                "浏览次数: 1234", "分享到:"]
_DEBRIS_TAIL = ["责任编辑: 办公室", "【我要纠错】【打印本文】【关闭窗口】", "扫一扫在手机打开当前页", "点赞", "收藏"]
_CN = "一二三四五六七八九十"

# Numbering schemes: the styles used for levels 1, 2, 3 (and the item level).
_SCHEMES = [
    ("cn", "cn_paren", "arabic"),
    ("cn", "arabic", "ar_paren"),
    ("cn", "cn_paren", "ar_paren"),
    ("chapter", "cn", "arabic"),
    ("cn", "cn_paren", "circled"),
]


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1] if n < 10 else "十"
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[units - 1] if units else "")


def _number(style: str, n: int, full_width: bool, sep: str) -> str:
    lp, rp = ("（", "）") if full_width else ("(", ")")
    if style == "cn":
        return f"{_cn(n)}、"
    if style == "cn_paren":
        return f"{lp}{_cn(n)}{rp}"
    if style == "arabic":
        digits = "".join(chr(ord(d) + 0xFEE0) for d in str(n)) if full_width and n < 10 else str(n)
        return f"{digits}{sep}"
    if style == "ar_paren":
        return f"{lp}{n}{rp}"
    if style == "circled":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[(n - 1) % 20]
    return f"第{_cn(n)}章 "


def _clause(rng: random.Random, level: str) -> str:
    deps = rng.sample(_DEPARTMENTS, rng.randint(1, 4))
    names = [level + d for d in deps]
    if rng.random() < 0.3:  # a prefix written once for the list
        names = [names[0]] + deps[1:]
    if rng.random() < 0.2:
        names.append(rng.choice(_COLLECTIVE))
    lead, rest = names[0], names[1:]
    form = rng.randrange(6)
    if form == 0 and rest:
        return f"（牵头单位：{lead}，责任单位：{'、'.join(rest)}）"
    if form == 1 and rest:
        return f"(牵头单位:{lead};配合单位:{'、'.join(rest)})"
    if form == 2 and rest:
        return f"({lead}牵头,{'、'.join(rest)}配合)"
    if form == 3:
        return f"({'、'.join(names)}按职责分工负责)"
    if form == 4:
        return f"（{lead}负责）"
    return f"（责任单位：{'、'.join(names)}）"


def synthetic_plan(seed: int) -> tuple[str, str]:
    """One synthetic plan and the encoding to write it in.

    Returns
    -------
    (str, str)
        The text and one of ``"utf-8"``, ``"utf-8-sig"``, ``"gb18030"``; CRLF
        line breaks are already in the text when chosen.

    Examples
    --------
    >>> text, encoding = synthetic_plan(1)
    >>> "健康" in text and encoding in ("utf-8", "utf-8-sig", "gb18030")
    True
    """
    rng = random.Random(seed)
    place = rng.choice(_PLACES) + rng.choice(_LEVELS)
    level = place[-1]
    year = rng.choice([2020, 2022, 2025])
    full_width = rng.random() < 0.4
    sep = rng.choice(["、", ".", "．"])
    scheme = rng.choice(_SCHEMES)
    lines: list[str] = []
    if rng.random() < 0.6:
        lines += rng.sample(_DEBRIS_HEAD, rng.randint(1, len(_DEBRIS_HEAD)))
    lines += [f"关于印发健康{place[:-1]}行动实施方案的通知", f"{place[:2]}政办发〔{year - 2}〕{rng.randint(1, 99)}号",
              "各乡镇人民政府,各有关部门:", f"现将《健康{place[:-1]}行动实施方案》印发给你们,请认真贯彻执行。",
              f"{year - 2}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]

    def heading(depth: int, n: int, title: str) -> str:
        style = scheme[min(depth, len(scheme) - 1)]
        return ("    " if rng.random() < 0.5 else "") + _number(style, n, full_width, sep) + title

    values = {"y": year, "y2": 2030, "a": rng.randint(20, 45), "b": round(rng.uniform(3, 6), 1),
              "c": round(rng.uniform(2, 4), 1), "d": rng.randint(8, 15), "e": rng.randint(60, 90),
              "f": rng.randint(91, 120), "g": rng.randint(2, 30), "h": rng.randint(5, 200), "i": rng.randint(5, 20),
              "j": rng.randint(1, 3), "k": rng.randint(4, 8)}
    lines.append(heading(0, 1, "总体要求"))
    lines.append(heading(1, 1, "指导思想。") + "坚持以人民健康为中心,把健康融入所有政策。")
    lines.append(heading(1, 2, "主要目标。") + "".join(t.format(**values) for t in rng.sample(_TARGETS, 3)))
    lines.append(heading(0, 2, "主要任务"))
    item = 0
    for s in range(1, rng.randint(4, 10)):
        lines.append(heading(1, s, rng.choice(["健康生活", "健康服务", "健康保障", "健康环境", "健康产业"])))
        for _ in range(rng.randint(3, 9)):
            item += 1
            title, body = rng.choice(_TOPICS)
            body = "".join(b for _, b in rng.sample(_TOPICS, rng.randint(2, 5)))
            target = rng.choice(_TARGETS).format(**values) if rng.random() < 0.4 else ""
            clause = _clause(rng, level) if rng.random() < 0.85 else ""
            if clause and rng.random() < 0.1:  # a clause broken across a line
                cut = len(clause) // 2
                clause = clause[:cut] + "\n" + clause[cut:]
            lines.append(heading(2, item, f"{title}。") + body + target + clause)
    lines.append(heading(0, 3, "保障措施"))
    lines.append(heading(1, 1, "加强组织领导。") + "成立领导小组,统筹推进各项工作。")
    lines.append(heading(1, 2, "强化监测评估。") + "建立监测评估机制,开展年度考核。")
    if rng.random() < 0.2:
        lines += ["附件：考核方案", heading(0, 1, "考核内容。") + "按年度开展考核。"]
    if rng.random() < 0.5:
        lines += rng.sample(_DEBRIS_TAIL, rng.randint(1, len(_DEBRIS_TAIL)))
    newline = "\r\n" if rng.random() < 0.15 else "\n"
    text = newline.join(lines) + newline
    encoding = rng.choices(["utf-8", "utf-8-sig", "gb18030"], weights=[7, 1, 2])[0]
    return text, encoding


def write_synthetic_corpus(folder: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic plans to ``folder`` (``plan_00000.txt`` …); returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        text, encoding = synthetic_plan(seed * 1_000_003 + i)
        path = folder / f"plan_{i:05d}.txt"
        path.write_bytes(text.encode(encoding))
        paths.append(path)
    return paths
