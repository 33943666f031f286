"""Versions, immutability, `diff` and CHANGELOG.md (builder/diff.py and the release hook)."""

import json

import pytest
from hypothesis import given, strategies as st

from source_stance.builder.cli import main
from source_stance.builder.diff import (
    ReleaseDiff,
    SchemaChange,
    bump_between,
    next_version,
    required_bump,
)

NEW_TEXT = "Officials met in Geneva on Tuesday to discuss the border commission.\n\nThe talks will continue next month, the ministry said.\n"


def set_version(raw, version):
    cfg = raw / "corpus.yaml"
    text = cfg.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("version:"))
    cfg.write_text(text.replace(old, f"version: {version}"), encoding="utf-8")


def build(raw, out):
    return main(["build", "--raw", str(raw), "--out", str(out), "--quiet"])


@pytest.mark.parametrize(
    "old,new,bump",
    [("0.1.0", "0.1.0", "none"), ("0.1.0", "0.1.1", "patch"), ("0.1.9", "0.2.0", "minor"), ("0.9.9", "1.0.0", "major"), ("1.2.0", "1.1.5", "downgrade")],
)
def test_bump_between(old, new, bump):
    assert bump_between(old, new) == bump


def test_next_version():
    assert [next_version("1.2.3", b) for b in ("patch", "minor", "major")] == ["1.2.4", "1.3.0", "2.0.0"]


def test_required_bump_follows_the_semver_rule():
    d = ReleaseDiff("a 1", "a 2")
    assert required_bump(d) == ("none", [])
    d.flips["documents.perspective"] = [("x", "a", "b")]
    assert required_bump(d)[0] == "patch"
    d.documents_added.append(("y", "train", "0" * 64))
    assert required_bump(d)[0] == "minor"
    d.schema.append(SchemaChange("documents", "new_col", "added", "field added", False))
    assert required_bump(d)[0] == "minor"
    d.moved.append(("documents", "z", "train", "test"))
    need, why = required_bump(d)
    assert need == "major" and any("moved split" in w for w in why)
    assert required_bump(ReleaseDiff("a", "b", documents_removed=[("q", "test", "1" * 64)]))[0] == "major"
    breaking = ReleaseDiff("a", "b", schema=[SchemaChange("sentences", "claim_kind", "labels_changed", "x", True)])
    assert required_bump(breaking)[0] == "major"


