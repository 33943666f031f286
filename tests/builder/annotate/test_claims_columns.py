"""annotate_claim_columns (the rule core's columns) against a readable row-per-sentence reference,
and ClaimStage.column_map's paths (rule core, curated gold, another annotator)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate import claims_attribution, claims_keys, claims_kind, claims_quantities
from source_stance.builder.annotate.claims import (
    ClaimStage,
    _alone_on_line,
    _attribution_values,
    annotate_claim_columns,
    annotate_document_claims,
)
from source_stance.builder.annotate.claims_gold import GoldIndex
from source_stance.builder.annotate.claims_resources import (
    FRAMING_ANNOTATOR,
    FRAMING_CONFIDENCE,
    GAZETTEER_ANNOTATOR,
    GAZETTEER_CONFIDENCE,
)
from source_stance.builder.segment import sentence_spans
from source_stance.schema.claims import CLAIM_COLUMNS
from source_stance.schema.lexicon import GoldSentence
from tests.builder.annotate.test_claims import resources


def reference_rows(text, spans, res, default_speaker):
    """One dict per span, each column written out (what annotate_document_claims built before)."""
    keys_of = [claims_keys.sentence_keys(text[s:e]) for s, e in spans]
    layers = res.span_layers(text, spans)
    attributions = claims_attribution.attribute(text, spans, layers.person_mentions, keys_of)
    rows = []
    for k, (s, e) in enumerate(spans):
        sentence = text[s:e]
        quantities = claims_quantities.find_quantities(text, s, e, keys_of[k])
        claim = claims_kind.is_claim(sentence, _alone_on_line(text, s, e))
        if claim.value:
            kind = claims_kind.claim_kind(sentence, quantities, s, attributions[k].cue, keys_of[k])
            decision = (kind.value, kind.confidence, kind.evidence)
            voice = _attribution_values(attributions[k], default_speaker)
        else:
            decision = ("none", claim.confidence, f"not a claim: {claim.evidence}")
            voice = _attribution_values(None, default_speaker)
        values = (
            claim.value, "rule", claim.confidence, claims_kind.IS_CLAIM_ANNOTATOR, claim.evidence,
            decision[0], "rule", decision[1], claims_kind.KIND_ANNOTATOR, decision[2],
            *voice,
            [q.as_record() for q in quantities], "rule", claims_quantities.CONFIDENCE, claims_quantities.ANNOTATOR,
            layers.actors[k], "rule", GAZETTEER_CONFIDENCE, GAZETTEER_ANNOTATOR,
            layers.framing_terms[k], "rule", FRAMING_CONFIDENCE, FRAMING_ANNOTATOR,
        )
        rows.append(dict(zip(CLAIM_COLUMNS, values)))
    return rows


TEXTS = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
        st.sampled_from([
            '"', "“", "”", " said ", "Mara Lind", " 12 ", "three hundred", " $5m ", "UN", " occupied ", "\n\n", ". ", ":",
            "According to ", "It was noted that ", "Northland must ", " is a disgrace", "?", "Upper Vale", " he added",
        ]),
    ),
    max_size=25,
).map("".join)


def check_columns(text, speaker):
    spans = sentence_spans(text)
    columns = annotate_claim_columns(text, spans, resources(), speaker)
    assert tuple(columns) == CLAIM_COLUMNS
    lists = [c for c in columns.values() if isinstance(c, list)]  # the pipeline extends lists in place: none shared
    assert len({id(c) for c in lists}) == len(lists)
    want = reference_rows(text, spans, resources(), speaker)
    for name in CLAIM_COLUMNS:
        assert list(columns[name]) == [row[name] for row in want], name
    assert annotate_document_claims(text, spans, resources(), speaker) == want


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from([None, "Courier"]))
def test_columns_equal_the_readable_rows(text, speaker):
    check_columns(text, speaker)


def test_columns_of_known_texts_and_no_text():
    check_columns('Mara Lind said 12 villages in Upper Vale were occupied. "It is a disgrace," she said. Will talks resume?', "Courier")
    check_columns("UN officials said more than 3,000 people fled.\nNorthland must withdraw.", None)
    check_columns("", None)


def test_column_map_takes_the_rule_columns_gold_rows_or_another_annotators_rows():
    text = "Mara Lind said 12 villages were occupied. Talks resume today."
    spans = sentence_spans(text)
    entry = GoldSentence.model_validate({"text": "Talks resume today.", "is_claim": False, "claim_kind": "none"})
    gold = GoldIndex("gold.yaml", "curator", {"gold-doc": {"Talks resume today.": entry}})
    stage = ClaimStage(resources(), gold, annotate_document_claims)
    for doc_id in ("doc", "gold-doc"):
        rows = stage.columns(doc_id, text, spans, "Courier")
        columns = stage.column_map(doc_id, text, spans, "Courier")
        assert tuple(columns) == CLAIM_COLUMNS
        assert {name: list(values) for name, values in columns.items()} == {n: [r.get(n) for r in rows] for n in CLAIM_COLUMNS}
    assert stage.column_map("gold-doc", text, spans, None)["is_claim_source"][1] == "curated"

    def partial(text, spans, res, default_speaker):
        return [{"is_claim": False} for _ in spans]

    columns = ClaimStage(resources(), None, partial).column_map("doc", text, spans, None)
    assert columns["is_claim"] == [False, False] and columns["speaker"] == [None, None]
