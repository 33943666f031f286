"""`evaluate` scores the rule annotator against curated gold; figures are measured, never stored."""

from __future__ import annotations

import yaml

from source_stance.builder.api import annotate_text
from source_stance.builder.cli import main
from source_stance.builder.evaluate import evaluate_claims, normalise_speaker, render_evaluation, speaker_key

CORPUS = (
    "name: eval-test\nversion: 0.1.0\nsides:\n  - id: side_a\n    description: A.\n  - id: side_b\n    description: B.\n"
    "claims_gold: gold.yaml\n"
)
TEXT = "The ministry said 12 people were injured.\nTalks must resume.\nWill the ceasefire hold?\nThe bridge reopened on Monday."


def _raw_with_gold(tmp_path, make_corpus, flip_index: int | None):
    raw = make_corpus(tmp_path / "raw", {"doc.txt": TEXT}, corpus_yaml=CORPUS)
    entries = []
    for i, a in enumerate(annotate_text(TEXT)):
        entry = {"text": a.text, "is_claim": a.is_claim, "claim_kind": a.claim_kind}
        if a.is_claim:
            entry.update(quote_type=a.quote_type, speaker_kind=a.speaker_kind)
            if a.speaker_kind == "named_source":
                entry["speaker"] = a.speaker
        if i == flip_index:  # the curator disagrees with the rules on this sentence
            entry = {"text": a.text, "is_claim": True, "claim_kind": "evaluative"} if not a.is_claim else {"text": a.text, "is_claim": False}
        entries.append(entry)
    (raw / "gold.yaml").write_text(yaml.safe_dump({"curator": "curator:test", "documents": {"doc": entries}}), encoding="utf-8")
    return raw, len(entries)


def test_full_agreement_scores_one(tmp_path, make_corpus):
    raw, n = _raw_with_gold(tmp_path, make_corpus, None)
    ev = evaluate_claims(raw)
    assert ev.n_sentences == n and ev.n_documents == 1
    for s in ev.scores.values():
        assert s.accuracy == 1.0
    assert ev.speaker.exact == ev.speaker.n > 0
    assert ev.disagreements == ()


def test_one_disagreement_is_counted(tmp_path, make_corpus):
    raw, n = _raw_with_gold(tmp_path, make_corpus, 2)
    ev = evaluate_claims(raw)
    assert ev.scores["is_claim"].accuracy == (n - 1) / n
    assert [d.index for d in ev.disagreements if d.label == "is_claim"] == [2]
    assert ev.to_dict()["scores"]["is_claim"]["n"] == n


def test_seed_evaluation_is_consistent_with_its_disagreements():
    ev = evaluate_claims()
    assert ev.n_documents == 7 and ev.n_sentences > 100
    for label, s in ev.scores.items():
        wrong = sum(1 for d in ev.disagreements if d.label == label)
        assert s.accuracy == (ev.n_sentences - wrong) / ev.n_sentences
    text = render_evaluation(ev)
    assert f"claim_kind (n={ev.n_sentences})" in text and "no inter-annotator agreement measured" in text


def test_cli_evaluate_prints_tables_and_writes_json(tmp_path, make_corpus, capsys):
    raw, _ = _raw_with_gold(tmp_path, make_corpus, 1)
    out = tmp_path / "scores.json"
    assert main(["evaluate", "--raw", str(raw), "--what", "claims", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "confusion (rows gold, columns predicted)" in printed
    assert "speaker on gold claims" in printed
    import json

    assert json.loads(out.read_text())["claims"]["n_sentences"] == 4


def test_cli_evaluate_without_gold_exits_2(tmp_path, make_corpus, capsys):
    raw = make_corpus(tmp_path / "raw", {"doc.txt": TEXT})
    assert main(["evaluate", "--raw", str(raw), "--what", "claims"]) == 2
    assert "no curated claim gold to evaluate against" in capsys.readouterr().err


def test_speaker_normalisation():
    assert normalise_speaker("The  Western Community,") == "western community"
    assert speaker_key("author", "Daily Courier") == "<author>"
    assert speaker_key("named_source", "the UN") == "un"
