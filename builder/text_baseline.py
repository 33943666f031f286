"""The audit's text baseline: a bag-of-words multinomial naive Bayes, and the words it counts.

:func:`words` is the tokenizer (``\\w+`` over the case-folded text, exactly); :class:`NaiveBayes` the
model; :func:`text_baseline` trains it on train and scores it on the held-out splits, on at most
``NB_TRAIN_MAX`` / ``NB_EVAL_MAX`` documents chosen by doc_id hash (:func:`choose`).  The audit
(:mod:`.audit`) streams a release's texts into it.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from typing import Any, Callable, Iterable, Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EVAL_SPLITS = ("validation", "test")
_WORD = re.compile(r"\w+", re.UNICODE)
#: Characters common in news text that are neither word characters nor cased: each splits words
#: exactly as a space does, so :func:`words` replaces them and many texts become ASCII.
SEPARATORS = "\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00ab\u00bb"
#: ASCII bytes -> themselves for ``[a-z0-9_]``, lower case for ``[A-Z]``, a space for the rest.
_ASCII_WORD_BYTES = bytes(
    b + 32 if 65 <= b <= 90 else b if (48 <= b <= 57 or 97 <= b <= 122 or b == 95) else 32 for b in range(256)
)


def _ascii_words(text: str) -> Optional[str]:
    """The words of ``text`` lower-cased and separated by spaces, if ``text`` is ASCII once its
    :data:`SEPARATORS` are spaces (case-folding ASCII is lower-casing it, and ``\\w`` in ASCII is
    ``[A-Za-z0-9_]``: a byte table does it); else None."""
    if not text.isascii():
        for c in SEPARATORS:
            if c in text:
                text = text.replace(c, " ")
        if not text.isascii():
            return None
    return text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii")


def words(text: str) -> list[str]:
    """``re.findall(r"\\w+", text.casefold())``, twice as fast on news text (see :func:`_ascii_words`)."""
    spaced = _ascii_words(text)
    return spaced.split() if spaced is not None else _WORD.findall(text.casefold())


def spaced_words(text: str) -> str:
    """:func:`words` joined by whitespace (none is a word character): for counting in Arrow."""
    spaced = _ascii_words(text)
    return spaced if spaced is not None else " ".join(_WORD.findall(text.casefold()))


#: The naive Bayes baseline trains on at most this many training documents and is scored on at
#: most this many held-out ones (its vocabulary grows with what it reads); above, a sample is
#: chosen by doc_id hash, and audit.json says so (``text_nb_sample``).
NB_TRAIN_MAX = 20_000
NB_EVAL_MAX = 5_000
SAMPLE_RULE = "the documents with the smallest crc32 of their doc_id, ties broken by doc_id"


class NaiveBayes:
    """Multinomial naive Bayes over word counts with add-one smoothing."""

    def __init__(self, texts: Iterable[str] = (), labels: Iterable[str] = ()):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.docs: Counter = Counter()
        self.fit(zip(texts, labels))

    def fit(self, pairs: Iterable[tuple[str, str]], batch: int = 2_000) -> "NaiveBayes":
        """Add ``(text, label)`` pairs (streamed: only the word counts are kept).  The words of up
        to ``batch`` texts of a label are counted at once, in Arrow (~40% faster than a Counter
        updated text by text, and the same counts)."""
        pending: dict[str, list[str]] = defaultdict(list)
        for text, label in pairs:
            self.docs[label] += 1
            texts = pending[label]
            texts.append(spaced_words(text))
            if len(texts) >= batch:
                self._count(label, texts)
                texts.clear()
        for label, texts in pending.items():
            if texts:
                self._count(label, texts)
        return self._derive()

    def _count(self, label: str, spaced: list[str]) -> None:
        """Add the words of texts given as :func:`spaced_words` to ``label``'s counts."""
        found = pc.value_counts(pc.list_flatten(pc.ascii_split_whitespace(pa.array(spaced, pa.string()))))
        counted = dict(zip(found.field(0).to_pylist(), found.field(1).to_pylist()))
        counted.pop("", None)  # what a leading or trailing space leaves: never a word
        self.counts[label].update(counted)

    def _derive(self) -> "NaiveBayes":
        """What prediction needs from the counts (after each fit)."""
        self.vocab = set().union(*self.counts.values()) if self.counts else set()
        self.totals = {c: sum(v.values()) for c, v in self.counts.items()}
        self.n = sum(self.docs.values())
        # log-probabilities of the words met so far (log_probs_of): a column per word, an array per label
        self._column: dict[str, int] = {}
        self._arrays: dict[str, np.ndarray] = {c: np.empty(0) for c in self.docs}
        return self

    def log_probs_of(self, tokens: Iterable[str]) -> tuple[dict[str, int], dict[str, np.ndarray]]:
        """``(column of each word, per label an array of log-probabilities by column)``, holding at
        least ``tokens`` (vocabulary words): each word's smoothed log-probability is computed once
        per fit, on first use (a held-out set meets a small part of the vocabulary)."""
        new = set(tokens).difference(self._column)
        if new:
            new_words = sorted(new)
            v = len(self.vocab) or 1
            first, end = len(self._column), len(self._column) + len(new_words)
            self._column.update(zip(new_words, range(first, end)))
            for c, array in self._arrays.items():
                counts, denominator = self.counts[c], self.totals[c] + v
                if len(array) < end:  # grown by doubling: amortised O(1) per word
                    array = self._arrays[c] = np.concatenate([array[:first], np.empty(max(first, end - first))])
                array[first:end] = [math.log((counts[w] + 1) / denominator) for w in new_words]
        return self._column, self._arrays

    def predict(self, text: str) -> Optional[str]:
        if not self.n:
            return None
        tokens = [w for w in words(text) if w in self.vocab]
        column, arrays = self.log_probs_of(tokens)
        columns = np.fromiter(map(column.__getitem__, tokens), dtype=np.intp, count=len(tokens))

        def score(c: str) -> float:
            # the token log-probabilities added one by one in token order, as the formula is
            # written: a running sum (not numpy's pairwise one), so also the same on every Python
            # (whose sum() of floats compensates rounding since 3.12)
            total = float(np.cumsum(arrays[c][columns])[-1]) if len(columns) else 0.0
            return math.log(self.docs[c] / self.n) + total

        return max(sorted(self.docs), key=score)


