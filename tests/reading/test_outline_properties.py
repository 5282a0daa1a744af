"""Property-based checks: the parser never raises and never loses a character."""

from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import PIECES, assert_tiles

from cityplans.reading.outline import parse_outline

# Text built from the genre's pieces: numbering, brackets, debris words, breaks.


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_genre_soup_parses_and_tiles(text):
    o = parse_outline(text, "p")
    if text:
        assert_tiles(o)
    for n in o.nodes:
        assert 0 <= n.start <= n.end <= len(text)
    for a in o.anomalies:
        assert 0 <= a.start <= a.end <= len(text)
    assert len({n.task_id for n in o.nodes}) == len(o.nodes)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_parses_and_tiles(text):
    o = parse_outline(text, "p")
    if text:
        assert_tiles(o)
