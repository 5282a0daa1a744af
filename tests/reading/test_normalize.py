from hypothesis import given, settings
from hypothesis import strategies as st

from cityplans.reading.normalize import normalize


def test_fullwidth_forms_map_one_to_one():
    nt = normalize("（一）１２％：ａＢ\u00a0\u3000")
    assert nt.norm == "(一)12%:aB  "
    assert nt.span(1, 2) == (1, 2)


def test_circled_numbers_are_kept():
    assert normalize("①建设").norm == "①建设"
    assert normalize("⑴建设").norm == "⑴建设"


def test_expanding_character_maps_back():
    raw = "达到Ⅲ类以上"
    nt = normalize(raw)
    assert nt.norm == "达到III类以上"
    start = nt.norm.index("类")
    a, b = nt.span(start, start + 2)
    assert raw[a:b] == "类以"
    # a span covering part of the expansion covers the whole original character
    a, b = nt.span(3, 4)
    assert raw[a:b] == "Ⅲ"


@given(st.text(alphabet=st.sampled_from("一（）１a Ⅲ㈠ⅳ①\u00a0，。\n"), max_size=40))
def test_spans_are_monotone_and_in_range(text):
    nt = normalize(text)
    last = 0
    for i in range(len(nt.norm) + 1):
        r = nt.to_raw(i)
        assert 0 <= r <= len(text)
        assert r >= last
        last = r


_CHARS = st.sampled_from(list("一二、（）()１２ab Ⅲ㈠Ⅻ类水﹔　③\n"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=40).map("".join), st.data())
def test_a_slice_of_the_view_is_the_view_of_the_slice(raw, data):
    from cityplans.reading.normalize import normalize

    a = data.draw(st.integers(0, len(raw)))
    b = data.draw(st.integers(a, len(raw)))
    cut, fresh = normalize(raw).slice(a, b), normalize(raw[a:b])
    assert (cut.raw, cut.norm) == (fresh.raw, fresh.norm)
    assert all(cut.span(x, y) == fresh.span(x, y) for x in range(len(fresh.norm) + 1)
               for y in range(x, len(fresh.norm) + 1))


def test_nfkc_keeps_every_unified_ideograph():
    # what lets normalize() look only at the other characters and the traditional ones
    import unicodedata

    from cityplans.reading import normalize as module

    assert module._IDEOGRAPHS == "\u4e00-\u9fff"
    assert all(unicodedata.normalize("NFKC", chr(c)) == chr(c) for c in range(0x4E00, 0xA000))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("牽頭單位市卫健委（１）：Ⅲ①　a ≧\u00a0\n"), max_size=60))
def test_the_characters_that_may_change_are_every_one_that_does(raw):
    from cityplans.reading.normalize import _may_change, _nfkc_char

    assert {ch for ch in set(raw) if _nfkc_char(ch) != ch} <= _may_change(raw) <= set(raw)


def test_hong_kong_and_taiwan_variant_forms_read_as_opencc_reads_them():
    # OpenCC's own variant tables (衞 is Hong Kong's 衛); a variant that is itself a standard simplified
    # character (抬, 著) must stay as written, so only those outside GB 2312 are checked.
    import os

    import opencc

    from cityplans.reading.normalize import normalize

    def simplified(ch):
        try:
            return bool(ch.encode("gb2312"))
        except UnicodeEncodeError:
            return False

    # Where OpenCC's traditional table gives another standard form than its variant chain: both are
    # simplified characters (鲶 and 鲇 for 鯰, 颚 and 腭 for 顎); the table's first candidate is kept.
    other_reading = {"鯰": "鲶", "顎": "颚"}
    folder = os.path.join(os.path.dirname(opencc.__file__), "dictionary")
    checked = 0
    for config, table in [("hk2s", "HKVariantsRev.txt"), ("tw2s", "TWVariantsRev.txt")]:
        convert = opencc.OpenCC(config).convert
        with open(os.path.join(folder, table), encoding="utf-8") as fh:
            variants = [line.split("\t")[0] for line in fh]
        for ch in variants:
            if len(ch) != 1 or simplified(ch) or not simplified(convert(ch)):
                continue
            assert normalize(ch).norm == other_reading.get(ch, convert(ch)), (config, ch)
            checked += 1
    assert checked >= 50
    assert normalize("抬著").norm == "抬著"
