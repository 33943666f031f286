"""The text baseline: the tokenizer against the regex it replaces, and the naive Bayes model."""

import math
import re
import zlib

from hypothesis import example, given, strategies as st

from source_stance.builder.text_baseline import SEPARATORS, NaiveBayes, choose, spaced_words, words


@given(st.text(alphabet=st.sampled_from(list("aZ9_ -.,'\"\n\t\x0b\x1cßİéŉΣ\u0130\u212a\ufb01") + list(SEPARATORS)), max_size=60) | st.text(max_size=60))
@example("Karabakh\u2019s “liberation” — 30\u00a0years…")
@example("STRASSE Straße \u212aelvin")
def test_words_are_the_regex_over_the_case_folded_text(text):
    assert words(text) == re.findall(r"\w+", text.casefold())
    assert spaced_words(text).split() == words(text)


def test_separators_split_words_as_a_space_does():
    for c in SEPARATORS:
        assert c.casefold() == c and re.match(r"\w", c) is None, repr(c)
    assert words("a\u2014b\u201cc\u201d") == ["a", "b", "c"]


def test_naive_bayes_learns_words():
    nb = NaiveBayes(["rain cloud storm", "sun heat dry", "storm rain wet"], ["wet", "dry", "wet"])
    assert nb.predict("a storm with rain") == "wet"
    assert nb.predict("dry heat") == "dry"
    assert NaiveBayes([], []).predict("anything") is None


def _reference_predict(nb, text):
    """The baseline's formula as first written (log-probabilities computed per token, per call)."""
    import math

    tokens = [w for w in words(text) if w in nb.vocab]
    v = len(nb.vocab) or 1

    def score(c):
        return math.log(nb.docs[c] / nb.n) + sum(math.log((nb.counts[c][w] + 1) / (nb.totals[c] + v)) for w in tokens)

    return max(sorted(nb.docs), key=score)


_NB_WORDS = st.sampled_from(["rain", "storm", "sun", "heat", "dry", "wet", "talks", "border", "the", "of"])


@given(
    train=st.lists(st.tuples(st.lists(_NB_WORDS, max_size=8).map(" ".join), st.sampled_from(["a", "b", "c"])), min_size=1, max_size=12),
    more=st.lists(st.tuples(st.lists(_NB_WORDS, max_size=8).map(" ".join), st.sampled_from(["a", "b", "d"])), max_size=4),
    probes=st.lists(st.lists(_NB_WORDS, max_size=10).map(" ".join), min_size=1, max_size=5),
)
def test_naive_bayes_predicts_exactly_as_its_formula_also_after_a_second_fit(train, more, probes):
    nb = NaiveBayes(*zip(*train))
    for text in probes:
        assert nb.predict(text) == _reference_predict(nb, text)
    nb.fit(more)  # a second fit must not reuse the first fit's log-probabilities
    for text in probes:
        assert nb.predict(text) == _reference_predict(nb, text)


def test_choose_takes_the_smallest_hashes_whatever_the_order():
    ids = [f"doc-{i}" for i in range(500)]
    expected = set(sorted(ids, key=lambda x: (zlib.crc32(x.encode()), x))[:7])
    assert choose(ids, 7) == (expected, 500)
    assert choose(reversed(ids), 7) == (expected, 500)
    assert choose(ids, 500) == (None, 500)


@given(
    train=st.lists(st.tuples(st.lists(_NB_WORDS, max_size=8).map(" ".join), st.sampled_from(["a", "b", "c"])), min_size=1, max_size=12),
    probes=st.lists(st.lists(_NB_WORDS, max_size=10).map(" ".join), min_size=1, max_size=5),
)
def test_log_probs_computed_on_demand_equal_the_whole_vocabulary_formula(train, probes):
    nb = NaiveBayes(*zip(*train))
    v = len(nb.vocab) or 1
    full = {c: {w: math.log((nb.counts[c][w] + 1) / (nb.totals[c] + v)) for w in nb.vocab} for c in nb.docs}
    for text in probes:
        tokens = [w for w in words(text) if w in nb.vocab]
        column, arrays = nb.log_probs_of(tokens)
        assert set(arrays) == set(full)
        assert all(arrays[c][column[w]] == full[c][w] for c in full for w in tokens)


@given(st.lists(st.tuples(st.text(max_size=40) | st.lists(_NB_WORDS, max_size=8).map(" ".join), st.sampled_from(["a", "b"])), max_size=12), st.integers(1, 5))
def test_counts_in_batches_are_the_words_counted_text_by_text(pairs, batch):
    from collections import Counter

    nb = NaiveBayes().fit(pairs, batch=batch)
    expected: dict = {}
    for text, label in pairs:
        expected.setdefault(label, Counter()).update(words(text))
    assert dict(nb.counts) == expected
    assert nb.docs == Counter(label for _, label in pairs)
