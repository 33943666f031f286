"""Leakage and shortcut audit of a release (``audit.json`` and the datasheet's audit section).

* **Disjointness**: no publisher, and no document family (post + comments), in two splits.
* **Near-duplicates across splits**: word 5-gram shingle Jaccard between documents of different
  splits (candidates found through a bottom-k sketch of each text's shingle hashes, so it is not
  quadratic); a ``near_duplicate_cluster`` column, when the release has one, is checked as well.
* **Shortcut baselines for perspective**: majority class, publisher-only (the publisher's majority
  perspective in train) and a bag-of-words multinomial naive Bayes on the text, trained on train and
  scored on validation + test; plus the leave-one-out accuracy of the publisher alone over
  documents whose publisher has other documents, which says how much of "perspective" is just the
  source regardless of the split.

Everything reports its sample size; with a handful of documents the figures are anecdotes.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from typing import Any, Iterable, Optional

from source_stance.builder.reading import Release

SHINGLE = 5
NEAR_DUPLICATE_JACCARD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)
#: Shingle hashes kept per document as index anchors (bottom-k sketch).
SKETCH = 16
EVAL_SPLITS = ("validation", "test")
#: An anchor shingle shared by more documents than this is boilerplate, not evidence of copying.
MAX_POSTINGS = 50
#: Above this many documents the shingle scan is left to the build's near-duplicate clusters.
MAX_SCAN_DOCUMENTS = 5_000


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE) -> set[tuple[str, ...]]:
    w = words(text)
    if len(w) < k:
        return {tuple(w)} if w else set()
    return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _stable(sh: tuple[str, ...]) -> int:
    """A hash that is the same in every process (unlike ``hash``), so the audit is deterministic."""
    return zlib.crc32("\x1f".join(sh).encode("utf-8"))


def near_duplicates_across_splits(docs: list[dict[str, Any]], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[dict[str, Any]]:
    """Pairs of documents in different splits whose texts have shingle Jaccard >= ``threshold``."""
    sets = {d["doc_id"]: shingles(d["text"]) for d in docs if d.get("text")}
    split = {d["doc_id"]: d["split"] for d in docs}
    index: dict[int, list[str]] = defaultdict(list)
    for doc_id in sorted(sets):
        # bottom-k sketch: two texts with Jaccard >= 0.5 almost surely share one of their k
        # smallest shingle hashes, so only documents sharing one are compared
        for h in sorted({_stable(s) for s in sets[doc_id]})[:SKETCH]:
            index[h].append(doc_id)
    candidates = set()
    for ids in index.values():
        if len(ids) > MAX_POSTINGS:  # boilerplate shared by many texts (datelines, sign-offs)
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if split[a] != split[b]:
                    candidates.add((a, b))
    out = []
    for a, b in sorted(candidates):
        j = jaccard(sets[a], sets[b])
        if j >= threshold:
            out.append({"a": a, "b": b, "split_a": split[a], "split_b": split[b], "jaccard": round(j, 4)})
    return out


def groups_across_splits(docs: list[dict[str, Any]], key: str) -> dict[str, list[str]]:
    by: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        value = d.get(key)
        if value:
            by[" ".join(str(value).casefold().split())].add(d["split"])
    return {k: sorted(v) for k, v in sorted(by.items()) if len(v) > 1}


# --- baselines -----------------------------------------------------------------------------------


class NaiveBayes:
    """Multinomial naive Bayes over word counts with add-one smoothing (a few lines, no deps)."""

    def __init__(self, texts: Iterable[str], labels: Iterable[str]):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.docs: Counter = Counter()
        for text, label in zip(texts, labels):
            self.counts[label].update(words(text))
            self.docs[label] += 1
        self.vocab = set().union(*self.counts.values()) if self.counts else set()
        self.totals = {c: sum(v.values()) for c, v in self.counts.items()}
        self.n = sum(self.docs.values())

    def predict(self, text: str) -> Optional[str]:
        if not self.n:
            return None
        tokens = [w for w in words(text) if w in self.vocab]
        v = len(self.vocab) or 1

        def score(c: str) -> float:
            return math.log(self.docs[c] / self.n) + sum(math.log((self.counts[c][w] + 1) / (self.totals[c] + v)) for w in tokens)

        return max(sorted(self.docs), key=score)


def _accuracy(pairs: list[tuple[Any, Any]]) -> Optional[float]:
    return round(sum(1 for p, g in pairs if p == g) / len(pairs), 4) if pairs else None


def perspective_baselines(docs: list[dict[str, Any]], target: str = "perspective") -> dict[str, Any]:
    train = [d for d in docs if d["split"] == "train"]
    held = [d for d in docs if d["split"] in EVAL_SPLITS]
    out: dict[str, Any] = {"target": target, "n_train": len(train), "n_eval": len(held), "eval_splits": list(EVAL_SPLITS)}
    if not train:
        return out | {"note": "no training documents"}
    majority = sorted(Counter(d[target] for d in train).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    by_pub: dict[str, Counter] = defaultdict(Counter)
    for d in train:
        if d.get("publisher"):
            by_pub[d["publisher"]][d[target]] += 1
    pub_major = {p: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for p, c in by_pub.items()}
    with_text = [d for d in train if d.get("text")]
    nb = NaiveBayes((d["text"] for d in with_text), (d[target] for d in with_text))
    held_text = [d for d in held if d.get("text")]
    out["majority_label"] = majority
    out["majority_accuracy"] = _accuracy([(majority, d[target]) for d in held])
    out["publisher_only_accuracy"] = _accuracy([(pub_major.get(d.get("publisher") or "", majority), d[target]) for d in held])
    out["eval_publishers_seen_in_train"] = sum(1 for d in held if d.get("publisher") in pub_major)
    out["text_nb_accuracy"] = _accuracy([(nb.predict(d["text"]), d[target]) for d in held_text])
    out["n_eval_with_text"] = len(held_text)
    # Leave-one-out over the whole release: how often a document's publisher (its other documents'
    # majority perspective) gives its perspective, whatever the split.
    by_all: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        if d.get("publisher"):
            by_all[d["publisher"]].append(d[target])
    loo = []
    for d in docs:
        others = list(by_all.get(d.get("publisher") or "", []))
        if len(others) < 2:
            continue
        others.remove(d[target])
        guess = sorted(Counter(others).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        loo.append((guess, d[target]))
    out["publisher_loo_n"] = len(loo)
    out["publisher_loo_accuracy"] = _accuracy(loo)
    return out


def run_audit(release: Release) -> dict[str, Any]:
    docs = release.documents
    audit: dict[str, Any] = {
        "n_documents": len(docs),
        "publishers_in_several_splits": groups_across_splits(docs, "publisher"),
        "families_in_several_splits": groups_across_splits(docs, "family_id"),
        "near_duplicate_threshold": NEAR_DUPLICATE_JACCARD,
        "near_duplicate_shingle_words": SHINGLE,
        "near_duplicates_across_splits": near_duplicates_across_splits(docs) if len(docs) <= MAX_SCAN_DOCUMENTS else [],
        "near_duplicate_scan": "shingle Jaccard" if len(docs) <= MAX_SCAN_DOCUMENTS else f"skipped above {MAX_SCAN_DOCUMENTS} documents",
        "n_documents_without_text": sum(1 for d in docs if not d.get("text")),
    }
    if release.has_column("documents", "near_duplicate_cluster"):
        audit["near_duplicate_clusters_in_several_splits"] = groups_across_splits(docs, "near_duplicate_cluster")
    audit["perspective_baselines"] = perspective_baselines(docs)
    return audit


def _pct(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def shortcut_sentence(audit: dict[str, Any]) -> str:
    """One plain sentence on how much of "perspective" is just the source."""
    b = audit["perspective_baselines"]
    if "majority_accuracy" not in b:
        return "No baseline could be trained: the release has no training documents."
    loo = (
        f"Within the release, a document's publisher alone gives its perspective for {_pct(b['publisher_loo_accuracy'])} of the "
        f"{b['publisher_loo_n']} documents whose publisher has other documents (leave-one-out): that much of "
        "\"perspective\" a model could read off the source under a split that mixes publishers, which the "
        "group-aware splits prevent."
        if b["publisher_loo_n"]
        else "No publisher has more than one document, so how much of perspective the publisher alone explains cannot be "
        "measured in this release."
    )
    return (
        f"On the {b['n_eval']} held-out document(s) (validation + test), the publisher-only baseline scores "
        f"{_pct(b['publisher_only_accuracy'])} ({b['eval_publishers_seen_in_train']} of them have a publisher seen in train; "
        f"the rest fall back to the majority label `{b['majority_label']}`, which alone scores {_pct(b['majority_accuracy'])}), "
        f"and a bag-of-words naive Bayes on the text scores {_pct(b['text_nb_accuracy'])} "
        f"(n={b['n_eval_with_text']}). {loo} With samples this size these figures are anecdotes, not estimates."
        if b["n_eval"] < 100
        else f"On the {b['n_eval']} held-out documents, the publisher-only baseline scores {_pct(b['publisher_only_accuracy'])}, "
        f"the majority label {_pct(b['majority_accuracy'])} and a bag-of-words naive Bayes {_pct(b['text_nb_accuracy'])}. {loo}"
    )
