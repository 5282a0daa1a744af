"""One pass of an automaton finds what the regexes it stands for find, match for match."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cityplans import attributions, paths
from cityplans.datafiles import alternation
from cityplans.extract.word_search import NameFinder, TermFinder
from cityplans.reading.normalize import normalize

# A few characters, so that words overlap, nest and repeat; an astral one and the separator too.
ALPHABET = "市区委卫健康😀\x00"
words = st.text(ALPHABET[:-1], min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(words, min_size=1, max_size=4), max_size=4), st.text(ALPHABET, max_size=40))
def test_terms_are_found_where_their_regexes_find_them(terms, text):
    found = TermFinder(terms).matches(text)
    for i, term in enumerate(terms):
        expected = [m.start() for m in re.finditer("|".join(map(re.escape, term)), text)]
        assert found.get(i, []) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(words, min_size=1, max_size=3), st.lists(words, min_size=1, max_size=4),
       st.lists(words, min_size=1, max_size=3),
       st.lists(words, max_size=2), st.text(ALPHABET, max_size=40))
def test_names_are_found_where_the_mention_regex_finds_them(prefixes, names, prefixed_only, not_after, text):
    p, n, s, x = (alternation(w) for w in (prefixes, names, prefixed_only, not_after))
    regex = re.compile(rf"(?:(?:{p})?(?:{n})|(?:{p})(?:{s}))(?!{x})")
    finder = NameFinder(prefixes, names, prefixed_only, re.compile(x))
    assert finder.finditer(text) == [m.span() for m in regex.finditer(text)]


def test_the_registry_finder_finds_what_the_mention_regex_finds_in_the_five_plans():
    finder, regex = attributions._mention_finder(), attributions._mention_regex()
    plans = sorted(paths.RAW_DIR.glob("*.txt"))
    assert len(plans) == 5
    for path in plans:
        norm = normalize(path.read_text(encoding="utf-8")).norm
        spans = finder.finditer(norm)
        assert spans == [m.span() for m in regex.finditer(norm)], path.name
        assert len(spans) >= 3, path.name
