"""Release modes (full text, restricted texts withheld, --text-free) and the card's sections."""

import hashlib
import json

import pyarrow.parquet as pq
from hypothesis import given, settings, strategies as st

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


def _reference_withheld(folder, text_free):
    """withheld_documents as first written: one Python step per document."""
    import pyarrow.parquet as pq

    from source_stance.builder.release_files import data_files, features_metadata
    from source_stance.builder.release_extras import WITHHELD_RIGHTS

    out, names = [], None
    for paths in data_files(folder, "documents").values():
        for p in paths:
            t = pq.read_table(p, columns=["doc_id", "rights_status"])
            if names is None:
                names = features_metadata(pq.read_schema(p))["rights_status"]["names"]
            for doc_id, r in zip(t["doc_id"].to_pylist(), t["rights_status"].to_pylist()):
                if text_free or names[r] in WITHHELD_RIGHTS:
                    out.append(doc_id)
    return sorted(out)



@settings(max_examples=60, deadline=None)
@given(
    shards=st.lists(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 3)), max_size=6), min_size=1, max_size=3),
    text_free=st.booleans(),
)
def test_withheld_documents_equals_its_reference(tmp_path_factory, shards, text_free):
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from source_stance.builder.release_extras import withheld_documents

    folder = tmp_path_factory.mktemp("rel")
    (folder / "data" / "documents").mkdir(parents=True)
    names = ["open", "restricted", "unknown", "restricted_other"]
    meta = {b"huggingface": json.dumps({"info": {"features": {"rights_status": {"_type": "ClassLabel", "names": names}}}}).encode()}
    schema = pa.schema([("doc_id", pa.string()), ("rights_status", pa.int8())], metadata=meta)
    for k, rows in enumerate(shards):
        table = pa.table({"doc_id": [d for d, _ in rows], "rights_status": [r for _, r in rows]}, schema=schema)
        pq.write_table(table, folder / "data" / "documents" / f"train-{k:05d}-of-{len(shards):05d}.parquet")
    assert withheld_documents(folder, text_free) == _reference_withheld(folder, text_free)
