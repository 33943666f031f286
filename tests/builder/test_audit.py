"""Leakage and shortcut audit: pure parts on inline data, then the seed release."""

import json

from hypothesis import given, strategies as st

from source_stance.builder.audit import (
    NaiveBayes,
    groups_across_splits,
    jaccard,
    near_duplicates_across_splits,
    perspective_baselines,
    shingles,
    shortcut_sentence,
)

BASE = "the ministry said on tuesday that the talks on the border commission would continue next month in geneva"


def doc(doc_id, split, text, perspective="a", publisher=None, family=None):
    return {"doc_id": doc_id, "split": split, "text": text, "perspective": perspective, "publisher": publisher, "family_id": family or doc_id}


@given(st.text(max_size=200))
def test_jaccard_of_a_text_with_itself_is_one_or_empty(text):
    s = shingles(text)
    assert jaccard(s, s) == (1.0 if s else 0.0)


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


def test_naive_bayes_learns_words():
    nb = NaiveBayes(["rain cloud storm", "sun heat dry", "storm rain wet"], ["wet", "dry", "wet"])
    assert nb.predict("a storm with rain") == "wet"
    assert nb.predict("dry heat") == "dry"
    assert NaiveBayes([], []).predict("anything") is None


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


def test_seed_release_audit(seed_release):
    audit = json.loads((seed_release / "audit.json").read_text())
    assert audit["publishers_in_several_splits"] == {}
    assert audit["families_in_several_splits"] == {}
    assert audit["near_duplicates_across_splits"] == []
    b = audit["perspective_baselines"]
    manifest = json.loads((seed_release / "manifest.json").read_text())
    docs = manifest["row_counts"]["documents"]
    assert b["n_train"] == docs["train"] and b["n_eval"] == docs["validation"] + docs["test"]
