"""resources.FramingMatcher: every match of the framing alternation is counted as its term."""

from __future__ import annotations

import pytest

from source_stance.builder.annotate.resources import FramingMatcher, FramingTerm, _term_pattern


def _matcher(*terms: tuple[str, bool | None]) -> FramingMatcher:
    return FramingMatcher.build(tuple(FramingTerm(t, "c", "shared", _term_pattern(t, cs)) for t, cs in terms))


@pytest.mark.parametrize(
    "text, start",
    [
        ("It is dıspuTed land.", 6),  # dotless ı: re takes it for i, its case fold does not
        ("DİSPUTED LAND", 0),  # dotted capital İ: lower() is two characters
        ("the diſputed land", 4),  # long s
        ("Disputed land", 0),  # the plain case, found before the fix too
    ],
)
def test_a_case_insensitive_match_with_specially_folded_letters_is_counted(text, start):
    m = _matcher(("disputed", False), ("Land", True))  # a case-sensitive group as well
    assert [(t.term, s) for t, s in m.find(text)] == [("disputed", start)]


def test_a_term_written_with_a_dotless_i_is_counted_in_any_case():
    m = _matcher(("ıraq war", None))
    text = "the IRAQ  war and the iraq war and the ıraq war"
    assert [s for _, s in m.find(text)] == [4, 22, 39]


def test_the_longest_term_still_wins_and_exact_spellings_keep_their_own_term():
    m = _matcher(("ınsurgent group", False), ("insurgent", False), ("ınsurgent", False))
    got = [(t.term, s) for t, s in m.find("INSURGENT GROUP; insurgent; ınsurgent; İNSURGENT")]
    # "insurgent" is its own term; "İNSURGENT" folds to neither key, and the pattern tried "insurgent" first
    assert got == [("ınsurgent group", 0), ("insurgent", 17), ("ınsurgent", 28), ("insurgent", 39)]


def test_case_sensitive_terms_are_not_folded():
    m = _matcher(("Nordia", True))
    assert m.find("NORDİA nordia Nordıa") == []


def test_index_phrases_are_the_second_words_of_first_words_that_begin_no_single_word_term():
    terms = (("Greater Nordia", True), ("greater  north", False), ("greater south", False), ("lost provinces", None),
             ("lost", None), ("border region", None))
    m = _matcher(*terms)
    assert m.index_words == {"Greater", "greater", "lost", "border"}
    assert m.index_phrases == {"Greater": ("Nordia",), "greater": ("north", "south"), "border": ("region",)}
    # a case-insensitive group run with IGNORECASE on the text (no twin: "ı") reads no index
    assert _matcher(*terms, ("ıraq war", None)).index_phrases == {"Greater": ("Nordia",)}
