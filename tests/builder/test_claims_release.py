"""The seed release carries curated claim labels on every seed sentence, and the issue's cases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from source_stance.builder.api import annotate_text
from source_stance.builder.segment import sentence_spans

ROOT_RAW = Path(__file__).resolve().parents[2] / "raw"


@pytest.fixture(scope="module")
def sentences(seed_release) -> pd.DataFrame:
    files = sorted((seed_release / "data" / "sentences").glob("*.parquet"))
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def test_every_seed_sentence_is_curated(sentences):
    assert len(sentences) > 0
    for col in ("is_claim_source", "claim_kind_source", "attribution_source"):
        assert set(sentences[col]) == {0}, col  # label_source index 0 == "curated"
    assert set(sentences["claim_kind_annotator"]) == {"curator:ai-assistant"}


def test_seed_001_statement_sentences_are_the_communitys(sentences):
    doc = sentences[sentences.doc_id == "001_15007a863467a948"].sort_values("index")
    start = doc.index[doc.text == "The statement reads:"][0]
    quoted = doc.loc[start + 1 :]
    assert len(quoted) >= 8
    assert set(quoted.speaker) == {"Western Azerbaijan Community"}
    assert set(quoted.quote_type) == {0}  # direct


def test_seed_000_letter_sentences_are_the_councils(sentences):
    doc = sentences[sentences.doc_id == "000_47868d31a5d308dd"].sort_values("index")
    letter = doc[doc.text.str.startswith("The letter says") | (doc.speaker == "Coordination Council of Azerbaijanis in the United States")]
    assert len(letter) == 6
    assert letter.text.iloc[-1].endswith("discrimination.”")


def test_seed_004_statistical_sentence_has_three_quantities(sentences):
    (row,) = sentences[sentences.text.str.startswith("Despite restrictions on gatherings")].itertuples()
    assert row.claim_kind == 1  # statistical
    assert [(q["text"], q["value"], q["unit_or_counted"]) for q in row.quantities] == [
        ("71", 71.0, "events"), ("26", 26.0, "countries"), ("25,000", 25000.0, "people")]


def test_the_rules_alone_find_the_quoted_speakers_in_the_seeds():
    """Without gold, the rule annotator reaches the issue's attribution cases too."""
    text = (ROOT_RAW / "001_15007a863467a948.txt").read_text(encoding="utf-8")
    rows = annotate_text(text)
    after = [r for r in rows if r.char_start > text.index("The statement reads:") + 20]
    assert {r.speaker for r in after} == {"Western Azerbaijan Community"}
    text = (ROOT_RAW / "004_e27501f79a18ddc7.txt").read_text(encoding="utf-8")
    (row,) = [r for r in annotate_text(text) if r.text.startswith("Despite restrictions")]
    assert row.claim_kind == "statistical" and len(row.quantities) == 3
    assert len(sentence_spans(text)) == len(annotate_text(text))


def test_load_dataset_gives_claim_label_names(seed_release):
    import datasets

    ds = datasets.load_dataset(str(seed_release), "sentences")
    f = ds["train"].features
    assert f["claim_kind"].names[:5] == ["factual", "statistical", "evaluative", "prescriptive", "predictive"]
    assert f["speaker_kind"].names == ["author", "named_source", "unnamed_source", "none"]
    assert f["quote_type"].names == ["direct", "indirect", "none"]
