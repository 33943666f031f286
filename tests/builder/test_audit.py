"""Leakage and shortcut audit: pure parts on inline data, then the seed release."""

import json
import random

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, strategies as st

from source_stance.builder.audit import (
    fingerprint,
    groups_across_splits,
    groups_in_several_splits,
    hashed_jaccard,
    jaccard,
    near_duplicates_across_splits,
    perspective_baselines,
    release_text_baseline,
    run_audit,
    shingles,
    shortcut_sentence,
)
from source_stance.builder.reading import Release, read_release

BASE = "the ministry said on tuesday that the talks on the border commission would continue next month in geneva"


def doc(doc_id, split, text, perspective="a", publisher=None, family=None):
    return {"doc_id": doc_id, "split": split, "text": text, "perspective": perspective, "publisher": publisher, "family_id": family or doc_id}


@given(st.text(max_size=200))
def test_jaccard_of_a_text_with_itself_is_one_or_empty(text):
    s = shingles(text)
    assert jaccard(s, s) == (1.0 if s else 0.0)


WORDS = st.lists(st.sampled_from(["the", "talks", "border", "said", "ministry", "Geneva", "on", "x1"]), max_size=30).map(" ".join)


@given(WORDS, WORDS)
def test_hashed_fingerprints_give_the_jaccard_of_the_shingles(a, b):
    (anchors_a, hashes_a), (_, hashes_b) = fingerprint(a), fingerprint(b)
    assert hashed_jaccard(hashes_a, hashes_b) == jaccard(shingles(a), shingles(b))
    assert len(hashes_a) == len(shingles(a)) and anchors_a == sorted(anchors_a)[:16]


def _reference_fingerprint(text):
    """fingerprint as first written: each shingle joined and encoded once per hash."""
    import hashlib

    import numpy as np

    from source_stance.builder.audit import _stable

    sh = shingles(text)
    anchors = sorted({_stable(s) for s in sh})[:16]
    digests = (int.from_bytes(hashlib.blake2b("\x1f".join(s).encode("utf-8"), digest_size=8).digest(), "little") for s in sh)
    return anchors, np.unique(np.fromiter(digests, dtype=np.uint64, count=len(sh)))


@given(st.one_of(WORDS, st.text(max_size=300)))
def test_fingerprint_equals_its_reference(text):
    anchors, hashes = fingerprint(text)
    ref_anchors, ref_hashes = _reference_fingerprint(text)
    assert anchors == ref_anchors and hashes.tolist() == ref_hashes.tolist()


def test_shingles_handle_short_and_empty_text():
    assert shingles("") == set()
    assert shingles("Two words") == {("two", "words")}


def test_near_duplicates_across_splits_only():
    docs = [
        doc("x1", "train", BASE),
        doc("x2", "test", BASE + " officials added"),
        doc("x3", "train", BASE + " officials said"),
        doc("y", "validation", "an unrelated text about rainfall and harvests across the northern valleys this spring"),
    ]
    pairs = near_duplicates_across_splits(docs)
    assert {(p["a"], p["b"]) for p in pairs} == {("x1", "x2"), ("x2", "x3")}
    assert all(p["split_a"] != p["split_b"] and p["jaccard"] >= 0.5 for p in pairs)


def test_groups_across_splits_normalises_names():
    docs = [doc("a", "train", "t", publisher="Daily  News"), doc("b", "test", "t", publisher="daily news"), doc("c", "test", "t", publisher="Other")]
    assert groups_across_splits(docs, "publisher") == {"daily news": ["test", "train"]}


def test_baselines_publisher_only_and_leave_one_out():
    docs = [
        doc("1", "train", "alpha beta", "a", "P"),
        doc("2", "train", "alpha gamma", "a", "P"),
        doc("3", "train", "delta epsilon", "b", "Q"),
        doc("4", "train", "delta zeta", "b", "Q"),
        doc("5", "test", "alpha beta beta", "a", "R"),
        doc("6", "validation", "delta delta", "b", None),
    ]
    b = perspective_baselines(docs)
    assert (b["n_train"], b["n_eval"]) == (4, 2)
    assert b["eval_publishers_seen_in_train"] == 0  # group-aware: held-out publishers are unseen
    assert b["publisher_only_accuracy"] == b["majority_accuracy"]
    assert b["text_nb_accuracy"] == 1.0
    assert (b["publisher_loo_n"], b["publisher_loo_accuracy"]) == (4, 1.0)
    sentence = shortcut_sentence({"perspective_baselines": b})
    assert "100.0% of the 4 documents whose publisher has other documents" in sentence
    assert "anecdotes" in sentence


def test_without_training_documents_the_baselines_say_so_and_no_naive_bayes_is_trained(seed_release):
    docs = [doc("5", "test", "alpha beta", "a", "R"), doc("6", "validation", "delta", "b", "Q")]
    b = perspective_baselines(docs)
    assert b["note"] == "no training documents" and "text_nb_accuracy" not in b
    rel = read_release(seed_release, sentences=False, documents=False)
    assert release_text_baseline(rel)  # the seeds have training documents
    counts = rel.document_stats.publisher_split_perspective
    for key in [k for k in counts if k[1] == "train"]:
        counts[key] = 0  # counted, but none: the same as absent
    assert release_text_baseline(rel) == {}


def test_seed_release_audit(seed_release):
    audit = json.loads((seed_release / "audit.json").read_text())
    assert audit["publishers_in_several_splits"] == {}
    assert audit["families_in_several_splits"] == {}
    assert audit["near_duplicates_across_splits"] == []
    b = audit["perspective_baselines"]
    manifest = json.loads((seed_release / "manifest.json").read_text())
    docs = manifest["row_counts"]["documents"]
    assert b["n_train"] == docs["train"] and b["n_eval"] == docs["validation"] + docs["test"]


