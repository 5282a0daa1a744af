from cityplans.reading.debris import classify_debris, debris_rules


def test_rules_load_and_have_known_strengths():
    rules = debris_rules()
    assert {r.strength for r in rules} <= {"keep", "strong", "page", "weak", "preamble"}
    assert len({r.rule for r in rules}) == len(rules)


def test_head_block_with_weak_tokens():
    lines = ["当前位置: 首页 / 政务", "", "2019", "", "05/01", "11:24", "来源:", "【字体:", "浏览量:", "标签",
             "关于印发健康某某建设方案的通知", "一、总体要求"]
    out = classify_debris(lines, frozenset({11}))
    assert all(out[i] for i in (0, 2, 4, 5, 6, 7, 8, 9))
    assert out[1] is None and out[3] is None  # blank lines are not debris on their own
    assert out[10] is None  # the title (long, not a pattern) stays
    assert out[11] is None


def test_weak_line_alone_is_not_debris():
    lines = ["一、任务", "点赞", "1.加强领导。"]
    assert classify_debris(lines, frozenset({0, 2})) == [None, None, None]


def test_keep_rules_win_inside_a_block():
    lines = ["发布时间:2018-02-27 10:13:49 【字体:", "", "某政办发〔2018〕4号", "2018年2月5日"]
    out = classify_debris(lines, frozenset())
    assert out[0] == "pub_time"
    assert out[2] is None and out[3] is None


def test_repost_marker_takes_the_wrapper_above_it():
    lines = ["2022-05-11 09:41来源:某市人民政府", "3月4日,某市发布通知,通知指出,要加快发展。", "原文如下:", "各有关单位:",
             "一、任务"]
    out = classify_debris(lines, frozenset({4}))
    assert out[:3] == ["repost"] * 3
    assert out[3] is None


def test_repost_marker_below_a_heading_is_ignored():
    lines = ["一、任务", "原文如下:", "正文。"]
    assert classify_debris(lines, frozenset({0})) == [None, None, None]


def test_tail_footer():
    lines = ["(五)严格督导考核。各级政府要落实。", "", "责任编辑:某市人民政府办公室", "【我要纠错】【打印本文】【关闭】",
             "X", "扫一扫在手机打开当前页", "点赞", "收藏"]
    out = classify_debris(lines, frozenset({0}))
    assert out[0] is None
    assert all(out[i] for i in range(2, 8))
