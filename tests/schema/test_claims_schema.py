"""The claim columns derive Features, Arrow and pydantic consistently, with provenance everywhere."""

from __future__ import annotations

from source_stance.schema.claims import CLAIM_COLUMNS, CLAIM_FIELDS, PROVENANCE_GROUPS, SPAN_GROUPS
from source_stance.schema.fields import arrow_schema, features, pydantic_model
from source_stance.schema.records import SENTENCE_FIELDS
from source_stance.schema.vocab import CLAIM_KIND, QUOTE_TYPE, SPEAKER_KIND, Vocabularies

VOCABS = Vocabularies.for_sides(("a", "b"))


def test_every_label_group_has_its_provenance_columns():
    names = set(CLAIM_COLUMNS)
    for group in PROVENANCE_GROUPS:
        assert {f"{group}_{s}" for s in ("source", "confidence", "annotator", "evidence")} <= names
    for group in SPAN_GROUPS:
        assert {group, f"{group}_source", f"{group}_annotator"} <= names
    assert len(names) == len(CLAIM_COLUMNS)


def test_claim_columns_are_part_of_sentences_with_label_names():
    assert tuple(f.name for f in SENTENCE_FIELDS[-len(CLAIM_FIELDS):]) == CLAIM_COLUMNS
    feats = features(CLAIM_FIELDS, VOCABS)
    assert tuple(feats["claim_kind"].names) == CLAIM_KIND
    assert tuple(feats["quote_type"].names) == QUOTE_TYPE
    assert tuple(feats["speaker_kind"].names) == SPEAKER_KIND
    schema = arrow_schema(CLAIM_FIELDS, VOCABS)
    assert b"huggingface" in schema.metadata
    assert schema.field("speaker").nullable and not schema.field("is_claim").nullable


def test_pydantic_model_accepts_names_and_rejects_unknown_labels():
    model = pydantic_model("Row", CLAIM_FIELDS, VOCABS)
    row = {f.name: None for f in CLAIM_FIELDS if f.nullable}
    row.update(
        is_claim=True, is_claim_source="rule", is_claim_confidence=0.5, is_claim_annotator="rule:x",
        claim_kind="factual", claim_kind_source="rule", claim_kind_confidence=0.5, claim_kind_annotator="rule:x",
        speaker_kind="author", quote_type="none", attribution_source="rule", attribution_confidence=0.5,
        attribution_annotator="rule:x", quantities=[], quantities_source="rule", quantities_confidence=0.9, quantities_annotator="rule:x",
        actors=[], actors_source="rule", actors_confidence=0.9, actors_annotator="rule:x", framing_terms=[],
        framing_terms_source="rule", framing_terms_confidence=1.0,
        framing_terms_annotator="rule:x",
    )
    model.model_validate(row)
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        model.model_validate({**row, "claim_kind": "opinion"})
