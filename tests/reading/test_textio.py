import codecs

import pytest

from cityplans.reading.formats import read_plan
from cityplans.reading.textio import PlanInputError, decode_plan

PLAN = "一、总体要求\r\n（一）指导思想。坚持预防为主。\r\n"


def test_utf8_plain_keeps_crlf():
    t = decode_plan(PLAN.encode("utf-8"))
    assert t.encoding == "utf-8"
    assert t.raw == PLAN  # \r\n is not translated: offsets stay true
    assert "\r\n" in t.raw


def test_utf8_bom_is_removed():
    t = decode_plan(codecs.BOM_UTF8 + PLAN.encode("utf-8"))
    assert t.encoding == "utf-8-sig"
    assert t.raw == PLAN


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_detected(codec):
    t = decode_plan(PLAN.encode(codec))
    assert t.encoding == "gb18030"
    assert t.raw == PLAN


def test_utf16_with_bom():
    t = decode_plan(PLAN.encode("utf-16"))
    assert t.encoding == "utf-16"
    assert t.raw == PLAN


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (b"\x00\x01\x02\x03binary\x00\x00" * 10, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"\xff\xff\x80\x80\xff" * 4, "undecodable"),
    ],
)
def test_bad_input_one_line_error(data, message):
    with pytest.raises(PlanInputError) as info:
        decode_plan(data, "bad.txt")
    text = str(info.value)
    assert message in text
    assert text.startswith("bad.txt:")
    assert "\n" not in text


def test_utf8_cut_mid_character_is_kept_and_marked():
    data = PLAN.encode("utf-8") + "健".encode()[:2]
    t = decode_plan(data)
    assert t.encoding == "utf-8"
    assert t.truncated_bytes == 2
    assert t.raw == PLAN + "\ufffd"


def test_read_plan_missing_and_directory(tmp_path):
    with pytest.raises(PlanInputError, match="no such file"):
        read_plan(tmp_path / "nope.txt")
    with pytest.raises(PlanInputError, match="directory"):
        read_plan(tmp_path)


def test_read_plan_reads_bytes(tmp_path):
    f = tmp_path / "p.txt"
    f.write_bytes(PLAN.encode("gbk"))
    assert read_plan(f).raw == PLAN
