"""The public API annotates with the build's code path: same sentences, same labels."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from source_stance.builder.api import ClaimAnnotator, annotate_sentence, annotate_text
from source_stance.schema.claims import CLAIM_COLUMNS

CORPUS = (
    "name: api-test\nversion: 0.1.0\nsides:\n  - id: side_a\n    description: A.\n  - id: side_b\n    description: B.\n"
    "gazetteer: gazetteer.yaml\nframing_lexicon: lexicon.yaml\n"
)
TEXT = (
    "Officials in Northland said on Monday that 14 people were injured in the clashes near Upper Vale.\n\n"
    "The council issued a statement. The statement reads:\n\n"
    '"The occupation must end. We will not accept any delay.\n\n'
    'We call on the United Nations to act."\n\n'
    "According to Mara Lind, the talks will resume next week. Will they?\n"
)


def _raw(tmp_path, make_corpus):
    raw = make_corpus(tmp_path / "raw", {"report.txt": TEXT}, corpus_yaml=CORPUS)
    (raw / "gazetteer.yaml").write_text(
        yaml.safe_dump({"actors": [{"canonical": "Northland", "kind": "country"}, {"canonical": "United Nations", "kind": "organisation"},
                                   {"canonical": "Mara Lind", "kind": "person"}]}),
        encoding="utf-8",
    )
    (raw / "lexicon.yaml").write_text(
        yaml.safe_dump({"categories": {"place_name": "p", "loaded_characterisation": "l"}, "terms": [
            {"canonical": "Upper Vale", "category": "place_name", "vocabulary_of": "side_a"},
            {"canonical": "occupation", "category": "loaded_characterisation", "vocabulary_of": "side_b"}]}),
        encoding="utf-8",
    )
    return raw


def _plain(value):
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float):
        return None if value != value else round(value, 5)  # float32 columns
    return value


def test_api_and_build_agree_on_the_same_text(tmp_path, make_corpus):
    from source_stance.builder.pipeline import BuildOptions, run

    raw = _raw(tmp_path, make_corpus)
    built = [r for r in run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "out")).sentences if r["doc_id"] == "report"]
    doc_text = TEXT.rstrip("\n")  # the build's document text (cleaning trims the final newline)
    api = annotate_text(doc_text, config_dir=raw)
    assert [(a.char_start, a.char_end, a.text) for a in api] == [(r["char_start"], r["char_end"], r["text"]) for r in built]
    assert len(api) >= 7
    for a, r in zip(api, built):
        got = a.model_dump()
        for col in CLAIM_COLUMNS:
            if col == "speaker":
                continue  # the build passes the document's publisher/author as default speaker
            assert _plain(got[col]) == _plain(r[col]), (a.text, col)
    quoted = [a for a in api if a.text.startswith(('"The occupation', "We will not", "We call on"))]
    assert {(a.speaker, a.quote_type) for a in quoted} == {("council", "direct")}
    assert [t.vocabulary_of for a in api for t in a.framing_terms] == ["side_a", "side_b"]


def test_api_matches_a_release_loaded_with_pandas(tmp_path, make_corpus):
    from source_stance.builder.cli import main

    raw = _raw(tmp_path, make_corpus)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 0
    files = list((tmp_path / "out").glob("*/data/sentences/*.parquet"))
    df = pd.concat([pd.read_parquet(f) for f in files]).sort_values("index")
    api = annotate_text(TEXT.rstrip("\n"), config_dir=raw)
    assert df["text"].tolist() == [a.text for a in api]
    assert df["is_claim"].tolist() == [a.is_claim for a in api]


def test_annotate_sentence_and_default_speaker():
    s = annotate_sentence("Prices rose by 12 percent last year.", default_speaker="Daily Courier")
    assert (s.claim_kind, s.speaker, s.speaker_kind, s.char_start) == ("statistical", "Daily Courier", "author", 0)
    assert [q.value for q in s.quantities] == [12.0]
    q = annotate_sentence("  Is this a claim?  ")
    assert (q.is_claim, q.claim_kind, q.text, q.char_start) == (False, "none", "Is this a claim?", 2)
    with pytest.raises(ValueError, match="empty"):
        annotate_sentence("   ")


def test_annotator_reuse_and_no_config_gives_empty_span_lists():
    ann = ClaimAnnotator()
    (a,) = ann.annotate_text("The United Nations said the talks failed.")
    assert a.actors == [] and a.speaker == "United Nations" and a.attribution_cue == "said"
    assert ann.annotate_text("") == []