def ratio(hits: int, n: int) -> Optional[float]:
    """``hits / n`` rounded to 4 places; None without a sample."""
    return round(hits / n, 4) if n else None



def choose(ids: Iterable[str], limit: int) -> tuple[Optional[set[str]], int]:
    """``(None, n)`` if the ``n`` ids are at most ``limit``, else ``(the limit ids of SAMPLE_RULE, n)``;
    the same ids whatever their order."""
    kept: list[tuple[int, str]] = []
    n = 0
    for doc_id in ids:
        n += 1
        kept.append((zlib.crc32(doc_id.encode("utf-8")), doc_id))
        if len(kept) >= 2 * limit + 1024:
            kept = sorted(kept)[:limit]
    return (None, n) if n <= limit else ({d for _, d in sorted(kept)[:limit]}, n)


def sample_of(
    splits: tuple[str, ...], ids: Callable[[tuple[str, ...]], Iterable[str]], with_text: Callable[[tuple[str, ...]], int], limit: int
) -> tuple[Optional[set[str]], int]:
    """``(the documents of splits chosen, how many have a text)``: None (all) up to ``limit``."""
    n = with_text(splits)
    return (None, n) if n <= limit else choose(ids(splits), limit)


def text_baseline(
    ids: Callable[[tuple[str, ...]], Iterable[str]],
    texts: Callable[[tuple[str, ...], Optional[set[str]]], Iterable[tuple[str, str]]],
    with_text: Callable[[tuple[str, ...]], int],
    train_max: int = NB_TRAIN_MAX,
    eval_max: int = NB_EVAL_MAX,
) -> dict[str, Any]:
    """The naive Bayes baseline: trained on train, scored on the held-out splits, on at most
    ``train_max`` / ``eval_max`` documents with text (:func:`choose`).

    ``ids(splits)``: doc ids of the documents with text; ``texts(splits, chosen)``: their
    ``(text, label)`` pairs (all when ``chosen`` is None); ``with_text(splits)``: how many there are.
    """
    train_ids, n_train = sample_of(("train",), ids, with_text, train_max)
    nb = NaiveBayes().fit(texts(("train",), train_ids))
    eval_ids, n_eval = sample_of(EVAL_SPLITS, ids, with_text, eval_max)
    hits = scored = 0
    for text, label in texts(EVAL_SPLITS, eval_ids):
        scored += 1
        hits += nb.predict(text) == label
    out: dict[str, Any] = {"text_nb_accuracy": ratio(hits, scored), "n_eval_with_text": n_eval}
    if train_ids is not None or eval_ids is not None:
        out["text_nb_sample"] = {
            "n_train": nb.n,
            "n_train_with_text": n_train,
            "n_eval": scored,
            "n_eval_with_text": n_eval,
            "chosen": SAMPLE_RULE,
        }
    return out
