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
Memory does not grow with the release: counts come from the streamed
:class:`~source_stance.builder.reading.DocumentStats`, the groups in several splits from Arrow over
two columns, the shingle scan reads texts only below ``MAX_SCAN_DOCUMENTS``, and the naive Bayes
reads at most ``NB_TRAIN_MAX`` + ``NB_EVAL_MAX`` texts, a sample chosen by doc_id hash that
``audit.json`` (``text_nb_sample``) and the datasheet report whenever it is not every document.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter, defaultdict
from typing import Any, Callable, Iterable, Iterator, Optional

import pyarrow as pa
import pyarrow.compute as pc

from source_stance.builder.reading import DistinctRows, Release, iter_document_batches, label_decoder, texts_all_set
from source_stance.builder.text_baseline import EVAL_SPLITS, NB_EVAL_MAX, NB_TRAIN_MAX, ratio, text_baseline, words

SHINGLE = 5
NEAR_DUPLICATE_JACCARD = 0.5
#: Shingle hashes kept per document as index anchors (bottom-k sketch).
SKETCH = 16
#: An anchor shingle shared by more documents than this is boilerplate, not evidence of copying.
MAX_POSTINGS = 50
#: Above this many documents the shingle scan is left to the build's near-duplicate clusters.
MAX_SCAN_DOCUMENTS = 5_000


def _text_if_needed(path: Any, columns: list[str]) -> list[str]:
    """The columns to read of a documents file for its ids with text: not ``text`` itself when the
    file's statistics show every text set."""
    return [c for c in columns if c != "text"] if texts_all_set(path) else columns


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


def fingerprint(text: str) -> tuple[list[int], Any]:
    """A text's anchors (its ``SKETCH`` smallest shingle crc32s) and its shingle set as a sorted
    array of 64-bit blake2b hashes: 8 bytes a shingle instead of a tuple of words (~20 times less),
    so the scan of ``MAX_SCAN_DOCUMENTS`` news-length texts holds ~30 MB, not ~600 MB.  Jaccard on
    the hashes equals Jaccard on the shingles unless two shingles share a 64-bit hash."""
    import numpy as np

    keys = ["\x1f".join(s).encode("utf-8") for s in shingles(text)]  # each shingle as _stable encodes it
    anchors = sorted(set(map(zlib.crc32, keys)))[:SKETCH]
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    digests = (from_bytes(blake2b(k, digest_size=8).digest(), "little") for k in keys)
    return anchors, np.unique(np.fromiter(digests, dtype=np.uint64, count=len(keys)))


def hashed_jaccard(a: Any, b: Any) -> float:
    import numpy as np

    inter = int(np.intersect1d(a, b, assume_unique=True).size)
    union = int(a.size) + int(b.size) - inter
    return inter / union if union else 0.0


