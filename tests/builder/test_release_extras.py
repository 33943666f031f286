"""Release modes (full text, restricted texts withheld, --text-free) and the card's sections."""

import hashlib
import json

import pyarrow.parquet as pq

from source_stance.builder.cli import main
from source_stance.builder.verify import verify_release

TEXTS = {"a.txt": "First text here. It says something.", "b.txt": "Second text. It says more.", "c.txt": "Third one. Short."}
CARD_SECTIONS = (
    "## Dataset Summary", "## Supported Tasks", "## Languages", "## Dataset Structure", "### Data Instances", "### Data Fields",
    "### Data Splits", "## Dataset Creation", "### Curation Rationale", "### Source Data", "### Annotations",
    "### Personal and Sensitive Information", "## Considerations for Using the Data", "### Social Impact of Dataset",
    "### Discussion of Biases", "### Other Known Limitations", "## Additional Information", "### Licensing Information",
    "### Citation Information",
)


def rows(release, config):
    return [r for p in sorted((release / "data" / config).glob("*.parquet")) for r in pq.read_table(p).to_pylist()]


def test_restricted_texts_are_withheld_with_offsets_and_hashes(make_corpus, tmp_path):
    meta = "documents:\n  - file: b.txt\n    rights_status: restricted\n"
    raw = make_corpus(tmp_path / "raw", TEXTS, metadata=meta)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    release = tmp_path / "out" / "test-corpus-0.1.0"
    mode = json.loads((release / "manifest.json").read_text())["release_mode"]
    assert mode["mode"] == "mixed" and mode["withheld_documents"] == ["b"]
    docs = {d["doc_id"]: d for d in rows(release, "documents")}
    assert docs["b"]["text"] is None and docs["b"]["text_sha256"] == hashlib.sha256(TEXTS["b.txt"].encode()).hexdigest()
    assert docs["a"]["text"] == TEXTS["a.txt"]
    sents = rows(release, "sentences")
    assert all((s["text"] is None) == (s["doc_id"] == "b") for s in sents)
    b0 = next(s for s in sents if s["doc_id"] == "b")
    assert hashlib.sha256(TEXTS["b.txt"][b0["char_start"] : b0["char_end"]].encode()).hexdigest() == b0["text_sha256"]
    assert verify_release(release) == []
    assert "texts withheld for 1 document(s)" in (release / "DATASHEET.md").read_text()


def test_text_free_release(make_corpus, tmp_path):
    raw = make_corpus(tmp_path / "raw", TEXTS)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet", "--text-free"]) == 0
    release = tmp_path / "out" / "test-corpus-0.1.0"
    mode = json.loads((release / "manifest.json").read_text())["release_mode"]
    assert mode["mode"] == "text_free" and mode["withheld_documents"] == ["a", "b", "c"]
    assert all(r["text"] is None for config in ("documents", "sentences") for r in rows(release, config))
    assert all(len(r["text_sha256"]) == 64 for r in rows(release, "sentences"))
    assert verify_release(release) == []


def test_card_has_the_hugging_face_sections_and_keeps_the_front_matter(seed_release):
    card = (seed_release / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "\nconfigs:\n" in card and "\ndataset_info:\n" in card
    positions = [card.index(s + "\n") for s in CARD_SECTIONS]
    assert positions == sorted(positions)
    assert "Perspective is not truth" in card
    assert "no inter-annotator agreement was measured" in card


def test_release_loads_with_datasets_after_the_card_rewrite(seed_release):
    from datasets import load_dataset

    ds = load_dataset(str(seed_release), "documents")
    manifest = json.loads((seed_release / "manifest.json").read_text())
    assert {s: ds[s].num_rows for s in ds} == manifest["row_counts"]["documents"]
    assert ds["train"].features["perspective"].names[-1] == "unknown"
