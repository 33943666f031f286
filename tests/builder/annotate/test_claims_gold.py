"""Curated gold: it wins over rule labels, is marked curated, and stale entries stop the build."""

from __future__ import annotations

import pytest

from source_stance.builder.annotate.claims import annotate_document_claims
from source_stance.builder.annotate.claims_gold import GoldIndex, apply_gold, check_gold_coverage
from source_stance.builder.annotate.claims_resources import ClaimResources
from source_stance.builder.errors import ConfigError
from source_stance.builder.pipeline import sha256_text
from source_stance.builder.segment import sentence_spans
from source_stance.schema.lexicon import ClaimGold

TEXT = 'The union issued a statement. The statement reads:\n\n"Wages fell\u00a0by 8 percent. Strike now."'


def gold(entries, doc="d1"):
    return GoldIndex.from_model(ClaimGold.model_validate({"curator": "curator:tester", "documents": {doc: entries}}), "gold.yaml")


def rows_for(text, g, doc="d1"):
    spans = sentence_spans(text)
    rows = annotate_document_claims(text, spans, ClaimResources.empty(), "Courier")
    return spans, apply_gold(doc, text, spans, rows, g, "Courier")


def test_curated_values_win_and_are_marked_curated():
    g = gold([
        {"text": '"Wages fell by 8 percent.', "is_claim": True, "claim_kind": "statistical", "speaker": "union",
         "quote_type": "direct", "cue": "The statement reads", "quantities": [{"text": "8", "value": 8, "unit_or_counted": "percent"}], "note": "n"},
        {"text": "The statement reads:", "is_claim": False},
    ])
    spans, rows = rows_for(TEXT, g)
    by_text = {TEXT[s:e]: r for (s, e), r in zip(spans, rows)}
    r = by_text['"Wages fell\u00a0by 8 percent.']  # matched although the text has a no-break space
    assert (r["claim_kind"], r["claim_kind_source"], r["claim_kind_confidence"], r["claim_kind_annotator"]) == (
        "statistical", "curated", 1.0, "curator:tester")
    assert r["attribution_source"] == "curated" and r["speaker"] == "union"
    assert TEXT[r["speaker_start"] : r["speaker_end"]] == "union"
    assert TEXT[r["attribution_cue_start"] : r["attribution_cue_end"]] == "The statement reads"
    assert r["quantities_source"] == "curated" and TEXT[r["quantities"][0]["start"] : r["quantities"][0]["end"]] == "8"
    intro = by_text["The statement reads:"]
    assert (intro["is_claim"], intro["speaker_kind"], intro["is_claim_source"]) == (False, "none", "curated")
    other = by_text["The union issued a statement."]
    assert other["is_claim_source"] == "rule"


def test_author_voice_gets_default_speaker():
    g = gold([{"text": "The union issued a statement.", "is_claim": True, "claim_kind": "factual"}])
    spans, rows = rows_for(TEXT, g)
    assert (rows[0]["speaker"], rows[0]["speaker_kind"], rows[0]["quote_type"]) == ("Courier", "author", "none")


def _built(text, doc="d1"):
    return [{"doc_id": doc, "index": i, "text": text[s:e], "text_sha256": sha256_text(text[s:e])} for i, (s, e) in enumerate(sentence_spans(text))]


def test_coverage_reports_sentences_without_gold():
    g = gold([{"text": "The union issued a statement.", "is_claim": True, "claim_kind": "factual"}])
    assert check_gold_coverage(g, _built(TEXT)) == [("d1", 1), ("d1", 2), ("d1", 3)]


def test_stale_entry_is_a_config_error_naming_file_and_entry():
    g = gold([{"text": "A sentence that is not there.", "is_claim": False}])
    with pytest.raises(ConfigError, match=r"gold.yaml: gold entry for 'd1' matches no sentence: 'A sentence that is not there.'"):
        check_gold_coverage(g, _built(TEXT))


def test_unknown_gold_document_is_a_config_error():
    g = gold([{"text": "x", "is_claim": False}], doc="missing_doc")
    with pytest.raises(ConfigError, match="gold document 'missing_doc' is not in the build"):
        check_gold_coverage(g, _built(TEXT))


def test_quantity_not_in_sentence_is_a_config_error():
    g = gold([{"text": "The union issued a statement.", "is_claim": True, "claim_kind": "statistical", "quantities": [{"text": "99"}]}])
    with pytest.raises(ConfigError, match="quantity '99' does not occur"):
        rows_for(TEXT, g)


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"text": "x", "is_claim": False, "claim_kind": "factual"}, "a non-claim"),
        ({"text": "x", "is_claim": True}, "needs a claim_kind"),
        ({"text": "x", "is_claim": True, "claim_kind": "factual", "speaker_kind": "named_source"}, "needs a speaker"),
        ({"text": "x", "is_claim": True, "claim_kind": "factual", "quote_type": "direct"}, "author's own voice"),
    ],
)
def test_inconsistent_entries_are_rejected(entry, message):
    with pytest.raises(ValueError, match=message):
        ClaimGold.model_validate({"curator": "curator:x", "documents": {"d": [entry]}})