def near_duplicates_across_splits(docs: Iterable[dict[str, Any]], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[dict[str, Any]]:
    """Pairs of documents in different splits whose texts have shingle Jaccard >= ``threshold``.

    ``docs`` may be a generator: each text is reduced to its :func:`fingerprint` as it comes."""
    prints: dict[str, tuple[list[int], Any]] = {}
    split: dict[str, str] = {}
    for d in docs:
        split[d["doc_id"]] = d["split"]
        if d.get("text"):
            prints[d["doc_id"]] = fingerprint(d["text"])
    index: dict[int, list[str]] = defaultdict(list)
    for doc_id in sorted(prints):
        # bottom-k sketch: two texts with Jaccard >= 0.5 almost surely share one of their k
        # smallest shingle hashes, so only documents sharing one are compared
        for h in prints[doc_id][0]:
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
        j = hashed_jaccard(prints[a][1], prints[b][1])
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


def groups_in_several_splits(release: Release, key: str) -> dict[str, list[str]]:
    """:func:`groups_across_splits` of the release's documents, with Arrow over two columns: the
    distinct (value, split) pairs (:class:`~source_stance.builder.reading.DistinctRows`, ~30 MB per
    million distinct values, e.g. family ids), names normalised in Arrow (ASCII values) or in Python
    (the few others: ``casefold`` differs from lower-casing there)."""
    return several_splits_by_key(release, [key])[key]


def several_splits_by_key(release: Release, keys: list[str]) -> dict[str, dict[str, list[str]]]:
    """:func:`groups_in_several_splits` for each of ``keys``, reading the documents files once."""
    distinct = {key: DistinctRows([key, "split"]) for key in keys}
    for t in iter_document_batches(release.path, [*keys, "split"]):
        for key in keys:
            if key in t.column_names:  # a file without the column has no value to count
                distinct[key].add(t)
    return {key: _several_splits(release, key, distinct[key].table()) for key in keys}


def _several_splits(release: Release, key: str, pairs: Optional[pa.Table]) -> dict[str, list[str]]:
    """The groups of ``pairs`` (distinct ``key``, ``split`` rows) found in more than one split."""
    if pairs is None:
        return {}
    value = pairs[key]
    pairs = pairs.filter(pc.invert(pc.fill_null(pc.or_kleene(pc.is_null(value), pc.equal(value, "")), True)))
    ascii_ = pc.fill_null(pc.string_is_ascii(pairs[key]), False)
    simple, other = pairs.filter(ascii_), pairs.filter(pc.invert(ascii_))
    # str.split() on ASCII text splits on these; casefold() of ASCII is lower()
    norm_simple = pc.utf8_trim(pc.replace_substring_regex(pc.ascii_lower(simple[key]), r"[\t\n\x0b\x0c\r\x1c-\x1f ]+", " "), " ")
    norm_other = pa.array([" ".join(str(v).casefold().split()) for v in other[key].to_pylist()], pa.string())
    keyed = pa.table(
        {
            "key": pa.chunked_array([norm_simple.combine_chunks().cast(pa.string()), norm_other]),
            "split": pa.chunked_array([simple["split"].combine_chunks(), other["split"].combine_chunks()]),
        }
    )
    n_splits = keyed.group_by("key", use_threads=False).aggregate([("split", "count_distinct")])
    several = n_splits.filter(pc.greater(n_splits["split_count_distinct"], 1))["key"]
    decode = label_decoder(release.vocabs)
    by: dict[str, set[str]] = defaultdict(set)
    for row in keyed.filter(pc.is_in(keyed["key"], value_set=several.combine_chunks())).to_pylist():
        by[row["key"]].add(decode("split", row["split"]))
    return {k: sorted(v) for k, v in sorted(by.items())}


# --- baselines -----------------------------------------------------------------------------------

def _accuracy(pairs: list[tuple[Any, Any]]) -> Optional[float]:
    return ratio(sum(1 for p, g in pairs if p == g), len(pairs))


def _top(c: Counter) -> Any:
    return sorted(((k, n) for k, n in c.items() if n > 0), key=lambda kv: (-kv[1], kv[0]))[0][0]


def has_training_documents(counts: Counter) -> bool:
    """Does ``counts[(publisher, split, label)]`` count any document of the train split?"""
    return any(n for (_, split, _), n in counts.items() if split == "train")


def counted_baselines(counts: Counter, target: str = "perspective") -> dict[str, Any]:
    """Majority, publisher-only and leave-one-out baselines from ``counts[(publisher, split,
    target label)]`` (documents counted, so exact over any number of them)."""
    train: Counter = Counter()
    by_pub: dict[str, Counter] = defaultdict(Counter)
    by_all: dict[str, Counter] = defaultdict(Counter)
    held = [(pub, label, n) for (pub, split, label), n in counts.items() if split in EVAL_SPLITS]
    for (pub, split, label), n in counts.items():
        if split == "train":
            train[label] += n
            if pub:
                by_pub[pub][label] += n
        if pub:
            by_all[pub][label] += n
    n_eval = sum(n for _, _, n in held)
    out: dict[str, Any] = {"target": target, "n_train": sum(train.values()), "n_eval": n_eval, "eval_splits": list(EVAL_SPLITS)}
    if not has_training_documents(counts):
        return out | {"note": "no training documents"}
    majority = _top(train)
    pub_major = {p: _top(c) for p, c in by_pub.items()}
    out["majority_label"] = majority
    out["majority_accuracy"] = ratio(sum(n for _, label, n in held if label == majority), n_eval)
    out["publisher_only_accuracy"] = ratio(sum(n for pub, label, n in held if pub_major.get(pub or "", majority) == label), n_eval)
    out["eval_publishers_seen_in_train"] = sum(n for pub, _, n in held if pub in pub_major)
    # Leave-one-out over the whole release: how often a document's publisher (its other documents'
    # majority perspective) gives its perspective, whatever the split.
    loo_n = loo_hits = 0
    for c in by_all.values():
        if sum(c.values()) < 2:
            continue
        for label, n in c.items():
            others = c.copy()
            others[label] -= 1
            loo_n += n
            loo_hits += n if _top(others) == label else 0
    out["publisher_loo_n"] = loo_n
    out["publisher_loo_accuracy"] = ratio(loo_hits, loo_n)
    return out


def perspective_baselines(
    docs: list[dict[str, Any]], target: str = "perspective", train_max: int = NB_TRAIN_MAX, eval_max: int = NB_EVAL_MAX
) -> dict[str, Any]:
    """Every baseline over documents held in memory (:func:`run_audit` streams a release instead)."""
    out = counted_baselines(Counter((d.get("publisher"), d["split"], d[target]) for d in docs), target)
    if "note" in out:
        return out
    texted = [d for d in docs if d.get("text")]
    return out | text_baseline(
        lambda splits: (d["doc_id"] for d in texted if d["split"] in splits),
        lambda splits, chosen: ((d["text"], d[target]) for d in texted if d["split"] in splits and (chosen is None or d["doc_id"] in chosen)),
        lambda splits: sum(1 for d in texted if d["split"] in splits),
        train_max,
        eval_max,
    )


def release_baselines(
    release: Release,
    target: str = "perspective",
    train_max: int = NB_TRAIN_MAX,
    eval_max: int = NB_EVAL_MAX,
    text_baseline_of: Optional[Callable[[], dict[str, Any]]] = None,
) -> dict[str, Any]:
    """:func:`perspective_baselines` of a release, streamed: the counted baselines from
    :class:`~source_stance.builder.reading.DocumentStats`, and :func:`release_text_baseline`
    (``text_baseline_of``: gives it computed elsewhere, e.g. in a publishing helper)."""
    if target != "perspective":
        raise ValueError("only the perspective baselines are gathered while streaming")
    out = counted_baselines(release.document_stats.publisher_split_perspective, target)
    text = release_text_baseline(release, target, train_max, eval_max) if text_baseline_of is None else text_baseline_of()
    return out if "note" in out else out | text


def release_text_baseline(release: Release, target: str = "perspective", train_max: int = NB_TRAIN_MAX, eval_max: int = NB_EVAL_MAX) -> dict[str, Any]:
    """The naive Bayes part of :func:`release_baselines`: texts read in batches (at most
    ``train_max`` + ``eval_max`` of them are used); empty without training documents."""
    ds = release.document_stats
    if not has_training_documents(ds.publisher_split_perspective):  # counted_baselines notes it
        return {}
    decode = label_decoder(release.vocabs)
    split_names = release.vocabs.split

    def batches(splits: tuple[str, ...], columns: list[str], need_text: bool = True) -> Iterable[pa.Table]:
        """Rows of ``splits`` with a text; ``need_text=False``: the ``text`` column may be left out
        of files whose statistics show every text set (:func:`texts_all_set`)."""
        wanted = pa.array([i for i, s in enumerate(split_names) if s in splits], pa.int64())
        for t in iter_document_batches(release.path, ["doc_id", "split", "text", *columns], splits, None if need_text else _text_if_needed):
            in_split = pc.is_in(t["split"].cast(pa.int64()), value_set=wanted)
            if "text" in t.column_names:
                text = t["text"]
                has_text = pc.invert(pc.fill_null(pc.or_kleene(pc.is_null(text), pc.equal(text, "")), True))
                in_split = pc.and_(has_text, in_split)
            yield t.filter(in_split)

    def ids(splits: tuple[str, ...]) -> Iterable[str]:
        for t in batches(splits, [], need_text=False):
            yield from t["doc_id"].to_pylist()

    def texts(splits: tuple[str, ...], chosen: Optional[set[str]]) -> Iterable[tuple[str, str]]:
        value_set = None if chosen is None else pa.array(sorted(chosen), pa.string())
        for t in batches(splits, [target]):
            if value_set is not None:
                t = t.filter(pc.is_in(t["doc_id"], value_set=value_set))
            for text, label in zip(t["text"].to_pylist(), t[target].to_pylist()):
                yield text, decode(target, label)

    return text_baseline(ids, texts, lambda splits: sum(ds.with_text_by_split.get(s, 0) for s in splits), train_max, eval_max)


def run_audit(
    release: Release,
    train_max: int = NB_TRAIN_MAX,
    eval_max: int = NB_EVAL_MAX,
    text_baseline_of: Optional[Callable[[], dict[str, Any]]] = None,
) -> dict[str, Any]:
    """The audit of a release read with or without its document rows: counts come from its
    :class:`~source_stance.builder.reading.DocumentStats`, texts are streamed.
    ``text_baseline_of``: gives :func:`release_text_baseline` computed elsewhere."""
    ds = release.document_stats
    scan = ds.n <= MAX_SCAN_DOCUMENTS
    keys = ["publisher", "family_id"] + (["near_duplicate_cluster"] if release.has_column("documents", "near_duplicate_cluster") else [])
    several = several_splits_by_key(release, keys)
    audit: dict[str, Any] = {
        "n_documents": ds.n,
        "publishers_in_several_splits": several["publisher"],
        "families_in_several_splits": several["family_id"],
        "near_duplicate_threshold": NEAR_DUPLICATE_JACCARD,
        "near_duplicate_shingle_words": SHINGLE,
        "near_duplicates_across_splits": near_duplicates_across_splits(_scan_rows(release)) if scan else [],
        "near_duplicate_scan": "shingle Jaccard" if scan else f"skipped above {MAX_SCAN_DOCUMENTS} documents",
        "n_documents_without_text": ds.without_text,
    }
    if "near_duplicate_cluster" in several:
        audit["near_duplicate_clusters_in_several_splits"] = several["near_duplicate_cluster"]
    audit["perspective_baselines"] = release_baselines(release, train_max=train_max, eval_max=eval_max, text_baseline_of=text_baseline_of)
    return audit


def _scan_rows(release: Release) -> Iterator[dict[str, Any]]:
    """doc_id, split and text of every document, streamed (only read below MAX_SCAN_DOCUMENTS)."""
    decode = label_decoder(release.vocabs)
    for t in iter_document_batches(release.path, ["doc_id", "split", "text"]):
        for d in t.to_pylist():
            d["split"] = decode("split", d["split"])
            yield d


def _pct(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def sample_sentence(sample: dict[str, Any]) -> str:
    """What the naive Bayes baseline was measured on, when it was a sample."""
    def part(n: int, of: int, what: str) -> str:
        return f"{n} of the {of} {what}" if n < of else f"all {n} {what}"

    return (
        f"The naive Bayes baseline was trained on {part(sample['n_train'], sample['n_train_with_text'], 'training documents with text')} "
        f"and scored on {part(sample['n_eval'], sample['n_eval_with_text'], 'held-out ones')}; a sample is "
        f"{sample['chosen']}. Its accuracy is measured on that sample, not on the whole release; the other baselines "
        "count every document."
    )


def _sample_note(sample: dict[str, Any]) -> str:
    parts = [f"trained on a sample of {sample['n_train']} of {sample['n_train_with_text']}"] if sample["n_train"] < sample["n_train_with_text"] else []
    if sample["n_eval"] < sample["n_eval_with_text"]:
        parts.append(f"scored on a sample of {sample['n_eval']} of {sample['n_eval_with_text']}")
    return ", ".join(parts)


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
    sample = b.get("text_nb_sample")
    nb_n = f"n={sample['n_eval'] if sample else b['n_eval_with_text']}" + (f"; {_sample_note(sample)}" if sample else "")
    nb_on = f" ({_sample_note(sample)})" if sample else ""
    return (
        f"On the {b['n_eval']} held-out document(s) (validation + test), the publisher-only baseline scores "
        f"{_pct(b['publisher_only_accuracy'])} ({b['eval_publishers_seen_in_train']} of them have a publisher seen in train; "
        f"the rest fall back to the majority label `{b['majority_label']}`, which alone scores {_pct(b['majority_accuracy'])}), "
        f"and a bag-of-words naive Bayes on the text scores {_pct(b['text_nb_accuracy'])} "
        f"({nb_n}). {loo} With samples this size these figures are anecdotes, not estimates."
        if b["n_eval"] < 100
        else f"On the {b['n_eval']} held-out documents, the publisher-only baseline scores {_pct(b['publisher_only_accuracy'])}, "
        f"the majority label {_pct(b['majority_accuracy'])} and a bag-of-words naive Bayes {_pct(b['text_nb_accuracy'])}{nb_on}. {loo}"
    )
