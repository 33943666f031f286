"""The claim stage core: row shape, provenance, spans in bounds, resources from YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.annotate.claims import annotate_document_claims
from source_stance.builder.annotate.claims_resources import ClaimResources, load_claim_resources
from source_stance.builder.errors import ConfigError
from source_stance.builder.segment import sentence_spans
from source_stance.schema.claims import CLAIM_COLUMNS, CLAIM_FIELDS
from source_stance.schema.config import CorpusConfig
from source_stance.schema.fields import pydantic_model
from source_stance.schema.lexicon import FramingLexicon, Gazetteer
from source_stance.schema.vocab import Vocabularies

VOCABS = Vocabularies.for_sides(("north", "south"))
ROW_MODEL = pydantic_model("ClaimRow", CLAIM_FIELDS, VOCABS)


def resources() -> ClaimResources:
    gaz = Gazetteer.model_validate(
        {"actors": [
            {"canonical": "Northland", "kind": "country", "variants": ["Republic of Northland"]},
            {"canonical": "Mara Lind", "kind": "person"},
            {"canonical": "United Nations", "kind": "organisation", "variants": ["UN"]},
        ]}
    )
    lex = FramingLexicon.model_validate(
        {
            "categories": {"place_name": "x", "loaded_characterisation": "y"},
            "terms": [
                {"canonical": "Upper Vale", "category": "place_name", "vocabulary_of": "north"},
                {"canonical": "occupation", "category": "loaded_characterisation", "vocabulary_of": "south", "variants": ["occupied"]},
            ],
        }
    )
    return ClaimResources.from_models(gaz, lex)


def annotate(text: str, speaker=None):
    spans = sentence_spans(text)
    return spans, annotate_document_claims(text, spans, resources(), speaker)


def test_rows_have_exactly_the_schema_columns_and_validate():
    _, rows = annotate("Mara Lind said 12 villages in Upper Vale were occupied. Will talks resume?")
    assert len(rows) == 2
    for row in rows:
        assert tuple(row) == CLAIM_COLUMNS
        ROW_MODEL.model_validate(row)


def test_claim_row_content_and_provenance():
    text = "Mara Lind said 12 villages in Upper Vale were occupied by the Republic of Northland."
    _, (row,) = annotate(text, speaker="Daily Courier")
    assert row["is_claim"] is True and row["claim_kind"] == "statistical"
    assert row["speaker"] == "Mara Lind" and row["quote_type"] == "indirect"
    assert row["claim_kind_source"] == "rule" and row["claim_kind_annotator"].startswith("rule:")
    assert 0 < row["claim_kind_confidence"] <= 1 and row["claim_kind_evidence"]
    assert [(a["canonical"], a["kind"]) for a in row["actors"]] == [("Mara Lind", "person"), ("Northland", "country")]
    assert row["actors"][1]["name"] == "Republic of Northland"  # longest match wins
    assert [(t["term"], t["vocabulary_of"]) for t in row["framing_terms"]] == [("Upper Vale", "north"), ("occupied", "south")]


def test_unattributed_claim_belongs_to_default_speaker_or_null():
    _, (row,) = annotate("The bridge reopened on Monday.", speaker="Daily Courier")
    assert (row["speaker"], row["speaker_kind"], row["quote_type"]) == ("Daily Courier", "author", "none")
    _, (row,) = annotate("The bridge reopened on Monday.")
    assert (row["speaker"], row["speaker_kind"]) == (None, "author")


def test_non_claim_has_none_labels():
    _, (row,) = annotate("Will the bridge reopen?")
    assert (row["is_claim"], row["claim_kind"], row["speaker_kind"], row["quote_type"]) == (False, "none", "none", "none")


def test_empty_text_gives_no_rows():
    assert annotate("")[1] == []
    assert annotate("   \n ")[1] == []


def test_lowercase_terms_match_any_case_capitalised_only_exact():
    _, (row,) = annotate("OCCUPATION ended; upper vale is quiet.")
    assert [t["canonical"] for t in row["framing_terms"]] == ["occupation"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
            st.sampled_from(['"', "“", "”", " said ", "Mara Lind", " 12 ", "UN", " occupied ", "\n\n", ". ", ":", "According to ", "It was noted that "]),
        ),
        max_size=25,
    ).map("".join)
)
def test_all_span_offsets_in_bounds_and_round_trip(text):
    spans, rows = annotate(text)
    assert len(rows) == len(spans)
    for (s, e), row in zip(spans, rows):
        for rec in row["quantities"]:
            assert s <= rec["start"] < rec["end"] <= e
            assert text[rec["start"] : rec["end"]] == rec["text"]
        for rec in row["actors"]:
            assert s <= rec["start"] < rec["end"] <= e and text[rec["start"] : rec["end"]] == rec["name"]
        for rec in row["framing_terms"]:
            assert s <= rec["start"] < rec["end"] <= e and text[rec["start"] : rec["end"]] == rec["term"]
        for a, b in (("speaker_start", "speaker_end"), ("attribution_cue_start", "attribution_cue_end")):
            if row[a] is not None:
                assert 0 <= row[a] < row[b] <= len(text)
        if row["speaker_start"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker"]
        if row["attribution_cue_start"] is not None:
            assert text[row["attribution_cue_start"] : row["attribution_cue_end"]] == row["attribution_cue"]


def _config(tmp_path: Path, **extra) -> CorpusConfig:
    return CorpusConfig.model_validate({"name": "t", "version": "0.1.0", "sides": [{"id": "north", "description": "n"}], **extra})


def test_load_resources_from_yaml(tmp_path):
    (tmp_path / "gaz.yaml").write_text(yaml.safe_dump({"actors": [{"canonical": "Northland", "kind": "country"}]}))
    (tmp_path / "lex.yaml").write_text(
        yaml.safe_dump({"categories": {"place_name": "p"}, "terms": [{"canonical": "Upper Vale", "category": "place_name", "vocabulary_of": "shared"}]})
    )
    res = load_claim_resources(_config(tmp_path, gazetteer="gaz.yaml", framing_lexicon="lex.yaml"), tmp_path)
    assert res.actors("In Northland.", 0, 13)[0]["canonical"] == "Northland"


def test_unknown_vocabulary_of_names_the_file_and_allowed_values(tmp_path):
    (tmp_path / "lex.yaml").write_text(
        yaml.safe_dump({"categories": {"place_name": "p"}, "terms": [{"canonical": "X", "category": "place_name", "vocabulary_of": "west"}]})
    )
    with pytest.raises(ConfigError, match=r"lex.yaml: term 'X': vocabulary_of 'west'.*\n  fix: use one of: north, shared"):
        load_claim_resources(_config(tmp_path, framing_lexicon="lex.yaml"), tmp_path)


def test_undeclared_category_and_missing_file_are_config_errors(tmp_path):
    (tmp_path / "lex.yaml").write_text(yaml.safe_dump({"categories": {}, "terms": [{"canonical": "X", "category": "c", "vocabulary_of": "shared"}]}))
    with pytest.raises(ConfigError, match="not declared under `categories`"):
        load_claim_resources(_config(tmp_path, framing_lexicon="lex.yaml"), tmp_path)
    with pytest.raises(ConfigError, match="gazetteer file 'nope.yaml' named in corpus.yaml does not exist"):
        load_claim_resources(_config(tmp_path, gazetteer="nope.yaml"), tmp_path)


def test_gazetteer_name_in_two_entries_is_rejected():
    with pytest.raises(ValueError, match="belongs to both"):
        Gazetteer.model_validate({"actors": [{"canonical": "A", "kind": "country", "variants": ["B"]}, {"canonical": "B", "kind": "person"}]})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\u00a0\nab.", max_size=12), st.data())
def test_alone_on_line_equals_its_first_definition(text, data):
    from source_stance.builder.annotate.claims import _alone_on_line

    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    before = text[:s].rstrip(" \t\u00a0")
    after = text[e:].lstrip(" \t\u00a0")
    want = (not before or before.endswith("\n")) and (not after or after.startswith("\n"))
    assert _alone_on_line(text, s, e) == want


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \n\tab.:?!…\"”'A", max_size=40), st.sampled_from(sorted(".!?…")))
def test_a_sentence_ending_in_final_punctuation_is_judged_alike_alone_on_its_line_or_not(body, final):
    """annotate_document_claims does not ask _alone_on_line for such a sentence: is_claim's
    answer does not depend on it."""
    from source_stance.builder.annotate.claims import _FINAL
    from source_stance.builder.annotate.claims_kind import is_claim

    assert final in _FINAL
    for sentence in (body + final, "Northland has many cities" + body + final):
        assert is_claim(sentence, True) == is_claim(sentence, False)
