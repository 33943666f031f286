"""Gazetteer and lexicon matching: the per-document APIs give what the per-sentence ones give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate.claims_resources import ClaimResources
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
          "pre", "said", "İ"]
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
