"""A stale gold entry stops the build with the file and the entry; a missing one is reported."""

from __future__ import annotations

import yaml

from source_stance.builder.cli import main

GOLD = "annotations/claims_gold.yaml"


def _edit_gold(raw, change):
    path = raw / GOLD
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["documents"])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_entry_matching_no_sentence_fails_loudly(raw_copy, tmp_path, capsys):
    doc = sorted(yaml.safe_load((raw_copy / GOLD).read_text(encoding="utf-8"))["documents"])[0]
    _edit_gold(raw_copy, lambda docs: docs[doc].append({"text": "A sentence this document never had.", "is_claim": False}))
    code = main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{GOLD}: gold entry for '{doc}' matches no sentence: 'A sentence this document never had.'" in err
    assert not any((tmp_path / "out").glob("*/data"))


def test_sentences_without_gold_are_reported(raw_copy, tmp_path, capsys):
    holder = {}

    def drop_first(docs):
        doc = sorted(docs)[0]
        holder["doc"] = doc
        docs[doc] = docs[doc][1:]

    _edit_gold(raw_copy, drop_first)
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"1 sentence(s) of gold documents have no curated claim entry: {holder['doc']}[0]" in out