# --- streamed audit of a release -------------------------------------------------------------------

def test_streamed_audit_equals_the_audit_of_the_rows(seed_release):
    lean = read_release(seed_release, sentences=False, documents=False)
    rows = read_release(seed_release, sentences=False).documents
    audit = run_audit(lean)
    assert audit["perspective_baselines"] == perspective_baselines(rows)
    assert "text_nb_sample" not in audit["perspective_baselines"]
    for key, name in (("publisher", "publishers"), ("family_id", "families"), ("near_duplicate_cluster", "near_duplicate_clusters")):
        assert audit[f"{name}_in_several_splits"] == groups_across_splits(rows, key)
    assert audit["near_duplicates_across_splits"] == near_duplicates_across_splits(rows)
    assert audit == json.loads((seed_release / "audit.json").read_text())


def test_streamed_sample_equals_the_in_memory_sample(seed_release):
    lean = read_release(seed_release, sentences=False, documents=False)
    rows = read_release(seed_release, sentences=False).documents
    b = run_audit(lean, train_max=2, eval_max=1)["perspective_baselines"]
    assert b == perspective_baselines(rows, train_max=2, eval_max=1)
    n_train = sum(1 for d in rows if d["split"] == "train" and d.get("text"))
    assert b["text_nb_sample"]["n_train"] == 2 and b["text_nb_sample"]["n_train_with_text"] == n_train


def test_streamed_sample_with_withheld_and_empty_texts_equals_the_in_memory_sample(seed_release, tmp_path):
    """Files whose statistics show a missing text are read with their texts (the others are not)."""
    import shutil

    from source_stance.builder.write import write_parquet

    release = tmp_path / seed_release.name
    shutil.copytree(seed_release, release)
    path = release / "data" / "documents" / "train-00000-of-00001.parquet"
    table = pq.read_table(path)
    texts = table["text"].to_pylist()
    texts[0], texts[-1] = None, ""
    i = table.schema.get_field_index("text")
    write_parquet(table.set_column(i, table.schema.field(i), pa.array(texts, pa.string())), path)
    lean = read_release(release, sentences=False, documents=False)
    rows = read_release(release, sentences=False).documents
    b = run_audit(lean, train_max=2, eval_max=1)["perspective_baselines"]
    assert b == perspective_baselines(rows, train_max=2, eval_max=1)
    assert b["text_nb_sample"]["n_train_with_text"] == sum(1 for d in rows if d["split"] == "train" and d.get("text"))


def labelled_docs(n):
    words_a, words_b = ["rain", "storm", "cloud", "wet"], ["sun", "heat", "dry", "dust"]
    docs = []
    for i in range(n):
        side = "a" if i % 3 else "b"
        vocab = words_a if side == "a" else words_b
        split = ("train", "train", "train", "validation", "test")[i % 5]
        docs.append(doc(f"d{i}", split, " ".join(vocab[(i + k) % 4] for k in range(6)), side, f"P{i % 4}"))
    return docs


def test_naive_bayes_sample_is_deterministic_and_reports_its_size():
    docs = labelled_docs(40)
    full = perspective_baselines(docs)
    assert "text_nb_sample" not in full
    b = perspective_baselines(docs, train_max=5, eval_max=3)
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    assert perspective_baselines(shuffled, train_max=5, eval_max=3) == b
    s = b["text_nb_sample"]
    n_train = sum(1 for d in docs if d["split"] == "train")
    n_eval = sum(1 for d in docs if d["split"] != "train")
    assert (s["n_train"], s["n_train_with_text"], s["n_eval"], s["n_eval_with_text"]) == (5, n_train, 3, n_eval)
    assert b["n_eval_with_text"] == n_eval
    # the counted baselines stay exact over every document
    for key in ("majority_accuracy", "publisher_only_accuracy", "publisher_loo_accuracy", "publisher_loo_n", "n_train", "n_eval"):
        assert b[key] == full[key]
    sentence = shortcut_sentence({"perspective_baselines": b})
    assert f"n=3; trained on a sample of 5 of {n_train}, scored on a sample of 3 of {n_eval}" in sentence


def test_groups_in_several_splits_match_the_python_normalisation(seed_release, tmp_path):
    vocabs = read_release(seed_release, sentences=False, documents=False).vocabs
    split_id = {s: i for i, s in enumerate(vocabs.split)}
    values = ["Daily  News", "daily news\t", "Straße", "STRASSE", "\x1cOne\x1f", "one", "", None, "Solo", " Ünï  Code", "ünï code", "x"]
    splits = ["train", "test", "train", "validation", "test", "train", "test", "validation", "train", "train", "validation", "train"]
    rows = [{"doc_id": str(i), "split": s, "publisher": v} for i, (v, s) in enumerate(zip(values, splits))]
    folder = tmp_path / "rel"
    (folder / "data" / "documents").mkdir(parents=True)
    for k, part in enumerate((rows[:5], rows[5:])):  # two files for some splits
        for s in ("train", "validation", "test"):
            mine = [r for r in part if r["split"] == s]
            table = pa.table(
                {
                    "doc_id": pa.array([r["doc_id"] for r in mine], pa.string()),
                    "split": pa.array([split_id[s] for r in mine], pa.int64()),
                    "publisher": pa.array([r["publisher"] for r in mine], pa.string()),
                }
            )
            pq.write_table(table, folder / "data" / "documents" / f"{s}-{k:05d}-of-00002.parquet")
    release = Release(folder, {}, vocabs)
    got = groups_in_several_splits(release, "publisher")
    assert got == groups_across_splits(rows, "publisher")
    assert set(got) == {"daily news", "strasse", "one", "ünï code"}
    assert groups_in_several_splits(release, "family_id") == {}
