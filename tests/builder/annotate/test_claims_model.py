"""The model annotator loads a tiny locally created model and follows the rule core's interface."""

from __future__ import annotations

import pytest

from source_stance.builder.annotate import claims_quantities
from source_stance.builder.annotate.claims_resources import ClaimResources
from source_stance.builder.errors import ConfigError
from source_stance.builder.segment import sentence_spans
from source_stance.schema.claims import CLAIM_COLUMNS

transformers = pytest.importorskip("transformers")
torch = pytest.importorskip("torch")

LABELS = ["factual", "statistical", "evaluative", "prescriptive", "predictive", "non_claim"]


def make_model(tmp_path, labels=LABELS, name="tiny-claims"):
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "talks", "must", "resume", "will", "?", ".", "12", "people", "died"]
    d = tmp_path / name
    d.mkdir()
    (d / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16,
        max_position_embeddings=64, num_labels=len(labels),
        id2label=dict(enumerate(labels)), label2id={n: i for i, n in enumerate(labels)},
    )
    BertForSequenceClassification(config).save_pretrained(d)
    BertTokenizer(str(d / "vocab.txt")).save_pretrained(d)
    return d


def test_model_labels_rows_with_model_provenance(tmp_path):
    from source_stance.builder.annotate.claims_model import load_claim_model

    model = load_claim_model(make_model(tmp_path))
    assert model.annotator_id == "model:tiny-claims"
    text = "The talks must resume. 12 people died. Will the talks resume?"
    spans = sentence_spans(text)
    rows = model.annotate_document_claims(text, spans, ClaimResources.empty(), "Courier")
    assert len(rows) == 3
    preds = model.predict([text[s:e] for s, e in spans])
    for row, (kind, p, _name) in zip(rows, preds):
        assert tuple(row) == CLAIM_COLUMNS
        assert row["claim_kind"] == kind and row["is_claim"] == (kind != "none")
        assert row["claim_kind_source"] == "model" and row["is_claim_source"] == "model"
        assert row["claim_kind_annotator"] == "model:tiny-claims"
        assert 1 / len(LABELS) <= row["claim_kind_confidence"] <= 1.0
        assert row["claim_kind_confidence"] == pytest.approx(p)
        assert row["quantities_source"] == "rule"  # spans stay the rules'
    probs = model.predict(["the talks"])[0][1]
    assert 0 < probs <= 1


def test_stage_uses_model_when_given(tmp_path):
    from source_stance.builder.annotate.claims import ClaimStage
    from source_stance.schema.config import CorpusConfig

    cfg = CorpusConfig.model_validate({"name": "t", "version": "0.1.0", "sides": [{"id": "a", "description": "a"}]})
    stage = ClaimStage.setup(cfg, tmp_path, claim_model=make_model(tmp_path))
    (row,) = stage.columns("d", "The talks must resume.", [(0, 22)], None)
    assert row["claim_kind_source"] == "model"


def test_labels_that_are_not_claim_kinds_fail_at_load(tmp_path):
    from source_stance.builder.annotate.claims_model import load_claim_model

    d = make_model(tmp_path, labels=["POSITIVE", "NEGATIVE"], name="sentiment")
    with pytest.raises(ConfigError, match=r"model labels \['POSITIVE', 'NEGATIVE'\] are not claim kinds"):
        load_claim_model(d)


def test_directory_without_config_is_a_config_error(tmp_path):
    from source_stance.builder.annotate.claims_model import load_claim_model

    with pytest.raises(ConfigError, match="no config.json"):
        load_claim_model(tmp_path)


def test_build_with_claim_model_writes_model_labels(tmp_path, make_corpus):
    import pandas as pd

    from source_stance.builder.cli import main

    raw = make_corpus(tmp_path / "raw", {"a.txt": "The talks must resume. 12 people died. Will the talks resume?"})
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--claim-model", str(make_model(tmp_path))]) == 0
    files = list((tmp_path / "out").glob("*/data/sentences/*.parquet"))
    df = pd.concat([pd.read_parquet(f) for f in files])
    assert len(df) == 3
    assert set(df["claim_kind_annotator"]) == {"model:tiny-claims"}
    assert set(df["quantities_annotator"]) == {claims_quantities.ANNOTATOR}  # the rules still find the numbers


def test_evaluate_scores_the_model_when_given(tmp_path, make_corpus):
    import yaml

    from source_stance.builder.evaluate import evaluate_claims

    corpus = "name: m\nversion: 0.1.0\nsides:\n  - id: a\n    description: A.\nclaims_gold: gold.yaml\n"
    raw = make_corpus(tmp_path / "raw", {"d.txt": "The talks must resume. 12 people died."}, corpus_yaml=corpus)
    gold = {"curator": "curator:t", "documents": {"d": [
        {"text": "The talks must resume.", "is_claim": True, "claim_kind": "prescriptive"},
        {"text": "12 people died.", "is_claim": True, "claim_kind": "statistical"}]}}
    (raw / "gold.yaml").write_text(yaml.safe_dump(gold), encoding="utf-8")
    ev = evaluate_claims(raw, claim_model=make_model(tmp_path))
    assert ev.annotator == "model:tiny-claims" and ev.n_sentences == 2
