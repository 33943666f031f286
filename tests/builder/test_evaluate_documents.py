"""Evaluation of the document annotators against curated metadata (metadata hidden while labelling)."""

from __future__ import annotations

from pathlib import Path

import pytest

from source_stance.builder.annotate.resources import Registry
from source_stance.builder.errors import ConfigError
from source_stance.builder.evaluate_documents import (
    FROM_PUBLISHER,
    NONE,
    evaluate_documents,
    publisher_key,
    render_document_evaluation,
)
from source_stance.builder.pipeline import BuildOptions, run
from source_stance.schema.registry import Publisher

from .test_document_labels_e2e import TEXTS, write

META = """documents:
  - file: news.txt
    publisher: Globe Press
    perspective: neutral
    document_type: news_report
    language: en
  - file: blog.txt
    publisher: null
    publisher_kind: personal_blog
    document_type: opinion_analysis
  - file: statement.txt
    perspective: pro_south
"""


def test_publisher_key_normalises_names_and_registry_variants():
    reg = Registry.build((Publisher(id="gp", name="Globe Press", variants=("GP",), kind="unknown"),))
    assert publisher_key("GP", reg) == publisher_key(" globe press ", reg) == "registry:gp"
    assert publisher_key("The Daily  Lantern.", reg) == publisher_key("daily lantern", reg)
    assert publisher_key(None, reg) == publisher_key("  ", reg) == NONE


def test_scores_each_curated_label_against_the_hidden_build(tmp_path):
    raw = write(tmp_path / "raw", TEXTS)
    (raw / "metadata.yaml").write_text(META, encoding="utf-8")
    ev = evaluate_documents(raw)
    assert ev.n_documents == 3
    # a label is scored on exactly the documents whose curator set it
    assert ev.scores["publisher"].n == 2 and ev.scores["perspective"].n == 2
    assert ev.scores["document_type"].n == 2 and ev.scores["language"].n == 1 and ev.scores["publisher_kind"].n == 1
    assert ev.scores[FROM_PUBLISHER].n == 2
    for s in ev.scores.values():
        assert sum(map(sum, s.confusion)) == s.n
    # recount agreement from an independent hidden build
    hidden = {d["source_file"]: d for d in run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o", ignore_metadata=True)).documents}
    wrong = {(d.doc_id.split("/")[-1] + ".txt", d.label) for d in ev.disagreements}
    expected_wrong = set()
    for f, label, gold in (
        ("news.txt", "document_type", "news_report"),
        ("blog.txt", "document_type", "opinion_analysis"),
        ("news.txt", "perspective", "neutral"),
        ("statement.txt", "perspective", "pro_south"),
        ("news.txt", "language", "en"),
        ("blog.txt", "publisher_kind", "personal_blog"),
    ):
        if hidden[f][label] != gold:
            expected_wrong.add((f, label))
    assert {w for w in wrong if w[1] != "publisher"} == expected_wrong
    text = render_document_evaluation(ev, show_disagreements=True)
    assert "document_type (n=2)" in text and "metadata hidden" in text


def test_no_metadata_is_a_config_error(tmp_path):
    raw = write(tmp_path / "raw", TEXTS)
    with pytest.raises(ConfigError, match="no curated metadata"):
        evaluate_documents(raw)


def test_seed_corpus_evaluates(tmp_path):
    root = Path(__file__).resolve().parents[2]
    ev = evaluate_documents(root / "raw")
    assert ev.n_documents >= 1 and set(ev.scores) >= {"perspective", "document_type", "language"}


def test_cli_evaluate_documents(tmp_path, capsys):
    import json

    from source_stance.builder.cli import main

    raw = write(tmp_path / "raw", TEXTS)
    assert main(["evaluate", "--raw", str(raw), "--what", "documents"]) == 2  # nothing curated yet
    assert "no curated metadata" in capsys.readouterr().err
    (raw / "metadata.yaml").write_text(META, encoding="utf-8")
    out = tmp_path / "figures.json"
    assert main(["evaluate", "--raw", str(raw), "--what", "documents", "--json", str(out), "--show-disagreements"]) == 0
    printed = capsys.readouterr().out
    figures = json.loads(out.read_text())["documents"]
    assert figures["n_documents"] == 3
    for label, s in figures["scores"].items():
        assert f"{label} (n={s['n']})" in printed