def test_adding_a_text_with_a_minor_bump_changelog_lists_exactly_that(raw_copy, tmp_path):
    out = tmp_path / "out"
    assert build(raw_copy, out) == 0
    (first,) = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert "First release" in (first / "CHANGELOG.md").read_text(encoding="utf-8")
    old_version = json.loads((first / "manifest.json").read_text())["version"]
    (raw_copy / "zz_added_text.txt").write_text(NEW_TEXT, encoding="utf-8")
    new_version = next_version(old_version, "minor")
    set_version(raw_copy, new_version)
    assert build(raw_copy, out) == 0
    second = out / first.name.replace(old_version, new_version)
    log = (second / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"Compared with {first.name.rsplit('-', 1)[0]} {old_version}" in log
    assert "| documents added | 1 |" in log
    assert "- `zz_added_text` (" in log
    for zero in ("documents removed", "documents whose text changed", "records that moved split", "label flips", "schema changes", "sentences removed"):
        assert f"| {zero} | 0 |" in log, zero
    assert log.count("\n## ") == 1  # one detail section: the added document
    manifest = json.loads((second / "manifest.json").read_text())
    assert manifest["previous_release"] == old_version and manifest["required_bump"] == "minor"


def test_rebuilding_a_version_with_changed_content_is_refused_identical_is_a_noop(make_corpus, tmp_path, capsys):
    raw = make_corpus(tmp_path / "raw", {"a.txt": "First text here. It says something.", "b.txt": "Second text. It says more."})
    out = tmp_path / "out"
    assert build(raw, out) == 0
    release = out / "test-corpus-0.1.0"
    before = {p.relative_to(release).as_posix(): p.read_bytes() for p in release.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert build(raw, out) == 0
    assert "unchanged (identical release exists)" in capsys.readouterr().out
    (raw / "c.txt").write_text("A third text. New content.", encoding="utf-8")
    assert build(raw, out) == 3
    err = capsys.readouterr().err
    assert "release test-corpus-0.1.0 already exists with different content" in err
    assert "bump `version` in corpus.yaml" in err
    after = {p.relative_to(release).as_posix(): p.read_bytes() for p in release.rglob("*") if p.is_file()}
    assert after == before


def test_a_bump_smaller_than_the_changes_need_is_refused(make_corpus, tmp_path, capsys):
    raw = make_corpus(tmp_path / "raw", {"a.txt": "First text here. It says something.", "b.txt": "Second text. It says more."})
    out = tmp_path / "out"
    assert build(raw, out) == 0
    (raw / "c.txt").write_text("A third text. New content.", encoding="utf-8")
    set_version(raw, "0.1.1")
    capsys.readouterr()
    assert build(raw, out) == 3
    err = capsys.readouterr().err
    assert "version 0.1.1 is a PATCH bump over 0.1.0, but the changes need MINOR: 1 document(s) added" in err
    assert "set `version: 0.2.0` in corpus.yaml" in err
    assert not (out / "test-corpus-0.1.1").exists()
    set_version(raw, "0.2.0")
    assert build(raw, out) == 0


def test_records_that_move_split_need_a_major_bump(make_corpus, tmp_path, capsys):
    texts = {f"t{i}.txt": f"Text number {i} says a thing. It is short." for i in range(8)}
    raw = make_corpus(tmp_path / "raw", texts)
    out = tmp_path / "out"
    assert build(raw, out) == 0
    cfg = raw / "corpus.yaml"
    cfg.write_text(cfg.read_text() + "splits:\n  train: 0.34\n  validation: 0.33\n  test: 0.33\n", encoding="utf-8")
    set_version(raw, "0.2.0")
    capsys.readouterr()
    assert build(raw, out) == 3
    err = capsys.readouterr().err
    assert "the changes need MAJOR" in err and "moved split" in err and "set `version: 1.0.0`" in err
    set_version(raw, "1.0.0")
    assert build(raw, out) == 0
    log = (out / "test-corpus-1.0.0" / "CHANGELOG.md").read_text()
    assert "## Records that moved split" in log


def test_diff_command_reports_label_flips_and_suggests_patch(make_corpus, tmp_path, capsys):
    meta = "documents:\n  - file: a.txt\n    perspective: side_a\n"
    raw = make_corpus(tmp_path / "raw", {"a.txt": "First text here. It says something.", "b.txt": "Second text. It says more."}, metadata=meta)
    out = tmp_path / "out"
    assert build(raw, out) == 0
    (raw / "metadata.yaml").write_text(meta.replace("side_a", "side_b"), encoding="utf-8")
    set_version(raw, "0.1.1")
    assert build(raw, out) == 0
    capsys.readouterr()
    assert main(["diff", str(out / "test-corpus-0.1.0"), str(out / "test-corpus-0.1.1")]) == 0
    text = capsys.readouterr().out
    assert "## Label flips: `documents.perspective` (1)" in text
    assert "- `a`: `side_a` -> `side_b`" in text
    assert "## Label flips: `sentences.document_perspective`" not in text  # not a label column of its own
    assert "suggested bump: PATCH -> 0.1.1" in text


def _release_dir(root, sides, extra_field=False):
    """A minimal folder with one documents and one sentences file written with the given sides."""
    from source_stance.builder.write import to_table, write_parquet
    from source_stance.schema.records import RECORD_TYPES
    from source_stance.schema.vocab import Vocabularies

    vocabs = Vocabularies.for_sides(sides)
    for config in ("documents", "sentences"):
        table = to_table([], RECORD_TYPES[config], vocabs)
        if extra_field and config == "documents":
            import pyarrow as pa

            table = table.append_column("added_col", pa.array([], pa.string()))
            meta = dict(table.schema.metadata)
            import json as _json

            feats = _json.loads(meta[b"huggingface"])
            feats["info"]["features"]["added_col"] = {"dtype": "string", "_type": "Value"}
            table = table.replace_schema_metadata({b"huggingface": _json.dumps(feats).encode()})
        write_parquet(table, root / "data" / config / "train-00000-of-00001.parquet")
    return root


def test_schema_changes_appended_names_added_fields_and_a_new_side(tmp_path):
    from source_stance.builder.diff import schema_changes

    base = _release_dir(tmp_path / "a", ["side_a", "side_b"])
    grown = _release_dir(tmp_path / "b", ["side_a", "side_b"], extra_field=True)
    changes = schema_changes(base, grown)
    assert [(c.config, c.column, c.change, c.breaking) for c in changes] == [("documents", "added_col", "added", False)]
    assert [(c.column, c.change, c.breaking) for c in schema_changes(grown, base)] == [("added_col", "removed", True)]
    # a new side is inserted before neutral/mixed/unknown: the integers of those labels change
    three = _release_dir(tmp_path / "c", ["side_a", "side_b", "side_c"])
    changes = schema_changes(base, three)
    assert {(c.column, c.change, c.breaking) for c in changes} == {
        ("perspective", "labels_changed", True),
        ("document_perspective", "labels_changed", True),
        *({("source_alignment", "labels_changed", True)} if any(c.column == "source_alignment" for c in changes) else set()),
    }


def test_diff_of_identical_releases_says_nothing_changed(seed_release, capsys):
    assert main(["diff", str(seed_release), str(seed_release)]) == 0
    out = capsys.readouterr().out
    assert "No record, label or schema changed." in out and "suggested bump: NONE" in out


_DOC = st.fixed_dictionaries(
    {
        "split": st.sampled_from(["train", "validation", "test"]),
        "text_sha256": st.sampled_from(["a" * 64, "b" * 64]),
        "perspective": st.sampled_from(["side_a", "side_b", "unknown"]),
        "perspective_source": st.sampled_from(["curated", "rule"]),
    }
)


@given(st.dictionaries(st.sampled_from("abcdefgh"), _DOC, max_size=8), st.dictionaries(st.sampled_from("abcdefgh"), _DOC, max_size=8))
def test_document_diff_properties(old_docs, new_docs):
    from pathlib import Path

    from source_stance.builder.diff import diff_releases
    from source_stance.builder.reading import Release
    from source_stance.schema.vocab import Vocabularies

    cols = ["doc_id", "split", "text_sha256", "perspective", "perspective_source"]

    def release(docs, version):
        rows = [dict(v, doc_id=k) for k, v in sorted(docs.items())]
        return Release(Path("/nonexistent"), {"dataset": "x", "version": version}, Vocabularies.for_sides(["side_a", "side_b"]), rows, [], {"documents": cols})

    a, b = release(old_docs, "1.0.0"), release(new_docs, "1.1.0")
    assert diff_releases(a, a).empty
    d = diff_releases(a, b)
    assert {k for k, _, _ in d.documents_added} == set(new_docs) - set(old_docs)
    assert {k for k, _, _ in d.documents_removed} == set(old_docs) - set(new_docs)
    common = set(old_docs) & set(new_docs)
    assert {k for _, k, _, _ in d.moved} == {k for k in common if old_docs[k]["split"] != new_docs[k]["split"]}
    flips = {k for k, _, _ in d.flips.get("documents.perspective", [])}
    assert flips == {k for k in common if old_docs[k]["perspective"] != new_docs[k]["perspective"]}
    need = required_bump(d)[0]
    assert (need == "major") == bool(d.moved or d.documents_removed)
    if need != "major":
        assert (need == "minor") == bool(d.documents_added or d.documents_changed)
