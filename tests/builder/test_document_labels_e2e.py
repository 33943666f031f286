"""End to end: uncurated corpora build with automatic document labels and their provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from source_stance.builder.cli import main
from source_stance.builder.pipeline import BuildOptions, run

CORPUS = """name: e2e-docs
version: 0.1.0
language: en
publishers: publishers.yaml
sides:
  - id: pro_north
    description: Aligns with Northland.
    names: [Northland, Northlander, Northlanders]
  - id: pro_south
    description: Aligns with Southland.
    names: [Southland, Southlander, Southlanders]
"""

REGISTRY = """publishers:
  - id: north_wire
    name: NorthWire
    domains: [northwire.example]
    kind: state_media
    country: NL
    alignment: pro_north
    alignment_basis: ownership
    alignment_evidence: State news agency of Northland.
  - id: globe
    name: Globe Press
    domains: [globepress.example]
    kind: international_media
    alignment: neutral
    alignment_basis: no_tie
    alignment_evidence: International wire agency with no tie to either side.
"""

TEXTS = {
    "news.txt": "Talks resume in Geneva\n\nGENEVA, May 3 (Globe Press) - Delegations of Northland and Southland met on "
    "Tuesday. The Northland Foreign Ministry said the talks were useful. The Southland government said it would reply.",
    "blog.txt": "My week at the border\n\nI drove to the villages last week. I think the mood has changed, and my hosts agreed.\n\n"
    "Leave a Reply\n\n%d bloggers like this:",
    "statement.txt": "Statement of the Northlander Diaspora Council\n\nWe strongly condemn the Southland aggression and call on "
    "the international community to act. Our Northlander compatriots will not be silenced.",
    "plain.txt": "The market opened at nine and closed at five. Prices were stable.",
}


def write(raw: Path, files: dict[str, str], corpus: str = CORPUS) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "corpus.yaml").write_text(corpus, encoding="utf-8")
    (raw / "publishers.yaml").write_text(REGISTRY, encoding="utf-8")
    for name, text in files.items():
        (raw / name).write_text(text, encoding="utf-8")
    return raw


def documents(release: Path) -> list[dict]:
    rows = []
    for f in sorted((release / "data" / "documents").glob("*.parquet")):
        rows += pq.read_table(f).to_pylist()
    return rows


def build(raw: Path, out: Path, *extra: str) -> Path:
    assert main(["build", "--raw", str(raw), "--out", str(out), *extra]) == 0
    (release,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return release


def test_txt_folder_without_metadata_gets_every_document_label(tmp_path):
    raw = write(tmp_path / "raw", TEXTS)
    rows = documents(build(raw, tmp_path / "out"))
    assert {r["source_file"] for r in rows} == set(TEXTS)
    names = {"perspective": None}
    for r in rows:
        for label in ("publisher", "perspective", "document_type", "language", "publisher_kind", "source_alignment", "perspective_agreement"):
            src = r[f"{label}_source"]
            assert isinstance(src, int) or src in ("rule", "model", "none"), (label, src)
            assert r[f"{label}_annotator"] and 0.0 <= r[f"{label}_confidence"] <= 1.0
        assert r["language"] == "en"
    by = {r["source_file"]: r for r in _decoded(rows, tmp_path / "out")}
    assert by["news.txt"]["publisher"] == "Globe Press" and by["news.txt"]["publisher_source"] == "rule"
    assert by["news.txt"]["document_type"] == "news_report"
    assert by["blog.txt"]["document_type"] == "blog_post" and by["blog.txt"]["publisher_kind"] == "personal_blog"
    assert by["statement.txt"]["document_type"] == "official_statement"
    assert by["statement.txt"]["perspective"] == "pro_north" and by["statement.txt"]["perspective_agreement"] == "text_only"
    # nothing says who published the plain text: no value, source none, confidence 0
    plain = by["plain.txt"]
    assert (plain["publisher"], plain["publisher_source"], plain["publisher_confidence"]) == (None, "none", 0.0)
    for r in by.values():
        for label in ("perspective", "document_type"):
            if r[label] != "unknown":
                assert r[f"{label}_source"] == "rule" and r[f"{label}_confidence"] > 0 and r[f"{label}_evidence"]
        assert r["language_source"] == "model"
    del names


def _decoded(rows: list[dict], out: Path) -> list[dict]:
    """Label integers -> names, with the ClassLabel names the release embeds."""
    from datasets import load_dataset

    (release,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    ds = load_dataset(str(release), "documents")
    res = []
    for split in ds:
        feats = ds[split].features
        for r in ds[split]:
            res.append({k: (feats[k].int2str(v) if hasattr(feats[k], "int2str") and v is not None else v) for k, v in r.items()})
    assert len(res) == len(rows)
    return res


def test_jsonl_with_url_and_text_resolves_publishers_from_domains(tmp_path):
    rows = [
        {"id": "1", "url": "https://www.northwire.example/en/news/1", "text": "Northland marks the day. Officials said roads reopened."},
        {"id": "2", "url": "https://world.globepress.example/x", "text": "Delegations met in Geneva on Tuesday and agreed to meet again."},
        {"id": "3", "url": "https://unknown-site.example/a", "text": "A market opened in the capital on Monday morning."},
        {"id": "4", "url": "https://northwire.example/5"},
    ]
    raw = write(tmp_path / "raw", {})
    (raw / "crawl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "out"))
    by = {d["doc_id"]: d for d in out.documents}
    assert by["crawl/1"]["publisher"] == "NorthWire" and by["crawl/1"]["source_alignment"] == "pro_north"
    assert by["crawl/1"]["publisher_kind"] == "state_media"
    assert by["crawl/2"]["publisher"] == "Globe Press" and by["crawl/2"]["source_alignment"] == "neutral"
    assert by["crawl/3"]["publisher"] == "unknown-site.example" and by["crawl/3"]["source_alignment"] == "unknown"
    assert all(by[k]["url"] for k in by)
    (rej,) = out.rejects
    assert (rej.source_file, rej.source_row, rej.code) == ("crawl.jsonl", 3, "ingest.missing_text")
    # and it writes a release
    assert documents(build(raw, tmp_path / "rel"))


def test_cli_column_options_override_config(tmp_path):
    raw = write(tmp_path / "raw", {})
    (raw / "crawl.jsonl").write_text(json.dumps({"body": "Delegations met in Geneva on Tuesday.", "link": "https://globepress.example/1"}) + "\n")
    rows = documents(build(raw, tmp_path / "out", "--text-column", "body", "--url-column", "link"))
    assert len(rows) == 1 and rows[0]["publisher"] == "Globe Press" and rows[0]["url"] == "https://globepress.example/1"


RUSSIAN = "Министры иностранных дел двух стран встретились в четверг в Женеве, чтобы обсудить мирный договор и границу."


def test_other_language_is_rejected_or_kept_visibly(tmp_path):
    raw = write(tmp_path / "raw", {"ru.txt": RUSSIAN, "en.txt": TEXTS["plain.txt"]})
    out = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o1"))
    assert [d["source_file"] for d in out.documents] == ["en.txt"]
    (rej,) = out.rejects
    assert rej.code == "annotate.language_mismatch" and "'ru'" in rej.message and "other_languages: keep" in rej.message
    raw2 = write(tmp_path / "raw2", {"ru.txt": RUSSIAN}, CORPUS + "other_languages: keep\n")
    out = run(BuildOptions(raw_dir=raw2, out_dir=tmp_path / "o2"))
    (doc,) = out.documents
    assert (doc["language"], doc["language_source"]) == ("ru", "model") and not out.rejects


def test_curated_metadata_wins_and_is_marked_curated(tmp_path):
    raw = write(tmp_path / "raw", {"news.txt": TEXTS["news.txt"]})
    (raw / "metadata.yaml").write_text(
        "documents:\n  - file: news.txt\n    publisher: NorthWire\n    document_type: opinion_analysis\n    curator: t\n"
        "    rationale:\n      document_type: test\n",
        encoding="utf-8",
    )
    out = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o"))
    (d,) = out.documents
    assert (d["publisher"], d["publisher_source"]) == ("NorthWire", "curated")
    assert (d["document_type"], d["document_type_source"]) == ("opinion_analysis", "curated")
    # the curated publisher's registry entry feeds the alignment; the text itself reads neutral
    assert d["source_alignment"] == "pro_north" and d["perspective_source"] == "rule"
    hidden = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o2", ignore_metadata=True))
    (h,) = hidden.documents
    assert (h["publisher"], h["publisher_source"]) == ("Globe Press", "rule")


@pytest.mark.parametrize("bad", ["alignment: pro_west", "kind: tabloid"])
def test_bad_registry_is_a_config_error_naming_the_file(tmp_path, bad, capsys):
    raw = write(tmp_path / "raw", {"a.txt": "Some text here for the test."})
    key = bad.split(":")[0]
    text = REGISTRY.replace(f"{key}: {'pro_north' if key == 'alignment' else 'state_media'}", bad, 1)
    (raw / "publishers.yaml").write_text(text, encoding="utf-8")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "publishers.yaml" in err and bad.split(": ")[1] in err


def test_missing_lexicon_and_side_names_are_reported(tmp_path):
    corpus = "name: t\nversion: 0.1.0\nsides:\n  - id: a\n    description: A.\n  - id: b\n    description: B.\n"
    raw = write(tmp_path / "raw", {"a.txt": "Some text for the test, long enough."}, corpus)
    out = run(BuildOptions(raw_dir=raw, out_dir=tmp_path / "o"))
    assert any("framing lexicon" in w for w in out.warnings) and any("names" in w for w in out.warnings)
