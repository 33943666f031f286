"""Gazetteer and lexicon matching: the per-document APIs give what the per-sentence ones give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import re

from source_stance.builder.annotate.claims_layers import clean_bounds
from source_stance.builder.annotate.claims_resources import ClaimResources, Matcher, SpanLayers
from source_stance.builder.segment import sentence_spans
from source_stance.schema.lexicon import FramingLexicon, Gazetteer


def resources() -> ClaimResources:
    gaz = Gazetteer.model_validate(
        {"actors": [
            {"canonical": "Northland", "kind": "country", "variants": ["Republic of Northland", "N.L."]},
            {"canonical": "Mara Lind", "kind": "person", "variants": ["Lind"]},
            {"canonical": "United Nations", "kind": "organisation", "variants": ["UN"]},
        ]}
    )
    lex = FramingLexicon.model_validate(
        {
            "categories": {"place_name": "x", "loaded_characterisation": "y"},
            "terms": [
                {"canonical": "Upper Vale", "category": "place_name", "vocabulary_of": "north"},
                {"canonical": "occupation", "category": "loaded_characterisation", "vocabulary_of": "south",
                 "variants": ["occupied", "occupation policy", "so-called"]},
            ],
        }
    )
    return ClaimResources.from_models(gaz, lex)


RES = resources()
_WORDS = ["Northland", "Republic", "of", "Republic of Northland", "N.L.", "Mara", "Lind", "Mara Lind", "UN", "UNs",
          "Upper Vale", "upper vale", "occupation", "OCCUPATION", "Occupied", "occupation policy", "so-called", "x",
          "pre", "said", "İ", "occupıed", "OCCUPİED", "ſo-called", "upper vale"]
_SEPS = ["", " ", ". ", ".", "-", "\n", ", ", "'s "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=25), st.data())
def test_span_layers_equal_the_per_sentence_calls(parts, data):
    text = "".join(w + s for w, s in parts)
    if data.draw(st.booleans()):
        spans = sentence_spans(text)
    else:
        cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=8))))
        bounds = [0, *cuts, len(text)]
        spans = [(a, b) for a, b in zip(bounds, bounds[1:])]
    layers = RES.span_layers(text, spans)
    assert layers.person_mentions == RES.person_mentions(text)
    assert layers.actors == [RES.actors(text, s, e) for s, e in spans] == RES.actors_by_span(text, spans)
    assert layers.framing_terms == [RES.framing_terms(text, s, e) for s, e in spans] == RES.framing_terms_by_span(text, spans)


def _reference_span_layers(res: ClaimResources, text: str, spans) -> SpanLayers:
    """The readable span_layers: the per-sentence calls."""
    return SpanLayers(res.person_mentions(text), [res.actors(text, s, e) for s, e in spans], [res.framing_terms(text, s, e) for s, e in spans])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=25), st.data())
def test_span_layers_fast_path_equals_the_reference_with_gaps_cuts_and_empty_spans(parts, data):
    text = "".join(w + s for w, s in parts)
    # cuts anywhere, or only where no name can continue (so a name running across a cut is no
    # reason for the slow path by itself)
    places = [i for i, c in enumerate(text) if not (c.isalnum() or c in "_-")] if data.draw(st.booleans()) else []
    cut_at = st.sampled_from(places) if places else st.integers(0, len(text))
    cuts = sorted(data.draw(st.lists(cut_at, max_size=10)))
    bounds = [0, *cuts, len(text)]
    spans = [(a, b) for a, b in zip(bounds, bounds[1:])]
    if data.draw(st.booleans()):  # leave gaps between spans
        spans = spans[::2]
    if data.draw(st.booleans()):  # spans in any order (the slow path)
        spans = data.draw(st.permutations(spans))
    RES._last_scan[0] = None
    assert RES.span_layers(text, spans) == _reference_span_layers(RES, text, spans)


def test_span_layers_fast_path_and_its_fallbacks():
    text = "Mara Lind met the UN. Republic of Northland"
    # an actor match across a span bound (in a span or in a gap before one): the spans are scanned alone
    for cut in ([(0, 4), (4, 43)], [(0, 21), (30, 43)], [(0, 30), (30, 43)], [(0, 5), (5, 43)], [(0, 9), (9, 21), (21, 25), (25, 43)]):
        RES._last_scan[0] = None
        assert RES.span_layers(text, cut) == _reference_span_layers(RES, text, cut)
    # the corpus case: sentence spans of a text, no match across them, take the fast path
    spans = sentence_spans(text)
    ah, th = RES._document_hits(text)
    assert clean_bounds(text, spans, (*ah, *th)) is not None
    assert RES.span_layers(text, spans) == _reference_span_layers(RES, text, spans)


def test_both_matchers_share_one_scan_that_gives_their_document_hits():
    res = resources()
    assert res.scan is not None  # the layers above come from the shared scan
    text = "Mara Lind met the UN.Republic of Northland rejected the so-called OCCUPATİON policy. Σ ſo-called"
    assert res._document_hits(text) == (res.actor_matcher.document_hits(text), res.term_matcher.document_hits(text))
    sigma = ClaimResources.from_models(Gazetteer.model_validate({"actors": [{"canonical": "ΣA", "kind": "person"}]}), res.lexicon)
    assert sigma.scan is None  # Σ lowers by what follows: each matcher scans on its own
    text = "ΣA met ΣAB and ΣA."
    assert sigma.actors_by_span(text, [(0, 7), (7, len(text))]) == [sigma.actors(text, 0, 7), sigma.actors(text, 7, len(text))]


def test_span_layers_hand_written():
    text = "Mara Lind met the UN.Republic of Northland rejected the so-called OCCUPATION policy.Lind left"
    spans = [(0, 21), (21, 84), (84, len(text))]
    layers = RES.span_layers(text, spans)
    assert [a["canonical"] for a in layers.actors[1]] == ["Northland"]
    assert [t["term"] for t in layers.framing_terms[1]] == ["so-called", "OCCUPATION policy"]
    assert [p[2] for p in layers.person_mentions] == ["Mara Lind", "Mara Lind"]
    assert layers.actors == [RES.actors(text, s, e) for s, e in spans]
    # a span cut inside a name: the whole-text match runs across it, so the span is scanned alone
    cut = [(0, 3), (3, len(text))]
    assert RES.actors_by_span(text, cut) == [RES.actors(text, s, e) for s, e in cut]


def test_kept_actor_scan_belongs_to_the_same_text_only():
    res = resources()
    a = "Mara Lind met the UN."
    b = "".join(["UN officials met ", "Lind."])  # another text object
    for text in (a, b, a, b[:], a + ""):
        spans = sentence_spans(text)
        assert res.actors_by_span(text, spans) == [res.actors(text, s, e) for s, e in spans]
        assert res.person_mentions(text) == [(p["start"], p["end"], p["canonical"]) for p in res.actors(text, 0, len(text)) if p["canonical"] == "Mara Lind"]


def test_a_case_insensitive_match_whose_lower_case_is_not_listed_is_still_keyed():
    """re.IGNORECASE equates "İ" (dotted capital I) with "i" and "ſ" with "s", but "İ".lower() is
    "i̇" (two characters): such a match used to raise KeyError and stop the build."""
    text = "They call it OCCUPATİON. The ſo-called plan."
    assert [t["canonical"] for t in RES.framing_terms(text, 0, len(text))] == ["occupation", "occupation"]
    assert RES.framing_terms_by_span(text, [(0, 24), (24, len(text))]) == [RES.framing_terms(text, 0, 24), RES.framing_terms(text, 24, len(text))]


def test_a_match_whose_simple_fold_is_not_listed_either_is_kept():
    """re.IGNORECASE takes dotless "ı" for "i", but "ı" case-folds to itself: "dıspuTed" was matched
    and then dropped (neither its lower case nor its simple fold is a key)."""
    m = Matcher.build([("disputed", 0, False)])
    text = "It is dıspuTed and DİSPUTED and disputed"
    assert m.find(text, 0, len(text)) == [(6, 14, 0), (19, 27, 0), (32, 40, 0)]
    assert m.find_by_span(text, [(0, 18), (18, len(text))]) == [[(6, 14, 0)], [(19, 27, 0), (32, 40, 0)]]
    assert m.find_document(text) == m.find(text, 0, len(text))
    text = "They call it OCCUPıED land, occupıed by the ſO-CALLED side."
    assert [t["canonical"] for t in RES.framing_terms(text, 0, len(text))] == ["occupation"] * 3


def test_a_case_insensitive_name_spelled_with_dotted_capital_i_matches_its_own_spelling():
    """"İ".lower() is "i" + a combining dot: a name built from it matched neither "İdlib" nor "IDLIB"."""
    m = Matcher.build([("İdlib", 0, False)])
    text = "In İdlib, IDLIB and idlib; not i\u0307dlib."
    assert m.find(text, 0, len(text)) == [(3, 8, 0), (10, 15, 0), (20, 25, 0)]
    assert m.find_document(text) == m.find(text, 0, len(text))


def test_a_miss_keeps_the_entry_of_the_first_listed_name_re_takes_it_for():
    m = Matcher.build([("iraq", 0, False), ("ıraq", 1, False), ("IRAQ", 2, True)])
    text = "IRAQ iraq ıraq İRAQ ıRAQ"
    # "IRAQ" as listed (case-sensitive), "iraq" and "ıraq" by their lower case; "İRAQ" by its simple
    # fold "iraq"; "ıRAQ" (lower case "ıraq") by its lower case
    assert m.find(text, 0, len(text)) == [(0, 4, 2), (5, 9, 0), (10, 14, 1), (15, 19, 0), (20, 24, 1)]


_FOLDED_NAMES = ["disputed", "so-called", "insurgent", "insurgent group", "ıraq", "iraq war", "sis", "İdlib"]
_SPELLINGS = {
    "i": ["i", "I", "ı", "İ"],
    "s": ["s", "S", "ſ"],
}


@st.composite
def _spelled(draw, name: str) -> str:
    """``name`` in any case, with any of the letters re takes for its i and s."""
    out = []
    for c in name:
        key = "i" if c in "iı" else c
        out.append(draw(st.sampled_from(_SPELLINGS.get(key, [c.lower(), c.upper()]))))
    return "".join(out)


_pieces = st.sampled_from(_FOLDED_NAMES).flatmap(_spelled) | st.sampled_from([" ", ". ", "-", "x", "\n", " group", "ı", "İ"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FOLDED_NAMES), st.integers(0, 3)), min_size=1, max_size=5, unique_by=lambda t: t[0]),
       st.lists(_pieces, max_size=20).map("".join), st.data())
def test_every_case_insensitive_match_is_reported(names, text, data):
    """Every match of the case-insensitive alternation (ı, İ, ſ spellings included) is reported,
    as an entry whose name re itself takes for the matched text."""
    names = [(n, i, False) for n, i in names]
    m = Matcher.build(names)
    alts = sorted({n for n, _, _ in names}, key=len, reverse=True)
    rx = re.compile(r"(?<![\w-])(?:%s)(?![\w-]*\w)" % "|".join(map(re.escape, alts)), re.IGNORECASE)
    want = [mt.span() for mt in rx.finditer(text)]
    got = m.find(text, 0, len(text))
    assert [(a, b) for a, b, _ in got] == want
    for a, b, i in got:
        assert any(j == i and re.fullmatch(re.escape(n), text[a:b], re.IGNORECASE) for n, j, _ in names), (text[a:b], i)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=4)))
    spans = list(zip([0, *cuts], [*cuts, len(text)]))
    assert m.find_by_span(text, spans) == [m.find(text, s, e) for s, e in spans]
